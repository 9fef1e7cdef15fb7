import "server-only";
/**
 * The detail view of a row that has no richer page of its own: its fields as a description list, and the audit
 * trail of the entity from its database (what changed, by whom, old → new).
 */
import type { ReactNode } from "react";
import { ArrowLeft } from "lucide-react";
import Link from "next/link";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { defaultTableParams, runMergedQuery } from "@/lib/admin/tables/query";
import { auditSources } from "@/lib/admin/tables/definitions/system";
import type { DatabaseName } from "@/lib/env";
import { DateCell } from "./cells";

export interface RecordDetailProps {
  title: string;
  description?: ReactNode;
  back: { href: string; label: string };
  fields: Array<[label: string, value: ReactNode]>;
  actions?: ReactNode;
  /** Shows the entity's audit trail from this database. */
  audit?: { database: DatabaseName; entityId: string };
  children?: ReactNode;
}

export async function RecordDetail({ title, description, back, fields, actions, audit, children }: RecordDetailProps) {
  const trail = audit
    ? await runMergedQuery(
        auditSources.filter((s) => s.source === audit.database),
        defaultTableParams(auditSources[0]!.definition, { size: 50, filters: [{ id: "entityId", kind: "text", value: audit.entityId }] }),
      )
    : null;
  return (
    <div className="grid min-w-0 grid-cols-1 gap-6">
      <Link href={back.href} className="inline-flex w-fit items-center gap-1 text-sm text-muted hover:text-fg">
        <ArrowLeft aria-hidden="true" className="size-4" />
        {back.label}
      </Link>
      <PageHeader title={title} description={description} actions={actions} />
      <Card as="section" aria-labelledby="record-fields">
        <CardHeader>
          <CardTitle id="record-fields">Details</CardTitle>
        </CardHeader>
        <CardContent>
          <dl className="grid gap-x-6 gap-y-3 text-sm sm:grid-cols-[12rem_1fr]">
            {fields.map(([label, value]) => (
              <div key={label} className="contents">
                <dt className="text-muted">{label}</dt>
                <dd className="min-w-0 break-words">{value ?? "—"}</dd>
              </div>
            ))}
          </dl>
        </CardContent>
      </Card>
      {children}
      {trail && (
        <Card as="section" aria-labelledby="record-audit">
          <CardHeader>
            <CardTitle id="record-audit">Audit trail</CardTitle>
          </CardHeader>
          <CardContent>
            {trail.rows.length === 0 ? (
              <p className="text-sm text-muted">No changes recorded for this record.</p>
            ) : (
              <ol className="grid gap-3 text-sm">
                {trail.rows.map((r) => (
                  <li key={r.id} className="grid gap-1 border-b border-border pb-3 last:border-0">
                    <p>
                      <span className="font-medium">{r.action}</span> by {r.actorEmail ?? "system"} · <DateCell value={r.createdAt} time />
                    </p>
                    {(r.before || r.after) && (
                      <pre className="overflow-x-auto rounded bg-bg-subtle p-2 text-xs">{JSON.stringify({ before: r.before, after: r.after }, null, 2)}</pre>
                    )}
                  </li>
                ))}
              </ol>
            )}
          </CardContent>
        </Card>
      )}
    </div>
  );
}
