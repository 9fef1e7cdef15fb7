import type { Metadata } from "next";
import { DateCell, LinkCell, MoneyCell, PersonCell, StatusCell } from "@/components/data-table/cells";
import { ServerDataTable } from "@/components/data-table/server-table";
import { PageHeader } from "@/components/ui/page-header";
import { ordersTable, type OrderTableRow } from "@/lib/admin/tables/definitions/billing";
import { requireStaff } from "@/lib/auth/guards";
import { roleHasPermission } from "@/lib/auth/permissions";

export const metadata: Metadata = { title: "Orders" };

export default async function OrdersPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const actor = await requireStaff("invoices.read");
  const canExport = await roleHasPermission(actor.role, "data.export");
  return (
    <div className="grid min-w-0 grid-cols-1 gap-6">
      <PageHeader title="Orders" description="Checkouts as placed, with their totals and the invoice each produced." />
      <ServerDataTable<OrderTableRow>
        id="orders"
        caption="Orders"
        noun="orders"
        definition={ordersTable}
        searchParams={await searchParams}
        searchPlaceholder="Order id or customer email"
        rowLabel={(r) => `order ${r.id.slice(0, 8)}`}
        columns={[
          { id: "createdAt", header: "Placed", hideable: false, cell: (r) => <LinkCell href={`/admin/orders/${r.id}`}><DateCell value={r.createdAt} time /></LinkCell> },
          { id: "customer", header: "Customer", cell: (r) => <PersonCell id={r.customerId} email={r.customerEmail} /> },
          { id: "status", header: "Status", cell: (r) => <StatusCell status={r.status} /> },
          { id: "invoice", header: "Invoice", cell: (r) => (r.invoiceId ? <LinkCell href={`/admin/invoices/${r.invoiceId}`}>Invoice</LinkCell> : "—") },
          { id: "discount", header: "Discount", align: "right", cell: (r) => (r.discount ? <MoneyCell amount={-r.discount} currency={r.currency} /> : "—") },
          { id: "total", header: "Total", align: "right", cell: (r) => <MoneyCell amount={r.total} currency={r.currency} /> },
        ]}
        exportHref={canExport ? "/admin/export/orders" : undefined}
        empty={{ title: "No orders found", description: "Orders appear here when customers check out." }}
      />
    </div>
  );
}
