import type { Metadata, Viewport } from "next";
import { headers } from "next/headers";
import { SkipLink } from "@/components/ui/skip-link";
import { themeInitScript } from "@/components/ui/theme-script";
import { ToastProvider } from "@/components/ui/toast";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Skyport", template: "%s · Skyport" },
  description: "Skyport: WireGuard VPN, hosting and cloud servers.",
  applicationName: "Skyport",
  icons: { icon: [{ url: "/favicon.svg", type: "image/svg+xml" }] },
};

export const viewport: Viewport = {
  colorScheme: "light dark",
  themeColor: [
    { media: "(prefers-color-scheme: light)", color: "#ffffff" },
    { media: "(prefers-color-scheme: dark)", color: "#0a0f18" },
  ],
};

export default async function RootLayout({ children }: { children: React.ReactNode }) {
  // Set per request by proxy.ts; the CSP only lets scripts with this nonce run.
  const nonce = (await headers()).get("x-nonce") ?? undefined;
  return (
    // The theme script may set data-theme before React hydrates: that attribute is expected to differ.
    <html lang="en" suppressHydrationWarning>
      <head>
        <script nonce={nonce} dangerouslySetInnerHTML={{ __html: themeInitScript }} />
      </head>
      <body className="min-h-dvh bg-bg text-fg antialiased">
        <SkipLink />
        <ToastProvider>{children}</ToastProvider>
      </body>
    </html>
  );
}
