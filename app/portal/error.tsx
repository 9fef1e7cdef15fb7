"use client";

import { portalStrings } from "@/components/portal/strings";
import { RouteError } from "@/components/ui/route-error";

export default function PortalError({ error, retry }: { error: unknown; retry: () => void }) {
  return <RouteError error={error} retry={retry} strings={portalStrings.error} homeHref="/portal" className="py-16" />;
}
