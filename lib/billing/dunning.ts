import "server-only";
/**
 * Dunning: a state machine per unpaid invoice. Each step that happens is a row in dunning_steps (unique per
 * invoice and step), written in the same transaction as its effect (an email job, suspension/termination jobs), so
 * no step ever happens twice however often the job runs (FOSSBilling#4024).
 *
 * Steps (days relative to the due date, from ops settings): before_due (−reminderDaysBefore), due (0), overdue_1/3/7
 * (the three `overdueReminderDays`, default 1, 3, 7), suspension_warning (two days before suspension), suspended
 * (`suspendAfterDays`, default 10), terminated (`terminateAfterDays`, default 30). If the job was not run for a
 * while, every step already due is recorded but only the latest reminder is emailed.
 * Only invoices for running services dun: renewals, upgrades and manual invoices (a new order's unpaid invoice has
 * no service to suspend and just expires).
 */
import { and, eq, inArray } from "drizzle-orm";
import { z } from "zod";
import { billingDb } from "@/db/billing/client";
import { dunningSteps, invoiceItems, invoices, services, type DunningStep } from "@/db/billing/schema";
import { defineJob } from "@/lib/jobs/define";
import { enqueueProvisioning } from "@/lib/provisioning/jobs";
import { NON_PAYMENT_SUSPENSION } from "./fulfilment";
import { markOverdueInvoices, PAYABLE_STATUSES } from "./invoices";
import { appUrl, money, sendBillingEmail } from "./notify";
import { getBillingSettings, type BillingSettings } from "./settings";

const DAY = 86_400_000;
const EMAIL_STEPS: DunningStep[] = ["before_due", "due", "overdue_1", "overdue_3", "overdue_7", "suspension_warning", "suspended", "terminated"];

/** When each step falls due for an invoice due at `dueAt`, in step order. */
export function dunningSchedule(dueAt: Date, s: Pick<BillingSettings, "reminderDaysBefore" | "overdueReminderDays" | "suspendAfterDays" | "terminateAfterDays">): Array<{ step: DunningStep; at: Date }> {
  const at = (days: number) => new Date(dueAt.getTime() + days * DAY);
  const [o1 = 1, o3 = 3, o7 = 7] = s.overdueReminderDays;
  const steps: Array<{ step: DunningStep; at: Date }> = [
    { step: "before_due", at: at(-s.reminderDaysBefore) },
    { step: "due", at: at(0) },
    { step: "overdue_1", at: at(o1) },
    { step: "overdue_3", at: at(o3) },
    { step: "overdue_7", at: at(o7) },
  ];
  if (s.suspendAfterDays > 2) steps.push({ step: "suspension_warning", at: at(s.suspendAfterDays - 2) });
  steps.push({ step: "suspended", at: at(s.suspendAfterDays) }, { step: "terminated", at: at(s.terminateAfterDays) });
  return steps;
}

export interface DunningRunResult {
  overdue: number;
  steps: Array<{ invoiceId: string; step: DunningStep; emailed: boolean }>;
}

export async function runDunning(options: { now: Date }): Promise<DunningRunResult> {
  const now = options.now;
  const settings = await getBillingSettings();
  const db = billingDb();
  const overdue = await markOverdueInvoices(now, db);
  const horizon = new Date(now.getTime() + settings.reminderDaysBefore * DAY);
  const open = await db
    .select()
    .from(invoices)
    .where(and(inArray(invoices.status, [...PAYABLE_STATUSES]), inArray(invoices.kind, ["renewal", "upgrade", "manual"])));
  const result: DunningRunResult = { overdue, steps: [] };
  for (const invoice of open) {
    if (!invoice.dueAt || invoice.dueAt > horizon) continue;
    const dueSteps = dunningSchedule(invoice.dueAt, settings).filter((s) => s.at <= now);
    if (dueSteps.length === 0) continue;
    await db.transaction(async (tx) => {
      const done = new Set((await tx.select({ step: dunningSteps.step }).from(dunningSteps).where(eq(dunningSteps.invoiceId, invoice.id))).map((r) => r.step));
      const fresh = dueSteps.filter((s) => !done.has(s.step));
      if (fresh.length === 0) return;
      await tx.insert(dunningSteps).values(fresh.map((s) => ({ invoiceId: invoice.id, step: s.step }))).onConflictDoNothing();
      const latestEmail = [...fresh].reverse().find((s) => EMAIL_STEPS.includes(s.step));
      if (latestEmail) {
        await dunningEmailJob.enqueue(tx, { invoiceId: invoice.id, step: latestEmail.step }, { uniqueKey: `dunning:${invoice.id}:${latestEmail.step}`, runAt: now });
      }
      const serviceIds = (await tx.select({ id: invoiceItems.serviceId }).from(invoiceItems).where(eq(invoiceItems.invoiceId, invoice.id)))
        .map((r) => r.id)
        .filter((id): id is string => !!id);
      const targets = serviceIds.length ? await tx.select().from(services).where(inArray(services.id, serviceIds)) : [];
      if (fresh.some((s) => s.step === "suspended")) {
        for (const s of targets.filter((t) => t.status === "active")) {
          // Recorded now so the portal says why at once; the module disables it through the job.
          await tx.update(services).set({ suspensionReason: NON_PAYMENT_SUSPENSION }).where(eq(services.id, s.id));
          await enqueueProvisioning(tx, { serviceId: s.id, action: "suspend", key: `suspend:${s.id}:${invoice.id}`, reason: NON_PAYMENT_SUSPENSION, runAt: now });
        }
      }
      if (fresh.some((s) => s.step === "terminated")) {
        for (const s of targets.filter((t) => t.status === "active" || t.status === "suspended")) {
          await tx.update(services).set({ status: "cancelled", cancelledAt: now, cancellationReason: "unpaid" }).where(eq(services.id, s.id));
          await enqueueProvisioning(tx, { serviceId: s.id, action: "terminate", key: `terminate:${s.id}`, reason: "unpaid", runAt: now });
        }
        await tx.update(invoices).set({ status: "cancelled", cancelledAt: now }).where(eq(invoices.id, invoice.id));
      }
      for (const s of fresh) result.steps.push({ invoiceId: invoice.id, step: s.step, emailed: s === latestEmail });
    });
  }
  return result;
}

