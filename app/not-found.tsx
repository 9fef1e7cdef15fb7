import type { Metadata } from "next";
import Link from "next/link";
import { NotFoundContent } from "@/components/site/not-found-content";
import { SiteLogo } from "@/components/site/site-logo";
import { siteStrings } from "@/components/site/strings";

export const metadata: Metadata = { title: siteStrings.notFound.metaTitle };

/**
 * A URL no route matches at all (a single-segment one is a CMS slug and gets the site group's 404, inside the full
 * site layout). It renders inside the root layout only, so it brings a header of its own — a slim one, like
 * app/error.tsx: Next embeds this file's output in the RSC payload of every page of the app, and the full site
 * header and footer here added ~9 KB to each (parsed on every page load, shown almost never).
 */
export default function NotFound() {
  return (
    <div className="flex min-h-dvh flex-col">
      <header className="border-b border-border">
        <div className="mx-auto flex h-16 max-w-6xl items-center px-4 sm:px-6">
          <Link href="/" prefetch={false} aria-label={siteStrings.homeLink} className="rounded-md">
            <SiteLogo />
          </Link>
        </div>
      </header>
      <main id="main" tabIndex={-1} className="flex-1 focus:outline-none">
        <NotFoundContent />
      </main>
    </div>
  );
}
