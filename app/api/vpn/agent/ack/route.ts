import { handleAgentRequest } from "@/lib/vpn/agent-api";

export const dynamic = "force-dynamic";

/** The agent confirms the serial and hash of the config it applied. */
export const POST = (request: Request) => handleAgentRequest("ack", request);
