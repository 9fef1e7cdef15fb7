/**
 * Runs before the session-bound areas only (see `config.matcher`): a fresh CSP nonce per request and an optimistic
 * redirect to sign-in for /portal and /admin when there is no session cookie at all. It is never the only gate:
 * every page, action and route checks the session itself (lib/auth/guards.ts).
 *
 * Public pages do not pass through here: they are served from the page cache with the nonce-free policy and the
 * other security headers set in next.config.ts. lib/security/csp.ts explains the split.
 */
import { NextResponse, type NextRequest } from "next/server";
import { isProduction } from "@/lib/env";
import { needsStrictCsp, strictContentSecurityPolicy } from "@/lib/security/csp";

const SESSION_COOKIES = ["authjs.session-token", "__Secure-authjs.session-token"];

/** Kept for callers of the old name: the strict policy. */
export const contentSecurityPolicy = strictContentSecurityPolicy;

export function proxy(request: NextRequest) {
  const { pathname, search } = request.nextUrl;
  const restricted = pathname === "/portal" || pathname.startsWith("/portal/") || pathname === "/admin" || pathname.startsWith("/admin/");
  if (restricted && !SESSION_COOKIES.some((name) => request.cookies.has(name))) {
    const url = request.nextUrl.clone();
    url.pathname = "/sign-in";
    url.search = `?next=${encodeURIComponent(pathname + search)}`;
    return NextResponse.redirect(url);
  }

  const requestHeaders = new Headers(request.headers);
  requestHeaders.set("x-skyport-path", pathname + search);
  if (!needsStrictCsp(pathname)) return NextResponse.next({ request: { headers: requestHeaders } });

  const nonce = Buffer.from(crypto.randomUUID()).toString("base64");
  const csp = strictContentSecurityPolicy(nonce, isProduction());
  requestHeaders.set("x-nonce", nonce);
  // Next reads the nonce from the request's CSP header and puts it on its own scripts.
  requestHeaders.set("content-security-policy", csp);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set("content-security-policy", csp);
  return response;
}

export const config = {
  matcher: [
    {
      source:
        "/(portal|admin|sign-in|sign-up|sign-out|verify|forgot-password|reset-password|checkout)(/.*)?",
      missing: [
        { type: "header", key: "next-router-prefetch" },
        { type: "header", key: "purpose", value: "prefetch" },
      ],
    },
  ],
};
