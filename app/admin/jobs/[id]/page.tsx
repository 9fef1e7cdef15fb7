import type { Metadata } from "next";
import { eq } from "drizzle-orm";
import { notFound } from "next/navigation";
import { DateCell, StatusCell, TextCell } from "@/components/data-table/cells";
import { RecordDetail } from "@/components/data-table/record-detail";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { redact } from "@/lib/audit";
import { parseJobRef } from "@/lib/admin/tables/jobs-admin";
import { requireStaff } from "@/lib/auth/guards";
import { jobs, jobsDatabase } from "@/lib/jobs/tables";

export const metadata: Metadata = { title: "Job" };

export default async function JobPage({ params }: { params: Promise<{ id: string }> }) {
  await requireStaff("jobs.manage");
  const { id: ref } = await params;
  let parsed: ReturnType<typeof parseJobRef>;
  try {
    parsed = parseJobRef(decodeURIComponent(ref));
  } catch {
    notFound();
  }
  const [job] = await jobsDatabase(parsed.database)
    .select({ id: jobs.id, type: jobs.type, status: jobs.status, payload: jobs.payload, attempts: jobs.attempts, maxAttempts: jobs.maxAttempts, runAt: jobs.runAt, lastError: jobs.lastError, createdAt: jobs.createdAt, startedAt: jobs.startedAt, finishedAt: jobs.finishedAt, uniqueKey: jobs.uniqueKey })
    .from(jobs)
    .where(eq(jobs.id, parsed.id))
    .limit(1);
  if (!job) notFound();
  return (
    <RecordDetail
      title={job.type}
      description={`Job in the ${parsed.database} database. Retry or dead-letter it from the jobs table.`}
      back={{ href: "/admin/jobs", label: "Jobs" }}
      audit={{ database: parsed.database, entityId: job.id }}
      fields={[
        ["Status", <StatusCell key="s" status={job.status} />],
        ["Attempts", `${job.attempts} of ${job.maxAttempts}`],
        ["Run at", <DateCell key="r" value={job.runAt} time />],
        ["Started", <DateCell key="st" value={job.startedAt} time />],
        ["Finished", <DateCell key="f" value={job.finishedAt} time />],
        ["Created", <DateCell key="c" value={job.createdAt} time />],
        ["Unique key", <TextCell key="u" value={job.uniqueKey} mono />],
        ["Last error", <TextCell key="e" value={job.lastError} />],
        ["Job id", <span key="id" className="font-mono text-xs">{job.id}</span>],
      ]}
    >
      <Card as="section" aria-labelledby="job-payload">
        <CardHeader>
          <CardTitle id="job-payload">Payload</CardTitle>
        </CardHeader>
        <CardContent>
          {/* Payloads may carry tokens (e.g. a reset link's job): shown redacted like audit rows. */}
          <pre className="overflow-x-auto rounded bg-bg-subtle p-3 text-xs">{JSON.stringify(redact(job.payload), null, 2)}</pre>
        </CardContent>
      </Card>
    </RecordDetail>
  );
}
