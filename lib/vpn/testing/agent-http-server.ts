/**
 * Test-only stand-in for the app's agent routes: a node:http server that hands requests to
 * lib/vpn/agent-api.ts's handleAgentRequest, exactly as the Next route handlers will. Run directly
 * (`node --import tsx --conditions=react-server lib/vpn/testing/agent-http-server.ts`) it listens on
 * 127.0.0.1 (port 0 = any) and prints `LISTENING <port>`; used inside a network namespace by the tunnel test.
 */
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { pathToFileURL } from "node:url";
import { handleAgentRequest, type AgentRoute } from "../agent-api";

const ROUTES: Record<string, AgentRoute> = {
  "/api/vpn/agent/peers": "peers",
  "/api/vpn/agent/ack": "ack",
  "/api/vpn/agent/report": "report",
};

async function toRequest(req: IncomingMessage, base: string): Promise<Request> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const headers = new Headers();
  for (const [k, v] of Object.entries(req.headers)) if (typeof v === "string") headers.set(k, v);
  const body = chunks.length ? Buffer.concat(chunks) : undefined;
  return new Request(new URL(req.url ?? "/", base), { method: req.method, headers, body: req.method === "GET" || req.method === "HEAD" ? undefined : body });
}

export async function startAgentHttpServer(options: { host?: string; port?: number } = {}): Promise<{ url: string; server: Server; close: () => Promise<void> }> {
  const host = options.host ?? "127.0.0.1";
  const server = createServer(async (req, res) => {
    try {
      const route = ROUTES[new URL(req.url ?? "/", "http://x").pathname];
      const response = route ? await handleAgentRequest(route, await toRequest(req, `http://${host}`)) : Response.json({ error: "not found" }, { status: 404 });
      res.writeHead(response.status, Object.fromEntries(response.headers));
      res.end(Buffer.from(await response.arrayBuffer()));
    } catch (error) {
      res.writeHead(500).end(String(error));
    }
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, host, resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${host}:${port}`,
    server,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { url } = await startAgentHttpServer({ port: Number(process.argv[2] ?? 0) });
  process.stdout.write(`LISTENING ${new URL(url).port}\n`);
}
