import type { Metadata } from "next";
import { DateCell, LinkCell, MoneyCell, PersonCell, StatusCell, words } from "@/components/data-table/cells";
import { ServerDataTable } from "@/components/data-table/server-table";
import { PageHeader } from "@/components/ui/page-header";
import { invoicesTable, type InvoiceTableRow } from "@/lib/admin/tables/definitions/billing";
import { requireStaff } from "@/lib/auth/guards";
import { roleHasPermission } from "@/lib/auth/permissions";
import { bulkInvoicesAction } from "./actions";

export const metadata: Metadata = { title: "Invoices" };

export default async function AdminInvoicesPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const actor = await requireStaff("invoices.read");
  const [canWrite, canExport] = await Promise.all([roleHasPermission(actor.role, "invoices.write"), roleHasPermission(actor.role, "data.export")]);
  return (
    <div className="grid min-w-0 grid-cols-1 gap-6">
      <PageHeader title="Invoices" description="Every invoice, newest first. Filter, sort (shift-click for several columns) and export what you see." />
      <ServerDataTable<InvoiceTableRow>
        id="invoices"
        caption="Invoices"
        noun="invoices"
        definition={invoicesTable}
        searchParams={await searchParams}
        searchPlaceholder="Invoice number or customer email"
        rowLabel={(r) => r.number ?? `draft invoice ${r.id.slice(0, 8)}`}
        columns={[
          { id: "number", header: "Invoice", hideable: false, cell: (r) => <LinkCell href={`/admin/invoices/${r.id}`}>{r.number ?? "Draft"}</LinkCell> },
          { id: "customer", header: "Customer", cell: (r) => <PersonCell id={r.customerId} email={r.customerEmail} /> },
          { id: "kind", header: "Kind", cell: (r) => <span className="text-muted">{words(r.kind)}</span> },
          { id: "status", header: "Status", cell: (r) => <StatusCell status={r.status} /> },
          { id: "issuedAt", header: "Issued", cell: (r) => <DateCell value={r.issuedAt} /> },
          { id: "dueAt", header: "Due", cell: (r) => <DateCell value={r.dueAt} /> },
          { id: "total", header: "Total", align: "right", cell: (r) => <MoneyCell amount={r.total} currency={r.currency} /> },
          { id: "amountDue", header: "Due amount", align: "right", cell: (r) => (r.total - r.amountPaid > 0 && !["cancelled", "refunded"].includes(r.status) ? <MoneyCell amount={r.total - r.amountPaid} currency={r.currency} /> : "—") },
          { id: "createdAt", header: "Created", cell: (r) => <DateCell value={r.createdAt} /> },
        ]}
        bulkActions={
          canWrite
            ? [
                {
                  id: "cancel",
                  label: "Cancel invoices",
                  tone: "danger",
                  confirmTitle: "Cancel {count} invoices?",
                  confirmDescription: "Unpaid invoices are cancelled and no longer payable; paid ones are skipped. Each cancellation is recorded in the audit log.",
                  confirmLabel: "Cancel invoices",
                },
              ]
            : undefined
        }
        bulkAction={canWrite ? bulkInvoicesAction : undefined}
        exportHref={canExport ? "/admin/export/invoices" : undefined}
        empty={{ title: "No invoices found", description: "Invoices appear here when customers order. Try another search or fewer filters." }}
      />
    </div>
  );
}
