import "server-only";
/**
 * Staff actions on background jobs in any database: retry (a dead or failed job runs again now, with fresh
 * attempts) and dead-letter (a queued or failing job is parked and will not run). Each change and its audit row
 * commit together in the job's own database.
 */
import { and, eq, inArray } from "drizzle-orm";
import { writeAudit, type AuditActor } from "@/lib/audit";
import { AppError, notFound } from "@/lib/errors";
import { DATABASE_NAMES, type DatabaseName } from "@/lib/env";
import { jobs, jobsDatabase } from "@/lib/jobs/tables";
import { auditLog } from "./definitions/system";

/** Job row ids in merged tables are `<database>:<uuid>`. */
export const JOB_REF = /^(identity|billing|vpn|hosting|cloud|content|support|ops):[0-9a-f-]{36}$/;

export function parseJobRef(ref: string): { database: DatabaseName; id: string } {
  const [database, id] = ref.split(":") as [DatabaseName, string];
  if (!JOB_REF.test(ref) || !(DATABASE_NAMES as readonly string[]).includes(database)) throw notFound("No such job.");
  return { database, id };
}

export async function retryJobAsStaff(actor: AuditActor, ref: string, now = new Date()): Promise<void> {
  const { database, id } = parseJobRef(ref);
  await jobsDatabase(database).transaction(async (tx) => {
    const [job] = await tx.select({ status: jobs.status, attempts: jobs.attempts, lastError: jobs.lastError }).from(jobs).where(eq(jobs.id, id)).limit(1);
    if (!job) throw notFound("No such job.");
    const updated = await tx
      .update(jobs)
      .set({ status: "queued", attempts: 0, runAt: now, leaseOwner: null, leaseExpiresAt: null, finishedAt: null })
      .where(and(eq(jobs.id, id), inArray(jobs.status, ["dead", "failed"])))
      .returning({ id: jobs.id });
    if (!updated.length) throw new AppError("CONFLICT", `The job is ${job.status}; only dead or failed jobs can be retried.`);
    await writeAudit(tx, auditLog, actor, { action: "job.retry", entityType: "job", entityId: id, before: { status: job.status, attempts: job.attempts, lastError: job.lastError }, after: { status: "queued", attempts: 0 } });
  });
}

export async function deadLetterJobAsStaff(actor: AuditActor, ref: string, now = new Date()): Promise<void> {
  const { database, id } = parseJobRef(ref);
  await jobsDatabase(database).transaction(async (tx) => {
    const [job] = await tx.select({ status: jobs.status }).from(jobs).where(eq(jobs.id, id)).limit(1);
    if (!job) throw notFound("No such job.");
    // A running job belongs to a worker's lease; parking it under the worker's feet would race its result.
    const updated = await tx
      .update(jobs)
      .set({ status: "dead", lastError: "Moved to the dead letters by staff", finishedAt: now, leaseOwner: null, leaseExpiresAt: null })
      .where(and(eq(jobs.id, id), inArray(jobs.status, ["queued", "failed"])))
      .returning({ id: jobs.id });
    if (!updated.length) throw new AppError("CONFLICT", `The job is ${job.status}; only queued or failed jobs can be dead-lettered.`);
    await writeAudit(tx, auditLog, actor, { action: "job.dead_letter", entityType: "job", entityId: id, before: { status: job.status }, after: { status: "dead" } });
  });
}
