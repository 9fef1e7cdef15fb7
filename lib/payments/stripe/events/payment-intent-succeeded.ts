import "server-only";
/** payment_intent.succeeded: re-reads the PaymentIntent and records the payment (a no-op if checkout already did). */
import type Stripe from "stripe";
import type { EventOutcome } from "../../events";
import { recordStripePaymentIntent } from "../record";
import type { StripeEventContext } from "./context";

export async function handlePaymentIntentSucceeded(event: Stripe.Event, ctx: StripeEventContext): Promise<EventOutcome> {
  const id = (event.data.object as { id: string }).id;
  const pi = await ctx.stripe.paymentIntents.retrieve(id, { expand: ["payment_method"] });
  return recordStripePaymentIntent(pi, ctx.now, ctx.settle);
}
