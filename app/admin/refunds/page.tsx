import type { Metadata } from "next";
import { DateCell, LinkCell, MoneyCell, PersonCell, StatusCell, TextCell, words } from "@/components/data-table/cells";
import { ServerDataTable } from "@/components/data-table/server-table";
import { ButtonLink } from "@/components/ui/button-link";
import { PageHeader } from "@/components/ui/page-header";
import { refundsTable, type RefundTableRow } from "@/lib/admin/tables/definitions/billing";
import { requireStaff } from "@/lib/auth/guards";
import { roleHasPermission } from "@/lib/auth/permissions";

export const metadata: Metadata = { title: "Refunds" };

export default async function RefundsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const actor = await requireStaff("payments.read");
  const canExport = await roleHasPermission(actor.role, "data.export");
  return (
    <div className="grid min-w-0 grid-cols-1 gap-6">
      <PageHeader
        title="Refunds"
        description="Money sent back to customers, through the gateway or as account credit."
        actions={<ButtonLink href="/admin/credit-notes" variant="secondary">Credit notes</ButtonLink>}
      />
      <ServerDataTable<RefundTableRow>
        id="refunds"
        caption="Refunds"
        noun="refunds"
        definition={refundsTable}
        searchParams={await searchParams}
        searchPlaceholder="Refund id or customer email"
        rowLabel={(r) => `refund ${r.id.slice(0, 8)}`}
        columns={[
          { id: "createdAt", header: "Date", hideable: false, cell: (r) => <LinkCell href={`/admin/refunds/${r.id}`}><DateCell value={r.createdAt} time /></LinkCell> },
          { id: "customer", header: "Customer", cell: (r) => <PersonCell id={r.customerId} email={r.customerEmail} /> },
          { id: "method", header: "Method", cell: (r) => words(r.method === "credit" ? "account credit" : r.gateway) },
          { id: "status", header: "Status", cell: (r) => <StatusCell status={r.status} /> },
          { id: "reason", header: "Reason", cell: (r) => <TextCell value={r.reason} /> },
          { id: "amount", header: "Amount", align: "right", cell: (r) => <MoneyCell amount={r.amount} currency={r.currency} /> },
        ]}
        exportHref={canExport ? "/admin/export/refunds" : undefined}
        empty={{ title: "No refunds found", description: "Refunds are made from an invoice's page and appear here." }}
      />
    </div>
  );
}
