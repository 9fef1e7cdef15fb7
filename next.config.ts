import path from "node:path";
import type { NextConfig } from "next";
import { publicContentSecurityPolicy, STRICT_CSP_PREFIXES } from "./lib/security/csp";

const production = process.env.NODE_ENV === "production";

// On every response (pages, API, static files).
const securityHeaders = [
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
  { key: "X-Frame-Options", value: "DENY" },
  { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=(), payment=(self)" },
  ...(production ? [{ key: "Strict-Transport-Security", value: "max-age=63072000; includeSubDomains" }] : []),
];

// Every path outside the strict areas gets the nonce-free policy here; proxy.ts sets the nonce policy on the
// strict ones (lib/security/csp.ts explains the split).
const strictAreas = STRICT_CSP_PREFIXES.map((p) => p.slice(1)).join("|");
const publicPaths = `/((?!(?:${strictAreas})(?:/|$)).*)`;

const nextConfig: NextConfig = {
  // Lets several builds (e.g. parallel test runs) live side by side; `next start` must see the same value.
  distDir: process.env.NEXT_DIST_DIR || ".next",
  poweredByHeader: false,
  // `npm test` type-checks the whole tree (tests included) with `tsc --noEmit` as its first step.
  typescript: { ignoreBuildErrors: true },
  // forbidden() renders app/forbidden.tsx with a 403 for staff without a permission.
  // Not `inlineCss`: measured with bench/site.ts it doubled the HTML (the CSS is inlined and repeated in the RSC
  // payload) for no LCP gain distinguishable from noise, and it defeats caching the one stylesheet across pages.
  // Server actions take ticket attachments (lib/support/attachments.ts: 10 MB per message) besides the form.
  experimental: { authInterrupts: true, serverActions: { bodySizeLimit: "11mb" } },
  // Native modules and the libSQL client stay outside the server bundle.
  serverExternalPackages: ["@libsql/client", "libsql", "@node-rs/argon2", "nodemailer", "pdfkit"],
  // Migrations are read from disk at run time by the migrator and the health check.
  outputFileTracingIncludes: { "/*": ["./drizzle/**/*"] },
  // Public pages are cached in memory and rendered from the real databases on first request (build-time
  // prerenders only hold placeholders: builds run without databases). See the handler's header comment.
  cacheHandler: path.join(process.cwd(), "lib/site/page-cache-handler.mjs"),
  cacheMaxMemorySize: 0,
  images: { formats: ["image/avif", "image/webp"] },
  async headers() {
    return [
      { source: "/:path*", headers: securityHeaders },
      { source: publicPaths, headers: [{ key: "Content-Security-Policy", value: publicContentSecurityPolicy(production) }] },
    ];
  },
  async redirects() {
    // Older menus (seeded before /locations was linked directly) and bookmarks use the storefront's name.
    return [{ source: "/servers", destination: "/locations", permanent: false }];
  },
};

export default nextConfig;
