import type { Metadata } from "next";
import { DateCell, LinkCell, PersonCell, StatusCell, TextCell } from "@/components/data-table/cells";
import { ServerDataTable } from "@/components/data-table/server-table";
import { PageHeader } from "@/components/ui/page-header";
import { organizationsTable, type OrganizationTableRow } from "@/lib/admin/tables/definitions/identity";
import { requireStaff } from "@/lib/auth/guards";
import { roleHasPermission } from "@/lib/auth/permissions";

export const metadata: Metadata = { title: "Organizations" };

export default async function OrganizationsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const actor = await requireStaff("customers.read");
  const canExport = await roleHasPermission(actor.role, "data.export");
  return (
    <div className="grid min-w-0 grid-cols-1 gap-6">
      <PageHeader title="Organizations" description="Teams customers share services and billing with." />
      <ServerDataTable<OrganizationTableRow>
        id="organizations"
        caption="Organizations"
        noun="organizations"
        definition={organizationsTable}
        searchParams={await searchParams}
        searchPlaceholder="Name, slug or owner email"
        rowLabel={(r) => r.name}
        columns={[
          { id: "slug", header: "Organization", hideable: false, cell: (r) => <span className="grid"><LinkCell href={`/admin/organizations/${r.id}`}>{r.name}</LinkCell><span className="text-xs text-muted">{r.slug}</span></span> },
          { id: "owner", header: "Owner", cell: (r) => <PersonCell id={r.ownerId} email={r.ownerEmail} /> },
          { id: "members", header: "Members", align: "right", cell: (r) => r.memberCount },
          { id: "billingEmail", header: "Billing email", cell: (r) => <TextCell value={r.billingEmail} /> },
          { id: "status", header: "Status", cell: (r) => <StatusCell status={r.status} /> },
          { id: "createdAt", header: "Created", cell: (r) => <DateCell value={r.createdAt} /> },
        ]}
        exportHref={canExport ? "/admin/export/organizations" : undefined}
        empty={{ title: "No organizations found", description: "Customers create organizations from their portal." }}
      />
    </div>
  );
}
