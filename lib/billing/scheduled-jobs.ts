import "server-only";
/**
 * The nightly/daily billing jobs (lib/jobs/schedules.ts). Their work is imported when they run, not when a worker
 * starts: every worker process loads the job registry, and gateway SDKs are heavy to load.
 */
import { z } from "zod";
import { defineJob } from "@/lib/jobs/define";

/** billing.reconcile: gateway payments against our records; a gateway it could not reach fails the job (retried). */
export const reconcileJob = defineJob("billing.reconcile", z.object({ windowDays: z.number().int().min(1).max(90).optional() }).passthrough(), async (payload, ctx) => {
  const { reconcileGateways } = await import("@/lib/payments/reconciliation");
  const result = await reconcileGateways({ now: ctx.now(), windowDays: payload.windowDays });
  if (result.errors.length) throw new Error(`reconciliation could not check everything: ${result.errors.join("; ")}`);
  return { checked: result.checked, recorded: result.recorded.length, flagged: result.flagged.length };
});

/** billing.vies-recheck: VAT IDs accepted as "unverified" while VIES was down, checked again. */
export const viesRecheckJob = defineJob("billing.vies-recheck", z.object({}).passthrough(), async (_payload, ctx) => {
  const { recheckUnverifiedVatIds } = await import("./vies-recheck");
  const r = await recheckUnverifiedVatIds({ now: ctx.now() });
  return { checked: r.checked, verified: r.verified.length, invalid: r.invalid.length, stillUnverified: r.stillUnverified };
});
