import "server-only";
/**
 * Scheduled publishing: scheduling a page or post enqueues this job at its publish time (unique per document
 * and time). The job publishes it only if it is still scheduled for a time at or before the job's clock.
 */
import { z } from "zod";
import { defineJob } from "@/lib/jobs/define";
import { PUBLISH_DUE_SWEEP_JOB, PUBLISH_SCHEDULED_JOB, publishDueDocuments } from "./documents";

export const publishScheduledJob = defineJob(PUBLISH_SCHEDULED_JOB, z.object({ kind: z.enum(["page", "post"]), id: z.string().min(1) }), async (payload, ctx) => {
  const published = await publishDueDocuments(ctx.now(), payload);
  ctx.logger.info("content published", { kind: payload.kind, id: payload.id, published: published.length });
  return { published: published.length };
});

/** Safety net (lib/jobs/schedules.ts, every 5 minutes): anything scheduled whose own job was lost (restored database, rows written by hand). */
export const publishDueSweepJob = defineJob(PUBLISH_DUE_SWEEP_JOB, z.object({}).passthrough(), async (_payload, ctx) => {
  const published = await publishDueDocuments(ctx.now());
  if (published.length) ctx.logger.info("content published by sweep", { published: published.length });
  return { published: published.length };
});
