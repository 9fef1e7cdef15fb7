import "server-only";
/**
 * payment_intent.payment_failed: records the failure for the invoice (shown to staff and used by dunning). The
 * PaymentIntent is re-read first: if it succeeded since (events arrive out of order), the payment is recorded instead.
 */
import { eq } from "drizzle-orm";
import type Stripe from "stripe";
import { billingDb } from "@/db/billing/client";
import { invoices, paymentFailures } from "@/db/billing/schema";
import type { EventOutcome } from "../../events";
import { recordStripePaymentIntent } from "../record";
import type { StripeEventContext } from "./context";

export async function handlePaymentIntentPaymentFailed(event: Stripe.Event, ctx: StripeEventContext): Promise<EventOutcome> {
  const id = (event.data.object as { id: string }).id;
  const pi = await ctx.stripe.paymentIntents.retrieve(id);
  if (pi.status === "succeeded") return recordStripePaymentIntent(pi, ctx.now);
  const invoiceId = pi.metadata?.invoiceId;
  const [invoice] = invoiceId ? await billingDb().select().from(invoices).where(eq(invoices.id, invoiceId)).limit(1) : [];
  if (!invoice) return { note: "failed payment for an unknown invoice" };
  const error = pi.last_payment_error;
  await billingDb()
    .insert(paymentFailures)
    .values({
      customerId: invoice.customerId,
      invoiceId: invoice.id,
      serviceId: pi.metadata?.serviceId ?? null,
      gateway: "stripe",
      gatewayRef: pi.id,
      amount: pi.amount,
      currency: pi.currency.toUpperCase(),
      code: error?.decline_code ?? error?.code ?? pi.status,
      message: error?.message ?? `Payment ${pi.status}`,
    });
  return { invoiceId: invoice.id, note: "payment failure recorded" };
}
