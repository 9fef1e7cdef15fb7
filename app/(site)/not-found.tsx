import type { Metadata } from "next";
import { NotFoundContent } from "@/components/site/not-found-content";
import { siteStrings } from "@/components/site/strings";

export const metadata: Metadata = { title: siteStrings.notFound.metaTitle };

/** notFound() inside public pages: rendered within the site layout (header and footer come from it). */
export default function SiteNotFound() {
  return <NotFoundContent />;
}
