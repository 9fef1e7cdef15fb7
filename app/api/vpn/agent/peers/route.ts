import { handleAgentRequest } from "@/lib/vpn/agent-api";

export const dynamic = "force-dynamic";

/** The agent's desired peer set (Bearer agent token; a token reads only its own server's peers). */
export const GET = (request: Request) => handleAgentRequest("peers", request);
