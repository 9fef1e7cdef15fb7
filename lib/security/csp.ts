/**
 * Content-Security-Policy, two flavours chosen by route (imported by proxy.ts and next.config.ts, so no
 * `server-only` and no `@/` imports here).
 *
 * Why two: a nonce must be fresh per response, so a page carrying one can never be served from a cache. Next's
 * App Router also writes its RSC payload as inline <script> tags whose content changes with every revalidation,
 * so build-time hashes cannot cover them either (and Partial Prerendering is documented as incompatible with
 * nonces). We therefore:
 *
 * - keep the strict policy — per-request nonce + 'strict-dynamic', no 'unsafe-inline' — on everything behind a
 *   session or handling credentials and money: /portal, /admin, the sign-in family and checkout. Those routes are
 *   dynamic anyway (they read the session), so the nonce costs nothing there;
 * - serve the public storefront (home, pricing, products, locations, FAQ, CMS pages, blog) statically from the page
 *   cache with a policy that has no nonce: scripts only from our own origin plus inline scripts ('unsafe-inline' —
 *   the RSC payload). Those pages render no request input at all (no query string or cookie reaches their HTML:
 *   they are cached, identical for every visitor), their data is escaped by React and CMS Markdown is sanitized
 *   server-side, so the injection surface 'unsafe-inline' would matter for is not there. Everything else stays
 *   locked: no plugins/objects, no foreign scripts, styles, fonts, frames or form targets, no framing, base-uri self.
 *
 * The theme bootstrap script in app/layout.tsx is allowed on strict pages by its hash (it is a constant), so the
 * root layout does not need to read the nonce — reading it would make every page dynamic.
 */
import { createHash } from "node:crypto";
import { themeInitScript } from "../../components/ui/theme-script";

export const THEME_SCRIPT_HASH = `'sha256-${createHash("sha256").update(themeInitScript).digest("base64")}'`;

/** Route prefixes that get the strict nonce policy. Each of them renders dynamically (see the comment above). */
export const STRICT_CSP_PREFIXES = [
  "/portal",
  "/admin",
  "/sign-in",
  "/sign-up",
  "/sign-out",
  "/verify",
  "/forgot-password",
  "/reset-password",
  "/checkout",
] as const;

export function needsStrictCsp(pathname: string): boolean {
  return STRICT_CSP_PREFIXES.some((prefix) => pathname === prefix || pathname.startsWith(`${prefix}/`));
}

function policy(scriptSrc: string, production: boolean): string {
  return [
    "default-src 'self'",
    scriptSrc,
    // Style attributes (React style props) and the theme <style> need 'unsafe-inline'; styles cannot run code.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' blob: data:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    ...(production ? ["upgrade-insecure-requests"] : []),
  ].join("; ");
}

/** Strict: only scripts carrying this response's nonce (and what they load), plus the theme script by hash. */
export function strictContentSecurityPolicy(nonce: string, production: boolean): string {
  // 'strict-dynamic' lets Next's nonce'd bootstrap load its chunks; nothing else runs.
  return policy(`script-src 'self' 'nonce-${nonce}' ${THEME_SCRIPT_HASH} 'strict-dynamic'${production ? "" : " 'unsafe-eval'"}`, production);
}

/** Public, cacheable pages: same-origin scripts and the inline RSC payload; nothing from elsewhere. */
export function publicContentSecurityPolicy(production: boolean): string {
  return policy(`script-src 'self' 'unsafe-inline'${production ? "" : " 'unsafe-eval'"}`, production);
}
