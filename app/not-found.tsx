import type { Metadata } from "next";
import { NotFoundContent } from "@/components/site/not-found-content";
import { SiteFooter } from "@/components/site/site-footer";
import { SiteHeader } from "@/components/site/site-header";
import { siteStrings } from "@/components/site/strings";

export const metadata: Metadata = { title: siteStrings.notFound.metaTitle };

/**
 * Any URL no route matches. It renders inside the root layout only, so it brings the site's header and
 * footer itself. Server components and links only: Next ships this file with every page.
 */
export default function NotFound() {
  return (
    <div className="flex min-h-dvh flex-col">
      <SiteHeader />
      <main id="main" tabIndex={-1} className="flex-1 focus:outline-none">
        <NotFoundContent />
      </main>
      <SiteFooter />
    </div>
  );
}
