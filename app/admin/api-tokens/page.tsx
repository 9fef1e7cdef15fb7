import type { Metadata } from "next";
import { DateCell, LinkCell, PersonCell, StatusCell, TextCell } from "@/components/data-table/cells";
import { ServerDataTable } from "@/components/data-table/server-table";
import { PageHeader } from "@/components/ui/page-header";
import { apiTokensTable, type ApiTokenTableRow } from "@/lib/admin/tables/definitions/identity";
import { requireStaff } from "@/lib/auth/guards";
import { roleHasPermission } from "@/lib/auth/permissions";

export const metadata: Metadata = { title: "API tokens" };

export default async function ApiTokensPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const actor = await requireStaff("security.manage");
  const canExport = await roleHasPermission(actor.role, "data.export");
  return (
    <div className="grid min-w-0 grid-cols-1 gap-6">
      <PageHeader title="API tokens" description="Customers' personal tokens for the REST API. Only the last four characters are kept in readable form." />
      <ServerDataTable<ApiTokenTableRow>
        id="api-tokens"
        caption="API tokens"
        noun="tokens"
        definition={apiTokensTable}
        searchParams={await searchParams}
        searchPlaceholder="Owner email (start of) or last four characters"
        rowLabel={(r) => `${r.name} …${r.last4}`}
        columns={[
          { id: "name", header: "Token", hideable: false, cell: (r) => <span className="grid"><LinkCell href={`/admin/api-tokens/${r.id}`}>{r.name}</LinkCell><span className="font-mono text-xs text-muted">…{r.last4}</span></span> },
          { id: "owner", header: "Owner", cell: (r) => <PersonCell id={r.userId} email={r.userEmail} /> },
          { id: "state", header: "State", cell: (r) => <StatusCell status={r.state} /> },
          { id: "scopes", header: "Scopes", cell: (r) => <TextCell value={r.scopes.join(", ")} /> },
          { id: "lastUsedAt", header: "Last used", cell: (r) => <DateCell value={r.lastUsedAt} time /> },
          { id: "expiresAt", header: "Expires", cell: (r) => <DateCell value={r.expiresAt} /> },
          { id: "createdAt", header: "Created", cell: (r) => <DateCell value={r.createdAt} /> },
        ]}
        exportHref={canExport ? "/admin/export/api-tokens" : undefined}
        empty={{ title: "No API tokens found", description: "Customers create tokens from their account's API page." }}
      />
    </div>
  );
}
