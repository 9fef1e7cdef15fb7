"use client";

import { ArrowRight } from "lucide-react";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { clientSiteStrings } from "./client-strings";

const areas = [
  { prefix: "/portal", href: "/portal", label: clientSiteStrings.notFoundAreas.portal },
  { prefix: "/admin", href: "/admin", label: clientSiteStrings.notFoundAreas.admin },
] as const;

/**
 * Unknown URLs under /portal and /admin land on the root 404 (the only one Next server-renders for
 * unmatched URLs), so this offers the way back to the area the visitor was in.
 */
export function NotFoundAreaLink() {
  const pathname = usePathname() ?? "";
  const area = areas.find((a) => pathname === a.prefix || pathname.startsWith(`${a.prefix}/`));
  if (!area) return null;
  return (
    <Link href={area.href} className="mt-6 inline-flex items-center gap-1 text-sm font-medium text-brand hover:underline">
      {area.label}
      <ArrowRight aria-hidden="true" className="size-4" />
    </Link>
  );
}
