import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { DateCell, LinkCell, MoneyCell, PersonCell, StatusCell, TextCell } from "@/components/data-table/cells";
import { RecordDetail } from "@/components/data-table/record-detail";
import { creditNotesTable } from "@/lib/admin/tables/definitions/billing";
import { getTableRow } from "@/lib/admin/tables/query";
import { requireStaff } from "@/lib/auth/guards";

export const metadata: Metadata = { title: "Credit note" };

export default async function CreditNotePage({ params }: { params: Promise<{ id: string }> }) {
  await requireStaff("payments.read");
  const { id } = await params;
  const r = await getTableRow(creditNotesTable, id);
  if (!r) notFound();
  return (
    <RecordDetail
      title={`Credit note ${r.number}`}
      back={{ href: "/admin/credit-notes", label: "Credit notes" }}
      audit={{ database: "billing", entityId: r.id }}
      fields={[
        ["Status", <StatusCell key="s" status={r.status} />],
        ["Total", <MoneyCell key="t" amount={r.total} currency={r.currency} />],
        ["Customer", <PersonCell key="c" id={r.customerId} email={r.customerEmail} />],
        ["Invoice", <LinkCell key="i" href={`/admin/invoices/${r.invoiceId}`}>Open invoice</LinkCell>],
        ["Reason", <TextCell key="r" value={r.reason} />],
        ["Issued", <DateCell key="d" value={r.issuedAt} time />],
      ]}
    />
  );
}
