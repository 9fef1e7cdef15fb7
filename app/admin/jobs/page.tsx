import type { Metadata } from "next";
import { DateCell, LinkCell, StatusCell, TextCell } from "@/components/data-table/cells";
import { ServerDataTable } from "@/components/data-table/server-table";
import { PageHeader } from "@/components/ui/page-header";
import { jobSources, type JobTableRow } from "@/lib/admin/tables/definitions/system";
import { runMergedQuery } from "@/lib/admin/tables/query";
import { requireStaff } from "@/lib/auth/guards";
import { roleHasPermission } from "@/lib/auth/permissions";
import { bulkJobsAction } from "./actions";

export const metadata: Metadata = { title: "Jobs" };

type Row = JobTableRow & { source: string; jobId: string };

export default async function JobsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const actor = await requireStaff("jobs.manage");
  const canExport = await roleHasPermission(actor.role, "data.export");
  return (
    <div className="grid min-w-0 grid-cols-1 gap-6">
      <PageHeader title="Jobs" description="Background work queued in every database: emails, renewals, provisioning. Retry dead jobs or park stuck ones." />
      <ServerDataTable<Row>
        id="jobs"
        caption="Jobs"
        noun="jobs"
        definition={jobSources[0]!.definition}
        query={async (params) => {
          const result = await runMergedQuery(jobSources, params);
          return { ...result, rows: result.rows.map((r) => ({ ...r, jobId: r.id, id: `${r.source}:${r.id}` })) };
        }}
        searchParams={await searchParams}
        searchPlaceholder="Job id or type (start of)"
        rowLabel={(r) => `${r.type} job ${r.jobId.slice(0, 8)}`}
        columns={[
          { id: "type", header: "Job", hideable: false, cell: (r) => <LinkCell href={`/admin/jobs/${r.id}`}>{r.type}</LinkCell> },
          { id: "database", header: "Database", cell: (r) => <span className="text-muted">{r.source}</span> },
          { id: "status", header: "Status", cell: (r) => <StatusCell status={r.status} /> },
          { id: "attempts", header: "Attempts", align: "right", cell: (r) => `${r.attempts}/${r.maxAttempts}` },
          { id: "lastError", header: "Last error", cell: (r) => <span className="line-clamp-2 max-w-80 text-xs"><TextCell value={r.lastError} /></span> },
          { id: "runAt", header: "Run at", cell: (r) => <DateCell value={r.runAt} time /> },
          { id: "createdAt", header: "Created", cell: (r) => <DateCell value={r.createdAt} time /> },
        ]}
        bulkActions={[
          { id: "retry", label: "Retry", confirmTitle: "Retry {count} jobs?", confirmDescription: "Dead or failed jobs run again now with fresh attempts; others are skipped. Each retry is audited.", tone: "primary" },
          { id: "dead_letter", label: "Move to dead letters", confirmTitle: "Park {count} jobs as dead letters?", confirmDescription: "Queued or failed jobs stop running until someone retries them. Running jobs are skipped.", tone: "danger" },
        ]}
        bulkAction={bulkJobsAction}
        exportHref={canExport ? "/admin/export/jobs" : undefined}
        empty={{ title: "No jobs found", description: "Nothing is queued that matches. Jobs appear as the site works." }}
      />
    </div>
  );
}
