import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { DateCell, PersonCell, TextCell } from "@/components/data-table/cells";
import { RecordDetail } from "@/components/data-table/record-detail";
import { AUTH_EVENT_LABELS } from "@/components/portal/account/auth-event-labels";
import { authEventsTable } from "@/lib/admin/tables/definitions/identity";
import { getTableRow } from "@/lib/admin/tables/query";
import { requireStaff } from "@/lib/auth/guards";

export const metadata: Metadata = { title: "Authentication event" };

export default async function AuthEventPage({ params }: { params: Promise<{ id: string }> }) {
  await requireStaff("security.manage");
  const r = await getTableRow(authEventsTable, (await params).id);
  if (!r) notFound();
  return (
    <RecordDetail
      title={AUTH_EVENT_LABELS[r.type as keyof typeof AUTH_EVENT_LABELS] ?? r.type}
      back={{ href: "/admin/auth-events", label: "Authentication events" }}
      fields={[
        ["When", <DateCell key="w" value={r.createdAt} time />],
        ["Account", r.userId ? <PersonCell key="p" id={r.userId} email={r.email} /> : <TextCell key="e" value={r.email} />],
        ["Reason", <TextCell key="r" value={r.reason} />],
        ["IP", <TextCell key="ip" value={r.ip} mono />],
        ["User agent", <TextCell key="ua" value={r.userAgent} />],
        ["Provider", <TextCell key="pr" value={r.provider} />],
      ]}
    />
  );
}
