import "server-only";
/**
 * `provisioning.run`: one provisioning action for one service, retried by the job system when the module fails
 * (the run row keeps every attempt's steps). Enqueue it with `enqueueProvisioning` in the transaction of the
 * change that causes it (payment recorded, invoice overdue, cancellation), so it happens exactly when that commits.
 */
import { z } from "zod";
import { defineJob } from "@/lib/jobs/define";
import type { JobExecutor } from "@/lib/jobs/tables";
import { runProvisioning } from "./run";
import { PROVISIONING_RUN_ACTIONS, type ProvisioningAction } from "./types";

export const provisioningRunJob = defineJob(
  "provisioning.run",
  z.object({
    serviceId: z.string().min(1),
    action: z.enum(PROVISIONING_RUN_ACTIONS),
    /** The run's idempotency key (also the job's unique key). */
    key: z.string().min(1),
    reason: z.string().nullish(),
    triggeredBy: z.string().nullish(),
  }),
  async ({ serviceId, action, key, reason, triggeredBy }, ctx) => {
    const outcome = await runProvisioning(serviceId, action, {
      idempotencyKey: key,
      jobId: ctx.jobId,
      reason: reason ?? null,
      triggeredBy: triggeredBy ?? null,
      now: ctx.now,
    });
    return outcome;
  },
);

/** Enqueues a provisioning action on the billing queue; the same key enqueues (and runs) once. */
export async function enqueueProvisioning(
  tx: JobExecutor,
  input: { serviceId: string; action: ProvisioningAction; key: string; reason?: string | null; triggeredBy?: string | null; runAt?: Date },
): Promise<string> {
  return provisioningRunJob.enqueue(
    tx,
    { serviceId: input.serviceId, action: input.action, key: input.key, reason: input.reason ?? null, triggeredBy: input.triggeredBy ?? null },
    { uniqueKey: `provision:${input.key}`, runAt: input.runAt },
  );
}
