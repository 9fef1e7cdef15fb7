import "server-only";
/**
 * checkout.session.completed: the customer finished Stripe Checkout. Re-reads the session (with its PaymentIntent)
 * from Stripe; a paid session records the payment of the invoice in its metadata. Sessions paid later (bank debits)
 * are recorded by payment_intent.succeeded instead.
 */
import type Stripe from "stripe";
import type { EventOutcome } from "../../events";
import { recordStripePaymentIntent } from "../record";
import type { StripeEventContext } from "./context";

export async function handleCheckoutSessionCompleted(event: Stripe.Event, ctx: StripeEventContext): Promise<EventOutcome> {
  const sessionId = (event.data.object as { id: string }).id;
  const session = await ctx.stripe.checkout.sessions.retrieve(sessionId, { expand: ["payment_intent", "payment_intent.payment_method"] });
  if (session.mode !== "payment") return { note: `session mode ${session.mode} is not used by Skyport` };
  if (session.payment_status !== "paid") return { note: `session is ${session.payment_status}; waiting for payment_intent.succeeded` };
  const pi = session.payment_intent;
  if (!pi) return { note: "paid session without a payment intent" };
  const intent = typeof pi === "string" ? await ctx.stripe.paymentIntents.retrieve(pi, { expand: ["payment_method"] }) : pi;
  // The session's metadata names the invoice too; the PaymentIntent's copy is what recording uses.
  if (!intent.metadata?.invoiceId && session.metadata?.invoiceId) intent.metadata = { ...intent.metadata, invoiceId: session.metadata.invoiceId };
  return recordStripePaymentIntent(intent, ctx.now, ctx.settle);
}
