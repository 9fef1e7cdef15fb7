import type { Metadata } from "next";
import { DateCell, LinkCell, StatusCell, TextCell } from "@/components/data-table/cells";
import { ServerDataTable } from "@/components/data-table/server-table";
import { Badge } from "@/components/ui/badge";
import { PageHeader } from "@/components/ui/page-header";
import { customersTable, type CustomerTableRow } from "@/lib/admin/tables/definitions/identity";
import { requireStaff } from "@/lib/auth/guards";
import { roleHasPermission } from "@/lib/auth/permissions";

export const metadata: Metadata = { title: "Customers" };

export default async function CustomersPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const actor = await requireStaff("customers.read");
  const canExport = await roleHasPermission(actor.role, "data.export");
  return (
    <div className="grid min-w-0 grid-cols-1 gap-6">
      <PageHeader title="Customers" description="Everyone with a customer account. Open one for their services, invoices, devices and history." />
      <ServerDataTable<CustomerTableRow>
        id="customers"
        caption="Customers"
        noun="customers"
        definition={customersTable}
        searchParams={await searchParams}
        searchPlaceholder="Email or name (start of)"
        rowLabel={(r) => r.email}
        columns={[
          {
            id: "email",
            header: "Customer",
            hideable: false,
            cell: (r) => (
              <span className="grid">
                <LinkCell href={`/admin/customers/${r.id}`}>{r.name || r.email}</LinkCell>
                {r.name && <span className="text-xs text-muted">{r.email}</span>}
              </span>
            ),
          },
          { id: "status", header: "Status", cell: (r) => <StatusCell status={r.status} /> },
          { id: "verified", header: "Email", cell: (r) => <Badge tone={r.emailVerified ? "success" : "warning"}>{r.emailVerified ? "Verified" : "Unverified"}</Badge> },
          { id: "twoFactor", header: "Two-step", cell: (r) => <span className="text-muted">{r.twoFactorEnabled ? "On" : "Off"}</span> },
          { id: "country", header: "Country", cell: (r) => <TextCell value={r.country} /> },
          { id: "lastSignInAt", header: "Last sign-in", cell: (r) => <DateCell value={r.lastSignInAt} time /> },
          { id: "createdAt", header: "Joined", cell: (r) => <DateCell value={r.createdAt} /> },
        ]}
        exportHref={canExport ? "/admin/export/customers" : undefined}
        empty={{ title: "No customers found", description: "Customers appear here when they sign up. Try another search or fewer filters." }}
      />
    </div>
  );
}