const TEXT: Record<DunningStep, (number: string, amount: string, due: string) => { subject: string; heading: string; body: string }> = {
  before_due: (n, a, d) => ({ subject: `Invoice ${n} is due on ${d}`, heading: "A reminder about your upcoming invoice", body: `Invoice ${n} for ${a} is due on ${d}.` }),
  due: (n, a) => ({ subject: `Invoice ${n} is due today`, heading: "Your invoice is due today", body: `Invoice ${n} for ${a} is due today.` }),
  overdue_1: (n, a) => ({ subject: `Invoice ${n} is overdue`, heading: "Your invoice is overdue", body: `We have not received payment of ${a} for invoice ${n}.` }),
  overdue_3: (n, a) => ({ subject: `Second reminder: invoice ${n} is overdue`, heading: "Your invoice is still unpaid", body: `Invoice ${n} for ${a} is still unpaid.` }),
  overdue_7: (n, a) => ({ subject: `Final reminder: invoice ${n} is overdue`, heading: "Please pay your overdue invoice", body: `Invoice ${n} for ${a} is a week overdue.` }),
  suspension_warning: (n, a) => ({ subject: `Your service will be suspended: invoice ${n}`, heading: "Your service will be suspended soon", body: `Unless invoice ${n} for ${a} is paid within two days, the service it covers will be suspended.` }),
  suspended: (n) => ({ subject: `Service suspended: invoice ${n} unpaid`, heading: "Your service is suspended", body: `The service covered by invoice ${n} is suspended. Paying the invoice restores it right away.` }),
  terminated: (n) => ({ subject: `Service terminated: invoice ${n} unpaid`, heading: "Your service has been terminated", body: `Invoice ${n} stayed unpaid, so the service it covered has been terminated.` }),
};

export const dunningEmailJob = defineJob(
  "billing.dunning-email",
  z.object({ invoiceId: z.string().min(1), step: z.enum(EMAIL_STEPS as [DunningStep, ...DunningStep[]]) }),
  async ({ invoiceId, step }) => {
    const [invoice] = await billingDb().select().from(invoices).where(eq(invoices.id, invoiceId)).limit(1);
    if (!invoice) return { skipped: "no invoice" };
    // Paid since the step was recorded: a reminder would be wrong (suspension/termination notices still go out).
    if (!PAYABLE_STATUSES.includes(invoice.status) && step !== "terminated") return { skipped: `invoice is ${invoice.status}` };
    const due = invoice.dueAt ? invoice.dueAt.toISOString().slice(0, 10) : "";
    const text = TEXT[step](invoice.number ?? "", money(invoice.total - invoice.amountPaid, invoice.currency), due);
    const id = await sendBillingEmail({
      customerId: invoice.customerId,
      dedupeKey: `dunning:${invoiceId}:${step}`,
      template: `billing.dunning.${step}`,
      subject: text.subject,
      heading: text.heading,
      paragraphs: [text.body],
      action: step === "terminated" ? undefined : { label: "Pay invoice", url: appUrl(`/portal/invoices/${invoiceId}`) },
    });
    if (id) await billingDb().update(dunningSteps).set({ emailId: id }).where(and(eq(dunningSteps.invoiceId, invoiceId), eq(dunningSteps.step, step)));
    return { emailId: id };
  },
);
