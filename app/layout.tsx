import type { Metadata, Viewport } from "next";
import { SkipLink } from "@/components/ui/skip-link";
import { themeInitScript } from "@/components/ui/theme-script";
import { appUrl } from "@/lib/env";
import { cachedTheme } from "@/lib/site/cached";
import { DEFAULT_THEME, themeCss } from "@/lib/site/theme-tokens";
import "./globals.css";

export const generateMetadata = (): Metadata => ({
  // Relative canonical / Open Graph URLs resolve against the deployment's own address.
  metadataBase: appUrl(),
  title: { default: "Skyport", template: "%s · Skyport" },
  description: "Skyport: WireGuard VPN, hosting and cloud servers.",
  applicationName: "Skyport",
  icons: { icon: [{ url: "/favicon.svg", type: "image/svg+xml" }] },
});

export const viewport: Viewport = {
  colorScheme: "light dark",
  themeColor: [
    { media: "(prefers-color-scheme: light)", color: "#ffffff" },
    { media: "(prefers-color-scheme: dark)", color: "#0a0f18" },
  ],
};

export default async function RootLayout({ children }: { children: React.ReactNode }) {
  // The theme from the content database, as CSS variables over app/globals.css (cached, tag site:theme). No
  // request data is read here, so public pages stay static; the inline script below is allowed by its hash on
  // nonce-protected pages (lib/security/csp.ts).
  const theme = await cachedTheme().catch((error: unknown) => {
    // A theme that cannot be read must not take the whole app (admin included) down: the defaults still work.
    console.error("[theme] could not load the theme, using the defaults:", error);
    return DEFAULT_THEME;
  });
  return (
    // The theme script may set data-theme before React hydrates: that attribute is expected to differ.
    <html lang="en" suppressHydrationWarning>
      <head>
        <script dangerouslySetInnerHTML={{ __html: themeInitScript }} />
        <style id="site-theme" dangerouslySetInnerHTML={{ __html: themeCss(theme) }} />
      </head>
      <body className="min-h-dvh bg-bg text-fg antialiased">
        <SkipLink />
        {children}
      </body>
    </html>
  );
}
