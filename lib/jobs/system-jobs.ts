import "server-only";
/** Housekeeping jobs of the job system itself. */
import { and, eq, lt, sql } from "drizzle-orm";
import { z } from "zod";
import { scheduleRuns } from "@/db/ops/schema";
import { DATABASE_NAMES, type DatabaseName } from "@/lib/env";
import { defineJob } from "./define";
import { errorMessage } from "./log";
import { jobs, jobsDatabase } from "./tables";

const DAY = 24 * 60 * 60_000;

/**
 * Deletes succeeded jobs finished more than `keepDays` ago in every database, and old schedule_runs rows
 * except each schedule's newest (which is what stops its latest tick being scheduled twice).
 * Dead jobs are kept for the admin to inspect and retry; job_effects are kept because a retried job
 * must still see the effects it applied.
 */
export const cleanupJob = defineJob(
  "system.cleanup",
  z.object({
    keepDays: z.number().int().positive().default(7),
    databases: z.array(z.enum(DATABASE_NAMES)).optional(),
  }),
  async ({ keepDays, databases = DATABASE_NAMES }, ctx) => {
    const cutoff = new Date(ctx.now().getTime() - keepDays * DAY);
    const deleted: Partial<Record<DatabaseName, number>> = {};
    const errors: string[] = [];
    for (const name of databases) {
      try {
        const rows = await jobsDatabase(name)
          .delete(jobs)
          .where(and(eq(jobs.status, "succeeded"), lt(jobs.finishedAt, cutoff)))
          .returning({ id: jobs.id });
        deleted[name] = rows.length;
      } catch (error) {
        // One unreachable database must not stop the others being cleaned; the job retries later.
        errors.push(`${name}: ${errorMessage(error)}`);
      }
    }
    const runs = await jobsDatabase("ops")
      .delete(scheduleRuns)
      .where(
        and(
          lt(scheduleRuns.createdAt, cutoff),
          // Qualified by hand: drizzle renders unqualified columns in DELETE, which would bind to the alias.
          sql`exists (select 1 from schedule_runs newer where newer.name = schedule_runs.name and newer.tick_at > schedule_runs.tick_at)`,
        ),
      )
      .returning({ name: scheduleRuns.name });
    if (errors.length > 0) throw new Error(`cleanup incomplete: ${errors.join("; ")}`);
    ctx.logger.info("cleanup done", { deleted, scheduleRuns: runs.length });
    return { deleted, scheduleRuns: runs.length };
  },
);
