import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { DateCell, PersonCell, StatusCell, TextCell } from "@/components/data-table/cells";
import { RecordDetail } from "@/components/data-table/record-detail";
import { apiTokensTable } from "@/lib/admin/tables/definitions/identity";
import { getTableRow } from "@/lib/admin/tables/query";
import { requireStaff } from "@/lib/auth/guards";

export const metadata: Metadata = { title: "API token" };

export default async function ApiTokenPage({ params }: { params: Promise<{ id: string }> }) {
  await requireStaff("security.manage");
  const r = await getTableRow(apiTokensTable, (await params).id);
  if (!r) notFound();
  return (
    <RecordDetail
      title={`${r.name} …${r.last4}`}
      back={{ href: "/admin/api-tokens", label: "API tokens" }}
      audit={{ database: "identity", entityId: r.id }}
      fields={[
        ["State", <StatusCell key="s" status={r.state} />],
        ["Owner", <PersonCell key="o" id={r.userId} email={r.userEmail} />],
        ["Scopes", <TextCell key="sc" value={r.scopes.join(", ")} />],
        ["Last used", <DateCell key="l" value={r.lastUsedAt} time />],
        ["Last used from", <TextCell key="ip" value={r.lastUsedIp} mono />],
        ["Expires", <DateCell key="e" value={r.expiresAt} />],
        ["Revoked", <DateCell key="r" value={r.revokedAt} time />],
        ["Created", <DateCell key="c" value={r.createdAt} time />],
      ]}
    />
  );
}
