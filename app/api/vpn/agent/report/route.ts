import { handleAgentRequest } from "@/lib/vpn/agent-api";

export const dynamic = "force-dynamic";

/** The agent's `wg show dump`: handshakes and transfer counters become device status, usage and server health. */
export const POST = (request: Request) => handleAgentRequest("report", request);
