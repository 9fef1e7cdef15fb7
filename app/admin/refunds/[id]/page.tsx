import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { DateCell, LinkCell, MoneyCell, PersonCell, StatusCell, TextCell, words } from "@/components/data-table/cells";
import { RecordDetail } from "@/components/data-table/record-detail";
import { refundsTable } from "@/lib/admin/tables/definitions/billing";
import { getTableRow } from "@/lib/admin/tables/query";
import { requireStaff } from "@/lib/auth/guards";

export const metadata: Metadata = { title: "Refund" };

export default async function RefundPage({ params }: { params: Promise<{ id: string }> }) {
  await requireStaff("payments.read");
  const { id } = await params;
  const r = await getTableRow(refundsTable, id);
  if (!r) notFound();
  return (
    <RecordDetail
      title={`Refund ${r.id.slice(0, 8)}`}
      back={{ href: "/admin/refunds", label: "Refunds" }}
      audit={{ database: "billing", entityId: r.id }}
      fields={[
        ["Status", <StatusCell key="s" status={r.status} />],
        ["Amount", <MoneyCell key="a" amount={r.amount} currency={r.currency} />],
        ["Method", words(r.method === "credit" ? "account credit" : r.gateway)],
        ["Customer", <PersonCell key="c" id={r.customerId} email={r.customerEmail} />],
        ["Payment", <LinkCell key="p" href={`/admin/payments/${r.paymentId}`}>Open payment</LinkCell>],
        ["Invoice", r.invoiceId ? <LinkCell key="i" href={`/admin/invoices/${r.invoiceId}`}>Open invoice</LinkCell> : "—"],
        ["Credit note", r.creditNoteId ? <LinkCell key="cn" href={`/admin/credit-notes/${r.creditNoteId}`}>Open credit note</LinkCell> : "—"],
        ["Reason", <TextCell key="r" value={r.reason} />],
        ["Created", <DateCell key="d" value={r.createdAt} time />],
      ]}
    />
  );
}
