"use client";

import { RouteError } from "@/components/ui/route-error";
import { clientSiteStrings } from "@/components/site/client-strings";
import { LogoMark } from "@/components/ui/logo";
import "./globals.css";

/**
 * The root layout itself failed. This replaces the whole document, so it brings <html>, <body> and the
 * stylesheet; it follows the OS colour scheme (the saved theme script lives in the layout that failed).
 */
export default function GlobalError({ error, retry }: { error: unknown; retry: () => void }) {
  return (
    <html lang="en">
      <body className="min-h-dvh bg-bg text-fg antialiased">
        <title>{`${clientSiteStrings.error.title} · ${clientSiteStrings.brand}`}</title>
        <main className="grid min-h-dvh place-items-center px-4 py-16">
          <div className="flex flex-col items-center">
            <span className="inline-flex items-center gap-2 text-lg font-semibold tracking-tight">
              <LogoMark />
              {clientSiteStrings.brand}
            </span>
            <RouteError error={error} retry={retry} strings={clientSiteStrings.error} className="mt-6" />
          </div>
        </main>
      </body>
    </html>
  );
}
