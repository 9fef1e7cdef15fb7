import "server-only";
/**
 * REST API v1 plumbing: every handler authenticates with a Bearer API token and declares the scope it needs.
 * Cookies are never accepted here, so there is nothing for CSRF to ride on.
 */
import { authenticateApiToken, type ApiScope } from "@/lib/auth/api-tokens";
import { serverEnv } from "@/lib/env";
import { toHttpResponse } from "@/lib/errors";
import { requestContextFromHeaders } from "@/lib/security/request-context";

export type ApiPrincipal = Awaited<ReturnType<typeof authenticateApiToken>>;

function clientIp(request: Request): string | null {
  return requestContextFromHeaders(request.headers, { trustedProxies: serverEnv().TRUSTED_PROXIES }).ip;
}

export function apiRoute(scope: ApiScope, handler: (principal: ApiPrincipal, request: Request) => Promise<unknown>) {
  return async (request: Request): Promise<Response> => {
    try {
      const principal = await authenticateApiToken(request.headers.get("authorization"), {
        ip: clientIp(request),
        requiredScope: scope,
      });
      const data = await handler(principal, request);
      return Response.json({ data }, { headers: { "cache-control": "no-store" } });
    } catch (error) {
      return toHttpResponse(error);
    }
  };
}
