import "server-only";
/**
 * The job worker. Each database has its own queue (`jobs`); the worker polls all of them.
 *
 * Claiming is one UPDATE … WHERE id IN (SELECT … LIMIT 1) … RETURNING statement: SQLite takes the write lock
 * before it reads, so two workers (threads, processes or machines on a shared libSQL server) cannot both
 * claim a job. The claim sets a lease; a heartbeat extends it while the handler runs. If the worker dies,
 * the lease runs out and another worker re-runs the job (attempts + 1). Every later write about the job is
 * fenced on (lease owner, attempt), so a worker that lost its lease cannot overwrite the new owner's outcome.
 */
import { and, asc, desc, eq, inArray, lt, lte, or, sql } from "drizzle-orm";
import type { LibSQLDatabase } from "drizzle-orm/libsql";
import { hostname } from "node:os";
import { randomBytes } from "node:crypto";
import { describeDatabaseError } from "@/db/connection";
import { DATABASE_NAMES, databaseConfig, type DatabaseName } from "@/lib/env";
import { getJobDefinition, PermanentJobError, systemClock, type Clock, type JobContext } from "./define";
import { createLogger, errorMessage, rootError, withFields, type Logger } from "./log";
import { enqueueDueSchedules, SCHEDULES, type Schedule } from "./schedules";
import { jobEffects, jobs, jobsDatabase, type JobRow } from "./tables";
import "./registry";

export interface WorkerOptions {
  /** Which queues to serve (default: all eight databases). */
  databases?: readonly DatabaseName[];
  /** Written into lease_owner; defaults to host:pid:random. */
  owner?: string;
  /** How long a claim is valid without a heartbeat (default 60 s). */
  leaseMs?: number;
  /** Sleep between polls when every queue is empty (default 1 s). */
  pollMs?: number;
  clock?: Clock;
  logger?: Logger;
  /** Backoff before retry n (n = 1, 2, …): min(maxMs, baseMs · 2^(n-1)), ±20 % jitter. */
  retryBaseMs?: number;
  retryMaxMs?: number;
  /** For tests: a deterministic jitter source in [0, 1). */
  random?: () => number;
  /** Scheduled jobs to enqueue when due; `false` turns the scheduler off for this worker. Default: SCHEDULES. */
  schedules?: readonly Schedule[] | false;
  /** Upper bound of jobs one runOnce() takes from a single database before moving on (fairness). */
  batchSize?: number;
}

export interface RunStats {
  claimed: number;
  succeeded: number;
  retried: number;
  dead: number;
  /** Databases that could not be polled in this pass. */
  unavailable: DatabaseName[];
}

export interface Worker {
  readonly owner: string;
  /** Polls until stop(). */
  start(): void;
  /** Stops polling and waits for the job in progress to finish. */
  stop(): Promise<void>;
  /** One pass: enqueue due schedules, then claim and run ready jobs in every database. */
  runOnce(): Promise<RunStats>;
  readonly running: boolean;
}

type Outcome = "succeeded" | "retried" | "dead" | "lost";

