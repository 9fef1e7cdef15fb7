"use client";

import { clientSiteStrings } from "@/components/site/client-strings";
import { Logo } from "@/components/ui/logo";
import { RouteError } from "@/components/ui/route-error";

/**
 * Last boundary below the root layout: catches errors in the area layouts themselves (site, portal,
 * admin), so it cannot rely on their header; it brings a minimal one.
 */
export default function RootError({ error, retry }: { error: unknown; retry: () => void }) {
  return (
    <div className="flex min-h-dvh flex-col">
      <header className="border-b border-border">
        <div className="mx-auto flex h-16 max-w-6xl items-center px-4 sm:px-6">
          <a href="/" aria-label={clientSiteStrings.homeLink} className="rounded-md">
            <Logo />
          </a>
        </div>
      </header>
      <main id="main" tabIndex={-1} className="grid flex-1 place-items-center py-16 focus:outline-none">
        <RouteError error={error} retry={retry} strings={clientSiteStrings.error} />
      </main>
    </div>
  );
}
