import "server-only";
/**
 * What happens after an invoice is paid (the `billing.invoice-paid` job): the order is marked paid, renewal
 * periods are extended, services are activated (or unsuspended) through provisioning jobs, and the customer gets
 * one receipt. Every effect is idempotent: the database effects run once through ctx.once, provisioning jobs have
 * unique keys, and the email has a dedupe key.
 */
import { and, eq, inArray, isNull, lt, or } from "drizzle-orm";
import { billingDb } from "@/db/billing/client";
import { invoiceItems, invoices, orders, services } from "@/db/billing/schema";
import { PermanentJobError, type JobContext } from "@/lib/jobs/define";
import { enqueueProvisioning } from "@/lib/provisioning/jobs";
import { appendCredit } from "./credit";
import { applyPaidUpgrade } from "./plan-changes";
import { appUrl, money, sendBillingEmail } from "./notify";

/** Services suspended for these reasons come back when the overdue invoice is paid. */
export const NON_PAYMENT_SUSPENSION = "overdue";

export async function fulfilPaidInvoice(invoiceId: string, ctx: Pick<JobContext, "once" | "now">) {
  const db = billingDb();
  const [invoice] = await db.select().from(invoices).where(eq(invoices.id, invoiceId)).limit(1);
  if (!invoice) throw new PermanentJobError(`Invoice ${invoiceId} does not exist`);
  if (invoice.status !== "paid") return { skipped: `invoice is ${invoice.status}` };
  const now = ctx.now();

  const { value } = await ctx.once("fulfil", db, async (tx) => {
    const items = await tx.select().from(invoiceItems).where(eq(invoiceItems.invoiceId, invoiceId));
    const ids = new Set(items.map((i) => i.serviceId).filter((id): id is string => !!id));
    if (invoice.orderId) {
      await tx.update(orders).set({ status: "paid" }).where(and(eq(orders.id, invoice.orderId), eq(orders.status, "pending")));
      const ofOrder = await tx.select({ id: services.id }).from(services).where(eq(services.orderId, invoice.orderId));
      for (const s of ofOrder) ids.add(s.id);
    }
    // Renewal items carry the period they pay for: the service now runs until its end.
    for (const item of items) {
      if (!item.serviceId || !item.periodStart || !item.periodEnd || invoice.kind !== "renewal") continue;
      await tx
        .update(services)
        .set({ currentPeriodStart: item.periodStart, currentPeriodEnd: item.periodEnd, nextDueAt: item.periodEnd })
        .where(and(eq(services.id, item.serviceId), or(isNull(services.currentPeriodEnd), lt(services.currentPeriodEnd, item.periodEnd))));
    }
    // A paid upgrade switches the service to its new plan and tells the provisioning module.
    const upgrades = invoice.kind === "upgrade" ? await applyPaidUpgrade(tx, invoiceId, now) : 0;
    if (invoice.kind === "add_funds") {
      await appendCredit(tx, {
        customerId: invoice.customerId,
        currency: invoice.currency,
        amount: invoice.total,
        reason: "add_funds",
        description: `Funds added (invoice ${invoice.number})`,
        invoiceId,
        idempotencyKey: `add-funds:${invoiceId}`,
      });
    }
    const rows = ids.size ? await tx.select().from(services).where(inArray(services.id, [...ids])) : [];
    const jobs: string[] = [];
    for (const s of rows) {
      if (s.status === "pending" || (s.status === "failed" && s.provisioningStatus === "failed")) {
        jobs.push(await enqueueProvisioning(tx, { serviceId: s.id, action: "create", key: `create:${s.id}`, runAt: now }));
      } else if (s.status === "suspended" && s.suspensionReason === NON_PAYMENT_SUSPENSION) {
        jobs.push(await enqueueProvisioning(tx, { serviceId: s.id, action: "unsuspend", key: `unsuspend:${s.id}:${invoiceId}`, runAt: now }));
      }
    }
    return { services: rows.length, provisioningJobs: jobs, upgrades };
  });

  await sendBillingEmail({
    customerId: invoice.customerId,
    dedupeKey: `invoice-paid:${invoiceId}`,
    template: "billing.invoice-paid",
    subject: `Payment received: invoice ${invoice.number}`,
    heading: "Thank you for your payment",
    paragraphs: [
      `We received ${money(invoice.total, invoice.currency)} for invoice ${invoice.number}.`,
      invoice.kind === "renewal"
        ? "Your service has been renewed."
        : invoice.kind === "upgrade"
          ? "Your new plan is active now."
        : invoice.kind === "add_funds"
          ? "The amount has been added to your account credit."
          : "Your services are being set up; you can follow their progress in the portal.",
    ],
    action: { label: "View invoice", url: appUrl(`/portal/invoices/${invoiceId}`) },
  });
  return value ?? { alreadyFulfilled: true };
}
