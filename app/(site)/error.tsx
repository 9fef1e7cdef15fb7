"use client";

import { clientSiteStrings } from "@/components/site/client-strings";
import { RouteError } from "@/components/ui/route-error";

/** A public page failed: keep the site header and footer, explain, offer a retry. */
export default function SiteError({ error, retry }: { error: unknown; retry: () => void }) {
  return <RouteError error={error} retry={retry} strings={clientSiteStrings.error} className="py-20 sm:py-28" />;
}
