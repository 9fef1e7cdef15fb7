import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { DateCell, LinkCell, MoneyCell, PersonCell, StatusCell, TextCell, words } from "@/components/data-table/cells";
import { RecordDetail } from "@/components/data-table/record-detail";
import { paymentsTable } from "@/lib/admin/tables/definitions/billing";
import { getTableRow } from "@/lib/admin/tables/query";
import { requireStaff } from "@/lib/auth/guards";

export const metadata: Metadata = { title: "Payment" };

export default async function PaymentPage({ params }: { params: Promise<{ id: string }> }) {
  await requireStaff("payments.read");
  const { id } = await params;
  const r = await getTableRow(paymentsTable, id);
  if (!r) notFound();
  return (
    <RecordDetail
      title={`Payment ${r.gatewayRef ?? r.id.slice(0, 8)}`}
      back={{ href: "/admin/payments", label: "Payments" }}
      audit={{ database: "billing", entityId: r.id }}
      fields={[
        ["Status", <StatusCell key="s" status={r.status} />],
        ["Amount", <MoneyCell key="a" amount={r.amount} currency={r.currency} />],
        ["Refunded", <MoneyCell key="rf" amount={r.amountRefunded} currency={r.currency} />],
        ["Gateway", words(r.gateway)],
        ["Gateway reference", <TextCell key="g" value={r.gatewayRef} mono />],
        ["Customer", <PersonCell key="c" id={r.customerId} email={r.customerEmail} />],
        ["Invoice", r.invoiceId ? <LinkCell key="i" href={`/admin/invoices/${r.invoiceId}`}>Open invoice</LinkCell> : "—"],
        ["Paid", <DateCell key="p" value={r.paidAt} time />],
        ["Created", <DateCell key="d" value={r.createdAt} time />],
      ]}
    />
  );
}
