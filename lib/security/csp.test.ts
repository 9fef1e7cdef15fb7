import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { themeInitScript } from "@/components/ui/theme-script";
import { needsStrictCsp, publicContentSecurityPolicy, strictContentSecurityPolicy, THEME_SCRIPT_HASH } from "./csp";

describe("content security policy", () => {
  it("uses the strict nonce policy on session-bound and credential pages only", () => {
    for (const path of ["/portal", "/portal/devices", "/admin", "/admin/appearance", "/sign-in", "/sign-up", "/verify", "/reset-password", "/forgot-password", "/checkout"]) {
      expect(needsStrictCsp(path), path).toBe(true);
    }
    for (const path of ["/", "/pricing", "/faq", "/blog/post", "/portals", "/administrator", "/about"]) {
      expect(needsStrictCsp(path), path).toBe(false);
    }
  });

  it("strict: nonce + strict-dynamic + the theme script's hash, no unsafe-inline for scripts", () => {
    const csp = strictContentSecurityPolicy("abc123", true);
    const scriptSrc = csp.split("; ").find((d) => d.startsWith("script-src"))!;
    expect(scriptSrc).toBe(`script-src 'self' 'nonce-abc123' ${THEME_SCRIPT_HASH} 'strict-dynamic'`);
    expect(THEME_SCRIPT_HASH).toBe(`'sha256-${createHash("sha256").update(themeInitScript).digest("base64")}'`);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("object-src 'none'");
  });

  it("public: same-origin and inline scripts only (no hash or nonce, which would switch unsafe-inline off), same lockdown otherwise", () => {
    const csp = publicContentSecurityPolicy(true);
    const scriptSrc = csp.split("; ").find((d) => d.startsWith("script-src"))!;
    expect(scriptSrc).toBe("script-src 'self' 'unsafe-inline'");
    for (const directive of ["default-src 'self'", "object-src 'none'", "base-uri 'self'", "form-action 'self'", "frame-ancestors 'none'", "upgrade-insecure-requests"]) {
      expect(csp).toContain(directive);
    }
  });
});
