import "server-only";
/** charge.refunded: re-reads the charge with its refunds and records each succeeded refund once. */
import type Stripe from "stripe";
import { recordGatewayRefund } from "@/lib/billing/refunds";
import type { EventOutcome } from "../../events";
import type { StripeEventContext } from "./context";

export async function handleChargeRefunded(event: Stripe.Event, ctx: StripeEventContext): Promise<EventOutcome> {
  const id = (event.data.object as { id: string }).id;
  const charge = await ctx.stripe.charges.retrieve(id, { expand: ["refunds"] });
  const paymentIntent = typeof charge.payment_intent === "string" ? charge.payment_intent : charge.payment_intent?.id;
  if (!paymentIntent) return { note: "charge without a payment intent" };
  const outcomes: string[] = [];
  for (const refund of charge.refunds?.data ?? []) {
    if (refund.status !== "succeeded") continue;
    const result = await recordGatewayRefund({
      gateway: "stripe",
      gatewayRef: refund.id,
      paymentGatewayRef: paymentIntent,
      amount: refund.amount,
      currency: refund.currency,
      localRefundId: refund.metadata?.refundId ?? null,
      reason: refund.reason ?? null,
      now: ctx.now,
    });
    outcomes.push(`${refund.id}:${result.outcome}`);
  }
  return { note: outcomes.join(", ") || "no succeeded refunds" };
}
