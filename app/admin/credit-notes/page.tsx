import type { Metadata } from "next";
import { DateCell, LinkCell, MoneyCell, PersonCell, StatusCell, TextCell } from "@/components/data-table/cells";
import { ServerDataTable } from "@/components/data-table/server-table";
import { PageHeader } from "@/components/ui/page-header";
import { creditNotesTable, type CreditNoteTableRow } from "@/lib/admin/tables/definitions/billing";
import { requireStaff } from "@/lib/auth/guards";
import { roleHasPermission } from "@/lib/auth/permissions";

export const metadata: Metadata = { title: "Credit notes" };

export default async function CreditNotesPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const actor = await requireStaff("payments.read");
  const canExport = await roleHasPermission(actor.role, "data.export");
  return (
    <div className="grid min-w-0 grid-cols-1 gap-6">
      <PageHeader title="Credit notes" description="Issued with refunds: they correct an invoice, and are numbered without gaps." />
      <ServerDataTable<CreditNoteTableRow>
        id="credit-notes"
        caption="Credit notes"
        noun="credit notes"
        definition={creditNotesTable}
        searchParams={await searchParams}
        searchPlaceholder="Credit note number or customer email"
        rowLabel={(r) => r.number}
        columns={[
          { id: "number", header: "Number", hideable: false, cell: (r) => <LinkCell href={`/admin/credit-notes/${r.id}`}>{r.number}</LinkCell> },
          { id: "customer", header: "Customer", cell: (r) => <PersonCell id={r.customerId} email={r.customerEmail} /> },
          { id: "invoice", header: "Invoice", cell: (r) => <LinkCell href={`/admin/invoices/${r.invoiceId}`}>Invoice</LinkCell> },
          { id: "status", header: "Status", cell: (r) => <StatusCell status={r.status} /> },
          { id: "reason", header: "Reason", cell: (r) => <TextCell value={r.reason} /> },
          { id: "issuedAt", header: "Issued", cell: (r) => <DateCell value={r.issuedAt} /> },
          { id: "total", header: "Total", align: "right", cell: (r) => <MoneyCell amount={r.total} currency={r.currency} /> },
        ]}
        exportHref={canExport ? "/admin/export/credit-notes" : undefined}
        empty={{ title: "No credit notes found", description: "Credit notes are issued with refunds." }}
      />
    </div>
  );
}
