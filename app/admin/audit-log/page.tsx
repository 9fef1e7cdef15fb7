import type { Metadata } from "next";
import { DateCell, LinkCell, TextCell } from "@/components/data-table/cells";
import { ServerDataTable } from "@/components/data-table/server-table";
import { PageHeader } from "@/components/ui/page-header";
import { auditSources, type AuditTableRow } from "@/lib/admin/tables/definitions/system";
import { runMergedQuery } from "@/lib/admin/tables/query";
import { requireStaff } from "@/lib/auth/guards";
import { roleHasPermission } from "@/lib/auth/permissions";

export const metadata: Metadata = { title: "Audit log" };

type Row = AuditTableRow & { source: string; entryId: string };

/** "status: unpaid → cancelled" for the keys that changed, so the list reads without opening each entry. */
function changes(before: Record<string, unknown> | null, after: Record<string, unknown> | null): string {
  const keys = [...new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})])];
  const show = (v: unknown) => (v === undefined ? "∅" : typeof v === "string" ? v : JSON.stringify(v));
  return keys
    .filter((k) => JSON.stringify(before?.[k]) !== JSON.stringify(after?.[k]))
    .slice(0, 4)
    .map((k) => (before && k in before ? `${k}: ${show(before[k])} → ${show(after?.[k])}` : `${k}: ${show(after?.[k])}`))
    .join("; ");
}

export default async function AuditLogPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const actor = await requireStaff("audit.read");
  const canExport = await roleHasPermission(actor.role, "data.export");
  return (
    <div className="grid min-w-0 grid-cols-1 gap-6">
      <PageHeader title="Audit log" description="Every change staff and the system made, from every database, newest first. Filter by actor, entity or action." />
      <ServerDataTable<Row>
        id="audit"
        caption="Audit log"
        noun="entries"
        definition={auditSources[0]!.definition}
        query={async (params) => {
          const result = await runMergedQuery(auditSources, params);
          return { ...result, rows: result.rows.map((r) => ({ ...r, entryId: r.id, id: `${r.source}:${r.id}` })) };
        }}
        searchParams={await searchParams}
        searchPlaceholder="Entity id, actor email or action (start of)"
        rowLabel={(r) => `${r.action} ${r.entityType} ${r.entityId ?? ""}`}
        columns={[
          { id: "createdAt", header: "When", hideable: false, cell: (r) => <LinkCell href={`/admin/audit-log/${r.id}`}><DateCell value={r.createdAt} time /></LinkCell> },
          {
            id: "actor",
            header: "Actor",
            cell: (r) => (
              <span className="grid">
                <span>{r.actorEmail ?? "system"}</span>
                {r.onBehalfOf && <span className="text-xs text-muted">as customer {r.onBehalfOf.slice(0, 8)}</span>}
              </span>
            ),
          },
          { id: "action", header: "Action", cell: (r) => <span className="font-mono text-xs">{r.action}</span> },
          { id: "entity", header: "Entity", cell: (r) => <span className="grid"><span>{r.entityType}</span><span className="font-mono text-xs text-muted">{r.entityId ?? ""}</span></span> },
          { id: "database", header: "Database", cell: (r) => <span className="text-muted">{r.source}</span> },
          { id: "changes", header: "Changes", cell: (r) => <span className="line-clamp-2 max-w-96 text-xs">{changes(r.before, r.after) || "—"}</span> },
          { id: "ip", header: "From", cell: (r) => <TextCell value={r.ip} mono /> },
        ]}
        exportHref={canExport ? "/admin/export/audit" : undefined}
        empty={{ title: "No audit entries found", description: "Changes are recorded here as staff and the system make them. Try fewer filters." }}
      />
    </div>
  );
}