export function backoffDelay(attempt: number, baseMs: number, maxMs: number, random: () => number): number {
  const raw = Math.min(maxMs, baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(Math.min(maxMs, raw * (0.8 + 0.4 * random())));
}

function errorText(error: unknown): string {
  const root = rootError(error);
  if (root instanceof Error) return root.stack ?? `${root.name}: ${root.message}`;
  return String(root);
}

export function createWorker(options: WorkerOptions = {}): Worker {
  const databases = options.databases ?? DATABASE_NAMES;
  const owner = options.owner ?? `${hostname()}:${process.pid}:${randomBytes(3).toString("hex")}`;
  const leaseMs = options.leaseMs ?? 60_000;
  const pollMs = options.pollMs ?? 1_000;
  const clock = options.clock ?? systemClock;
  const logger = options.logger ?? createLogger("jobs");
  const retryBaseMs = options.retryBaseMs ?? 5_000;
  const retryMaxMs = options.retryMaxMs ?? 60 * 60_000;
  const random = options.random ?? Math.random;
  const schedules = options.schedules === false ? [] : (options.schedules ?? SCHEDULES);
  const batchSize = options.batchSize ?? 25;

  /** Databases in a failure streak: logged when the streak starts and when it ends, not on every poll. */
  const failing = new Map<DatabaseName, string>();
  const scheduled = new Map<string, number>();
  let loop: Promise<void> | undefined;
  let stopping = false;
  let wake: (() => void) | undefined;

  function ready(now: Date) {
    return or(
      // `failed` = an attempt failed and the job waits for its backoff to pass.
      and(inArray(jobs.status, ["queued", "failed"]), lte(jobs.runAt, now)),
      and(eq(jobs.status, "running"), lt(jobs.leaseExpiresAt, now)),
    );
  }

  async function claim(db: LibSQLDatabase): Promise<JobRow | undefined> {
    const now = clock();
    const candidate = db
      .select({ id: jobs.id })
      .from(jobs)
      .where(ready(now))
      .orderBy(desc(jobs.priority), asc(jobs.runAt))
      .limit(1);
    const [job] = await db
      .update(jobs)
      .set({
        status: "running",
        leaseOwner: owner,
        leaseExpiresAt: new Date(now.getTime() + leaseMs),
        attempts: sql`${jobs.attempts} + 1`,
        startedAt: now,
      })
      // One statement, so the pick and the update happen under one write lock; matching on the primary key
      // alone keeps the outer lookup at one row (re-testing `ready` here makes SQLite scan every ready job).
      .where(inArray(jobs.id, candidate))
      .returning();
    return job;
  }

  /** Only the holder of this attempt's lease may write its outcome. */
  const fence = (job: JobRow) =>
    and(eq(jobs.id, job.id), eq(jobs.status, "running"), eq(jobs.leaseOwner, owner), eq(jobs.attempts, job.attempts));

  async function finish(
    db: LibSQLDatabase,
    job: JobRow,
    set: Partial<typeof jobs.$inferInsert>,
    log: Logger,
  ): Promise<boolean> {
    const rows = await db.update(jobs).set(set).where(fence(job)).returning({ id: jobs.id });
    if (rows.length === 0) {
      log.warn("lease lost before the job finished; another worker owns it now, outcome discarded");
      return false;
    }
    return true;
  }

  async function fail(db: LibSQLDatabase, job: JobRow, error: unknown, log: Logger): Promise<Outcome> {
    const now = clock();
    const permanent = error instanceof PermanentJobError;
    const message = errorText(error);
    if (permanent || job.attempts >= job.maxAttempts) {
      const ok = await finish(
        db,
        job,
        { status: "dead", lastError: message, finishedAt: now, leaseOwner: null, leaseExpiresAt: null },
        log,
      );
      if (ok) log.error("job is dead", { attempt: job.attempts, error: errorMessage(error) });
      return ok ? "dead" : "lost";
    }
    const delay = backoffDelay(job.attempts, retryBaseMs, retryMaxMs, random);
    const ok = await finish(
      db,
      job,
      { status: "failed", lastError: message, runAt: new Date(now.getTime() + delay), leaseOwner: null, leaseExpiresAt: null },
      log,
    );
    if (ok) log.warn("job failed, will retry", { attempt: job.attempts, retryInMs: delay, error: errorMessage(error) });
    return ok ? "retried" : "lost";
  }

  async function execute(database: DatabaseName, db: LibSQLDatabase, job: JobRow): Promise<Outcome> {
    const log = withFields(logger, { db: database, job: job.id, type: job.type });
    const definition = getJobDefinition(job.type);
    if (!definition) {
      return fail(
        db,
        job,
        new PermanentJobError(`Unknown job type "${job.type}": no handler is registered (import its job file in lib/jobs/registry.ts)`),
        log,
      );
    }
    if (job.attempts > job.maxAttempts) {
      // Each of its attempts ended with the lease running out (a crash or a hang every time): stop here.
      const previous = job.lastError ? `\nLast error: ${job.lastError}` : "";
      return fail(
        db,
        job,
        new PermanentJobError(`Gave up after ${job.maxAttempts} attempts: the last one never finished (its lease expired)${previous}`),
        log,
      );
    }
    const parsed = definition.schema.safeParse(job.payload);
    if (!parsed.success) {
      return fail(db, job, new PermanentJobError(`Invalid payload for "${job.type}": ${parsed.error.message}`), log);
    }

    // A write on the shared connection while this process has a transaction open on the same database
    // blocks the event loop until the busy timeout (the local libSQL driver is synchronous), so a beat that
    // falls inside one of the handler's `once` transactions is skipped; the next one extends the lease.
    let openTransactions = 0;
    const heartbeat = setInterval(
      () => {
        if (openTransactions > 0) return;
        db.update(jobs)
          .set({ leaseExpiresAt: new Date(clock().getTime() + leaseMs) })
          .where(fence(job))
          .returning({ id: jobs.id })
          .then((rows) => {
            if (rows.length === 0) log.warn("heartbeat found the lease taken by another worker");
          })
          .catch((error) => log.warn("heartbeat failed", { error: errorMessage(error) }));
      },
      Math.max(50, Math.floor(leaseMs / 3)),
    );
    heartbeat.unref?.();

    const ctx: JobContext = {
      jobId: job.id,
      attempt: job.attempts,
      maxAttempts: job.maxAttempts,
      isLastAttempt: job.attempts >= job.maxAttempts,
      database,
      now: clock,
      logger: log,
      once: async (key, target, fn) => {
        openTransactions++;
        try {
          return await target.transaction(async (tx) => {
            const recorded = await tx
              .insert(jobEffects)
              .values({ key: `${job.id}:${key}`, jobId: job.id })
              .onConflictDoNothing()
              .returning({ key: jobEffects.key });
            if (recorded.length === 0) {
              log.info("effect already applied by an earlier run; skipped", { effect: key });
              return { applied: false, value: undefined };
            }
            return { applied: true, value: await fn(tx as never) };
          });
        } finally {
          openTransactions--;
        }
      },
    };

    try {
      log.debug("running", { attempt: job.attempts });
      const result = await definition.handler(parsed.data, ctx);
      clearInterval(heartbeat);
      const ok = await finish(
        db,
        job,
        { status: "succeeded", result: result ?? null, lastError: null, finishedAt: clock(), leaseOwner: null, leaseExpiresAt: null },
        log,
      );
      return ok ? "succeeded" : "lost";
    } catch (error) {
      clearInterval(heartbeat);
      return fail(db, job, error, log);
    } finally {
      clearInterval(heartbeat);
    }
  }

  function markAvailable(database: DatabaseName) {
    if (failing.delete(database)) logger.info("database reachable again; serving its jobs", { db: database });
  }

  function markUnavailable(database: DatabaseName, error: unknown) {
    let reason: string;
    try {
      reason = describeDatabaseError(databaseConfig(database), rootError(error)).message;
    } catch {
      reason = `Database "${database}" is unavailable: ${errorMessage(error)}`;
    }
    if (/no such table/i.test(reason)) reason += " (not migrated? run `npm run db:migrate`)";
    if (!failing.has(database)) {
      logger.error("cannot poll jobs; other databases are still served", { db: database, reason });
    }
    failing.set(database, reason);
  }

  async function runOnce(): Promise<RunStats> {
    const stats: RunStats = { claimed: 0, succeeded: 0, retried: 0, dead: 0, unavailable: [] };
    if (schedules.length > 0) {
      await enqueueDueSchedules({ schedules, now: clock(), seen: scheduled, logger, onUnavailable: markUnavailable });
    }
    for (const database of databases) {
      if (stopping) break;
      let db: LibSQLDatabase;
      try {
        db = jobsDatabase(database);
      } catch (error) {
        markUnavailable(database, error);
        stats.unavailable.push(database);
        continue;
      }
      for (let i = 0; i < batchSize && !stopping; i++) {
        let job: JobRow | undefined;
        try {
          job = await claim(db);
        } catch (error) {
          markUnavailable(database, error);
          stats.unavailable.push(database);
          break;
        }
        markAvailable(database);
        if (!job) break;
        stats.claimed++;
        let outcome: Outcome;
        try {
          outcome = await execute(database, db, job);
        } catch (error) {
          // Recording the outcome failed (the database went away mid-job): the lease will expire and the
          // job will run again, its `once` effects protected.
          markUnavailable(database, error);
          stats.unavailable.push(database);
          break;
        }
        if (outcome === "succeeded") stats.succeeded++;
        else if (outcome === "retried") stats.retried++;
        else if (outcome === "dead") stats.dead++;
      }
    }
    return stats;
  }

  async function pollLoop() {
    while (!stopping) {
      let stats: RunStats | undefined;
      try {
        stats = await runOnce();
      } catch (error) {
        logger.error("worker pass failed", { error: errorText(error) });
      }
      if (stopping) break;
      if (stats && stats.claimed > 0) continue;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, pollMs);
        wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      wake = undefined;
    }
  }

  return {
    owner,
    get running() {
      return loop !== undefined;
    },
    start() {
      if (loop) return;
      stopping = false;
      logger.info("worker started", { owner, databases: databases.join(","), leaseMs, pollMs });
      loop = pollLoop().finally(() => {
        loop = undefined;
      });
    },
    async stop() {
      stopping = true;
      wake?.();
      if (loop) await loop;
      stopping = false;
      logger.info("worker stopped", { owner });
    },
    runOnce,
  };
}
