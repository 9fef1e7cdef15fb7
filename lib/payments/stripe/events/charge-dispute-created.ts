import "server-only";
/**
 * charge.dispute.created: the customer's bank disputes a payment. Re-reads the dispute, marks the payment disputed
 * and flags it for staff (respond with evidence before the deadline; consider suspending the service).
 */
import { and, eq } from "drizzle-orm";
import type Stripe from "stripe";
import { billingDb } from "@/db/billing/client";
import { payments, reconciliationFlags } from "@/db/billing/schema";
import type { EventOutcome } from "../../events";
import type { StripeEventContext } from "./context";

export async function handleChargeDisputeCreated(event: Stripe.Event, ctx: StripeEventContext): Promise<EventOutcome> {
  const id = (event.data.object as { id: string }).id;
  const dispute = await ctx.stripe.disputes.retrieve(id);
  const paymentIntent = typeof dispute.payment_intent === "string" ? dispute.payment_intent : dispute.payment_intent?.id;
  return billingDb().transaction(async (tx) => {
    const [payment] = paymentIntent
      ? await tx.select().from(payments).where(and(eq(payments.gateway, "stripe"), eq(payments.gatewayRef, paymentIntent))).limit(1)
      : [];
    if (payment) await tx.update(payments).set({ status: "disputed" }).where(eq(payments.id, payment.id));
    await tx
      .insert(reconciliationFlags)
      .values({
        gateway: "stripe",
        gatewayRef: dispute.id,
        kind: payment ? "status_mismatch" : "missing_locally",
        paymentId: payment?.id ?? null,
        invoiceId: payment?.invoiceId ?? null,
        amount: payment?.amount ?? null,
        gatewayAmount: dispute.amount,
        currency: dispute.currency.toUpperCase(),
        details: {
          message: `Payment disputed (${dispute.reason}); respond in the Stripe dashboard`,
          dispute: dispute.id,
          reason: dispute.reason,
          status: dispute.status,
          evidenceDueBy: dispute.evidence_details?.due_by ?? null,
        },
      })
      .onConflictDoNothing();
    return { invoiceId: payment?.invoiceId ?? null, paymentId: payment?.id ?? null, note: `dispute ${dispute.id} (${dispute.reason})` };
  });
}
