import "server-only";
/** The allow-list: Stripe event types Skyport acts on, one handler file each. Anything else is stored and ignored. */
import type Stripe from "stripe";
import type { EventOutcome } from "../../events";
import { handleChargeDisputeCreated } from "./charge-dispute-created";
import { handleChargeRefunded } from "./charge-refunded";
import { handleCheckoutSessionCompleted } from "./checkout-session-completed";
import type { StripeEventContext } from "./context";
import { handlePaymentIntentPaymentFailed } from "./payment-intent-payment-failed";
import { handlePaymentIntentSucceeded } from "./payment-intent-succeeded";

export type StripeEventHandler = (event: Stripe.Event, ctx: StripeEventContext) => Promise<EventOutcome>;

export const STRIPE_EVENT_HANDLERS: Readonly<Record<string, StripeEventHandler>> = Object.freeze({
  "checkout.session.completed": handleCheckoutSessionCompleted,
  "payment_intent.succeeded": handlePaymentIntentSucceeded,
  "payment_intent.payment_failed": handlePaymentIntentPaymentFailed,
  "charge.refunded": handleChargeRefunded,
  "charge.dispute.created": handleChargeDisputeCreated,
});

export type { StripeEventContext };
