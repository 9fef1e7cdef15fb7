import type { NextRequest } from "next/server";
import { handlers } from "@/lib/auth/next-auth";
import { serverEnv } from "@/lib/env";

/**
 * Auth.js builds OAuth redirect URIs from the request URL, which inside `next start` is the server's own view:
 * an internal address behind a proxy, and `localhost` for any loopback address (NextRequest normalises 127.0.0.1).
 * The provider must see one stable callback URL, so requests are re-based on APP_URL, the public origin. A plain
 * Request keeps the URL exactly as given (Auth.js only needs the standard Request interface).
 */
async function onPublicOrigin(req: NextRequest): Promise<NextRequest> {
  const publicOrigin = new URL(serverEnv().APP_URL).origin;
  const url = new URL(req.url);
  if (url.origin === publicOrigin && url.hostname !== "localhost") return req;
  const body = req.method === "GET" || req.method === "HEAD" ? undefined : await req.arrayBuffer();
  return new Request(`${publicOrigin}${url.pathname}${url.search}`, { method: req.method, headers: req.headers, body }) as NextRequest;
}

export const GET = async (req: NextRequest) => handlers.GET(await onPublicOrigin(req));
export const POST = async (req: NextRequest) => handlers.POST(await onPublicOrigin(req));
