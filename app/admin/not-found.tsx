import type { Metadata } from "next";
import { adminStrings } from "@/components/admin/strings";
import { AreaNotFound } from "@/components/ui/area-not-found";

const t = adminStrings.notFound;

export const metadata: Metadata = { title: t.metaTitle };

export default function AdminNotFound() {
  return <AreaNotFound title={t.title} text={t.text} actionHref="/admin" actionLabel={t.action} />;
}
