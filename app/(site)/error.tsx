"use client";

import { siteStrings } from "@/components/site/strings";
import { RouteError } from "@/components/ui/route-error";

/** A public page failed: keep the site header and footer, explain, offer a retry. */
export default function SiteError({ error, retry }: { error: unknown; retry: () => void }) {
  return <RouteError error={error} retry={retry} strings={siteStrings.error} className="py-20 sm:py-28" />;
}
