import type { NextConfig } from "next";

// The Content-Security-Policy (with a per-request nonce) and HSTS are set in proxy.ts.
const securityHeaders = [
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
  { key: "X-Frame-Options", value: "DENY" },
  { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=(), payment=(self)" },
];

const nextConfig: NextConfig = {
  // Lets several builds (e.g. parallel test runs) live side by side; `next start` must see the same value.
  distDir: process.env.NEXT_DIST_DIR || ".next",
  poweredByHeader: false,
  // `npm test` type-checks the whole tree (tests included) with `tsc --noEmit` as its first step.
  typescript: { ignoreBuildErrors: true },
  // forbidden() renders app/forbidden.tsx with a 403 for staff without a permission.
  experimental: { authInterrupts: true },
  // Native modules and the libSQL client stay outside the server bundle.
  serverExternalPackages: ["@libsql/client", "libsql", "@node-rs/argon2", "nodemailer", "pdfkit"],
  // Migrations are read from disk at run time by the migrator and the health check.
  outputFileTracingIncludes: { "/*": ["./drizzle/**/*"] },
  async headers() {
    return [{ source: "/:path*", headers: securityHeaders }];
  },
};

export default nextConfig;
