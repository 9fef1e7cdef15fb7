import "server-only";
/**
 * Scheduled jobs, all in one list. Cron expressions are evaluated in UTC.
 *
 * Any number of workers may tick at once: the tick is enqueued with uniqueKey `schedule:<name>:<tickISO>`
 * in the target database (so one job per tick) and recorded in ops `schedule_runs` (unique name + tick),
 * which also keeps a tick from being scheduled again after `system.cleanup` has pruned its job.
 * Only the most recent due tick is considered: a worker that was down for a day runs a missed daily job
 * once, not once per missed tick.
 */
import { Cron } from "croner";
import { and, eq } from "drizzle-orm";
import { scheduleRuns } from "@/db/ops/schema";
import type { DatabaseName } from "@/lib/env";
import { enqueue } from "./enqueue";
import type { Logger } from "./log";
import { jobsDatabase } from "./tables";

export interface Schedule {
  /** Stable name: changing it re-schedules the latest tick under the new name. */
  name: string;
  /** Five-field cron (minute hour day month weekday), or six with seconds first; UTC. */
  cron: string;
  type: string;
  payload: unknown;
  /** Whose queue receives the job. */
  database: DatabaseName;
}

export const SCHEDULES: readonly Schedule[] = [
  { name: "system.cleanup", cron: "17 3 * * *", type: "system.cleanup", payload: {}, database: "ops" },
  { name: "identity.rate-limits.prune", cron: "41 3 * * *", type: "identity.rate-limits.prune", payload: {}, database: "identity" },
  { name: "billing.automation", cron: "7 * * * *", type: "billing.automation", payload: {}, database: "billing" },
  // Nightly: gateway payments of the last 3 days against our records (lib/payments/reconciliation.ts).
  { name: "billing.reconcile", cron: "23 2 * * *", type: "billing.reconcile", payload: {}, database: "billing" },
  // Daily: VAT IDs accepted as "unverified" while VIES was down are checked again (lib/billing/vies-recheck.ts).
  { name: "billing.vies-recheck", cron: "37 4 * * *", type: "billing.vies-recheck", payload: {}, database: "billing" },
  { name: "identity.email-tokens.prune", cron: "43 3 * * *", type: "identity.email-tokens.prune", payload: {}, database: "identity" },
  { name: "identity.auth-events.prune", cron: "47 3 * * *", type: "identity.auth-events.prune", payload: {}, database: "identity" },
  { name: "vpn.health-samples.prune", cron: "23 4 * * *", type: "vpn.health-samples.prune", payload: {}, database: "vpn" },
  { name: "support.sla-sweep", cron: "*/5 * * * *", type: "support.sla-sweep", payload: {}, database: "support" },
  { name: "support.auto-close", cron: "23 * * * *", type: "support.auto-close", payload: {}, database: "support" },
  { name: "content.publish-due", cron: "*/5 * * * *", type: "content.publish-due", payload: {}, database: "content" },
];

const crons = new Map<string, Cron>();
function cronOf(expression: string): Cron {
  let cron = crons.get(expression);
  if (!cron) {
    cron = new Cron(expression, { timezone: "UTC", paused: true });
    crons.set(expression, cron);
  }
  return cron;
}

/** The latest tick at or before `now`, or null when the expression has never fired. */
export function latestTick(expression: string, now: Date): Date | null {
  // previousRuns excludes a tick at exactly `now`; one millisecond later includes it.
  return cronOf(expression).previousRuns(1, new Date(now.getTime() + 1))[0] ?? null;
}

export interface EnqueueDueOptions {
  schedules?: readonly Schedule[];
  now?: Date;
  /** Per-process memory of the last tick handled per schedule, so the databases are asked once per tick. */
  seen?: Map<string, number>;
  logger?: Logger;
  onUnavailable?: (database: DatabaseName, error: unknown) => void;
}

/** Enqueues every schedule's latest due tick that nobody has enqueued yet. Returns the ids of jobs it created or found. */
export async function enqueueDueSchedules(options: EnqueueDueOptions = {}): Promise<string[]> {
  const { schedules = SCHEDULES, now = new Date(), seen, logger, onUnavailable } = options;
  const ids: string[] = [];
  for (const schedule of schedules) {
    const tick = latestTick(schedule.cron, now);
    if (!tick) continue;
    if (seen?.get(schedule.name) === tick.getTime()) continue;
    let failedDatabase: DatabaseName = "ops";
    try {
      const ops = jobsDatabase("ops");
      const recorded = await ops
        .select({ jobId: scheduleRuns.jobId })
        .from(scheduleRuns)
        .where(and(eq(scheduleRuns.name, schedule.name), eq(scheduleRuns.tickAt, tick)))
        .limit(1);
      if (!recorded[0]) {
        failedDatabase = schedule.database;
        // Job first, record second: a crash in between leaves a job and no record, and the next pass
        // finds the same job by its unique key and records it.
        const jobId = await enqueue(jobsDatabase(schedule.database), {
          type: schedule.type,
          payload: schedule.payload,
          runAt: tick,
          uniqueKey: `schedule:${schedule.name}:${tick.toISOString()}`,
        });
        failedDatabase = "ops";
        await ops.insert(scheduleRuns).values({ name: schedule.name, tickAt: tick, jobId }).onConflictDoNothing();
        logger?.info("scheduled", { schedule: schedule.name, tick, db: schedule.database, job: jobId });
        ids.push(jobId);
      }
      seen?.set(schedule.name, tick.getTime());
    } catch (error) {
      if (onUnavailable) onUnavailable(failedDatabase, error);
      else throw error;
    }
  }
  return ids;
}
