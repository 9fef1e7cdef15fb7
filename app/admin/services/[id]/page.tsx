import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { DateCell, MoneyCell, PersonCell, StatusCell, words } from "@/components/data-table/cells";
import { RecordDetail } from "@/components/data-table/record-detail";
import { servicesTable } from "@/lib/admin/tables/definitions/billing";
import { getTableRow } from "@/lib/admin/tables/query";
import { requireStaff } from "@/lib/auth/guards";

export const metadata: Metadata = { title: "Service" };

export default async function ServicePage({ params }: { params: Promise<{ id: string }> }) {
  await requireStaff("customers.read");
  const { id } = await params;
  const r = await getTableRow(servicesTable, id);
  if (!r) notFound();
  return (
    <RecordDetail
      title={`${r.productName ?? "Service"}${r.label ? ` · ${r.label}` : ""}`}
      back={{ href: "/admin/services", label: "Services" }}
      audit={{ database: "billing", entityId: r.id }}
      fields={[
        ["Status", <StatusCell key="s" status={r.status} />],
        ["Provisioning", <StatusCell key="p" status={r.provisioningStatus} />],
        ["Customer", <PersonCell key="c" id={r.customerId} email={r.customerEmail} />],
        ["Cycle", words(r.cycle)],
        ["Amount", <MoneyCell key="a" amount={r.amount} currency={r.currency} />],
        ["Next due", <DateCell key="n" value={r.nextDueAt} />],
        ["Created", <DateCell key="cr" value={r.createdAt} time />],
        ["Service id", <span key="id" className="font-mono text-xs">{r.id}</span>],
      ]}
    />
  );
}
