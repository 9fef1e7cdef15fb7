import "server-only";
import type Stripe from "stripe";

/** What every Stripe event handler gets: the client to re-read authoritative state, and the time. */
export interface StripeEventContext {
  stripe: Stripe;
  now: Date;
}
