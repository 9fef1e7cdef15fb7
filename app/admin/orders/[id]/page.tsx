import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { DateCell, LinkCell, MoneyCell, PersonCell, StatusCell } from "@/components/data-table/cells";
import { RecordDetail } from "@/components/data-table/record-detail";
import { ordersTable } from "@/lib/admin/tables/definitions/billing";
import { getTableRow } from "@/lib/admin/tables/query";
import { requireStaff } from "@/lib/auth/guards";

export const metadata: Metadata = { title: "Order" };

export default async function OrderPage({ params }: { params: Promise<{ id: string }> }) {
  await requireStaff("invoices.read");
  const { id } = await params;
  const r = await getTableRow(ordersTable, id);
  if (!r) notFound();
  return (
    <RecordDetail
      title={`Order ${r.id.slice(0, 8)}`}
      back={{ href: "/admin/orders", label: "Orders" }}
      audit={{ database: "billing", entityId: r.id }}
      fields={[
        ["Status", <StatusCell key="s" status={r.status} />],
        ["Customer", <PersonCell key="c" id={r.customerId} email={r.customerEmail} />],
        ["Placed", <DateCell key="d" value={r.createdAt} time />],
        ["Subtotal", <MoneyCell key="st" amount={r.subtotal} currency={r.currency} />],
        ["Discount", <MoneyCell key="di" amount={r.discount} currency={r.currency} />],
        ["Tax", <MoneyCell key="t" amount={r.tax} currency={r.currency} />],
        ["Total", <MoneyCell key="to" amount={r.total} currency={r.currency} />],
        ["Invoice", r.invoiceId ? <LinkCell key="i" href={`/admin/invoices/${r.invoiceId}`}>Open invoice</LinkCell> : "—"],
        ["Order id", <span key="id" className="font-mono text-xs">{r.id}</span>],
      ]}
    />
  );
}
