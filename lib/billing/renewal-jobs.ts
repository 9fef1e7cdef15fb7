import "server-only";
/**
 * `billing.charge-renewal`: charges a renewal invoice to the service's saved card on its due date. A decline is
 * recorded (payment_failures) and the next attempt is scheduled after `billing.chargeRetryDays` (default 1, 3, 5
 * days) as a new job with its own unique key and a new idempotency key at Stripe; network errors retry this job
 * (same key, so Stripe never charges twice). Dunning carries on by email meanwhile.
 */
import { and, desc, eq, isNull } from "drizzle-orm";
import { z } from "zod";
import { billingDb } from "@/db/billing/client";
import { paymentFailures } from "@/db/billing/schema";
import { defineJob } from "@/lib/jobs/define";
import { chargeSavedStripeMethod } from "@/lib/payments/stripe/gateway";
import { getBillingSettings } from "./settings";

const DAY = 86_400_000;

export const chargeRenewalJob = defineJob(
  "billing.charge-renewal",
  z.object({ invoiceId: z.string().min(1), serviceId: z.string().min(1), periodStart: z.number().int(), attempt: z.number().int().min(1) }),
  async ({ invoiceId, serviceId, periodStart, attempt }, ctx) => {
    const now = ctx.now();
    const result = await chargeSavedStripeMethod({ invoiceId, serviceId, periodStart: new Date(periodStart), attempt, now });
    if (result.outcome !== "failed") return result;
    const { chargeRetryDays } = await getBillingSettings();
    const days = chargeRetryDays[attempt - 1];
    if (days === undefined) return { ...result, retry: null };
    const runAt = new Date(Math.max(periodStart + days * DAY, now.getTime()));
    const db = billingDb();
    await db.transaction(async (tx) => {
      await chargeRenewalJob.enqueue(tx, { invoiceId, serviceId, periodStart, attempt: attempt + 1 }, { uniqueKey: `charge:${invoiceId}:${attempt + 1}`, runAt, maxAttempts: 3 });
      const [failure] = await tx
        .select({ id: paymentFailures.id })
        .from(paymentFailures)
        .where(and(eq(paymentFailures.invoiceId, invoiceId), isNull(paymentFailures.resolvedAt)))
        .orderBy(desc(paymentFailures.createdAt))
        .limit(1);
      if (failure) await tx.update(paymentFailures).set({ nextRetryAt: runAt }).where(eq(paymentFailures.id, failure.id));
    });
    return { ...result, retry: runAt.toISOString() };
  },
);
