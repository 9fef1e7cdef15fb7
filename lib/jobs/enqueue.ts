import "server-only";
import { and, eq, inArray, sql } from "drizzle-orm";
import { jobs, type JobExecutor } from "./tables";

export interface EnqueueOptions {
  type: string;
  payload: unknown;
  /** Not before this time (default: now). */
  runAt?: Date;
  /** A second enqueue with the same key is ignored and returns the first job's id. */
  uniqueKey?: string;
  /** Higher runs first among ready jobs. */
  priority?: number;
  maxAttempts?: number;
}

/**
 * Adds a job to the queue of the database `db` belongs to. Pass a transaction to make the job part of the
 * change that causes it (transactional outbox): it exists if and only if that change commits.
 * Returns the job id (the existing one when `uniqueKey` was already used).
 */
export async function enqueue(db: JobExecutor, options: EnqueueOptions): Promise<string> {
  if (options.maxAttempts !== undefined && (!Number.isInteger(options.maxAttempts) || options.maxAttempts < 1)) {
    throw new Error(`enqueue(${options.type}): maxAttempts must be a positive integer`);
  }
  const inserted = await db
    .insert(jobs)
    .values({
      type: options.type,
      // The column is NOT NULL; a JSON null is stored as the text 'null' (drizzle would bind JS null as SQL NULL).
      payload: options.payload ?? sql`'null'`,
      uniqueKey: options.uniqueKey,
      priority: options.priority,
      maxAttempts: options.maxAttempts,
      runAt: options.runAt ?? new Date(),
    })
    .onConflictDoNothing({ target: jobs.uniqueKey })
    .returning({ id: jobs.id });
  if (inserted[0]) return inserted[0].id;
  // Only a uniqueKey can conflict (ids are random).
  const existing = await db.select({ id: jobs.id }).from(jobs).where(eq(jobs.uniqueKey, options.uniqueKey!)).limit(1);
  if (!existing[0]) throw new Error(`enqueue(${options.type}): insert ignored but no job has uniqueKey ${options.uniqueKey}`);
  return existing[0].id;
}

/**
 * Puts a dead (or waiting-to-retry) job back in the queue to run now, with a fresh set of attempts.
 * Effects it already applied through `ctx.once` stay applied. Returns false when the job is not retryable.
 */
export async function retryJob(db: JobExecutor, id: string, now: Date = new Date()): Promise<boolean> {
  const updated = await db
    .update(jobs)
    .set({ status: "queued", attempts: 0, runAt: now, leaseOwner: null, leaseExpiresAt: null, finishedAt: null })
    .where(and(eq(jobs.id, id), inArray(jobs.status, ["dead", "failed"])))
    .returning({ id: jobs.id });
  return updated.length > 0;
}
