"use client";

import { adminStrings } from "@/components/admin/strings";
import { RouteError } from "@/components/ui/route-error";

export default function AdminError({ error, retry }: { error: unknown; retry: () => void }) {
  return <RouteError error={error} retry={retry} strings={adminStrings.error} homeHref="/admin" className="py-16" />;
}
