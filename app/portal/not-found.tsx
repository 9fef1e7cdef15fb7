import type { Metadata } from "next";
import { portalStrings } from "@/components/portal/strings";
import { AreaNotFound } from "@/components/ui/area-not-found";

const t = portalStrings.notFound;

export const metadata: Metadata = { title: t.metaTitle };

export default function PortalNotFound() {
  return <AreaNotFound title={t.title} text={t.text} actionHref="/portal" actionLabel={t.action} />;
}
