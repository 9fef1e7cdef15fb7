import "server-only";
/**
 * Billing's core jobs. lib/jobs/registry.ts imports ./register-jobs.ts, which imports this file and the other
 * job files (kept apart so invoices.ts can import the job it enqueues without an import cycle).
 */
import { z } from "zod";
import { defineJob } from "@/lib/jobs/define";
import "@/lib/provisioning/jobs";
import { fulfilPaidInvoice } from "./fulfilment";

/** Enqueued (uniqueKey `invoice-paid:<invoiceId>`) in the transaction that marks an invoice paid. */
export const invoicePaidJob = defineJob("billing.invoice-paid", z.object({ invoiceId: z.string().min(1) }), async ({ invoiceId }, ctx) =>
  fulfilPaidInvoice(invoiceId, ctx),
);

/**
 * `billing.automation` (scheduled hourly): renewal invoices and period-end cancellations, then dunning. Both
 * are idempotent, so a missed or repeated tick does no harm. Imported lazily: renewals and dunning import invoices.ts,
 * which imports this file.
 */
export const billingAutomationJob = defineJob("billing.automation", z.object({}).passthrough(), async (_payload, ctx) => {
  const { runRenewals } = await import("./renewals");
  const { runDunning } = await import("./dunning");
  const now = ctx.now();
  const renewals = await runRenewals({ now });
  const dunning = await runDunning({ now });
  return { renewals: renewals.created.length, terminated: renewals.terminated.length, dunningSteps: dunning.steps.length, overdue: dunning.overdue };
});
