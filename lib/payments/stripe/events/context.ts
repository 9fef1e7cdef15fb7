import "server-only";
import type Stripe from "stripe";
import type { SettleEvent } from "../../events";

/** What every Stripe event handler gets: the client to re-read authoritative state, and the time. */
export interface StripeEventContext {
  stripe: Stripe;
  now: Date;
  /** Marks the event processed inside the handler's transaction (lib/payments/events.ts). */
  settle?: SettleEvent;
}
