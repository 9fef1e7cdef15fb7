import "server-only";
/**
 * The Stripe webhook, framework-free: the route passes the raw body (`await req.text()`) and the `stripe-signature`
 * header and returns `{ status, body }` as JSON.
 *
 * Verified with stripe.webhooks.constructEvent (signature over the exact bytes, 300 s tolerance): a forged or stale
 * delivery gets 400 and nothing is stored. A verified event is stored under (gateway, event id) before any handler
 * runs (lib/payments/events.ts); duplicates answer 200 without acting; types outside the allow-list are stored as
 * ignored. Handlers re-read the objects from the Stripe API and are idempotent, so order does not matter.
 */
import type Stripe from "stripe";
import { createLogger } from "@/lib/jobs/log";
import { processVerifiedEvent, type SettleEvent, type WebhookResponse } from "../events";
import { stripeClient, stripeWebhookSecret } from "./client";
import { STRIPE_EVENT_HANDLERS } from "./events";

const logger = createLogger("stripe-webhook");

export async function handleStripeWebhook(rawBody: string, signatureHeader: string | null, options: { now?: Date } = {}): Promise<WebhookResponse> {
  const secret = await stripeWebhookSecret();
  if (!secret) return { status: 503, body: { error: "Stripe webhooks are not configured" } };
  if (!signatureHeader) return { status: 400, body: { error: "missing stripe-signature header" } };
  let stripe: Stripe;
  try {
    stripe = await stripeClient();
  } catch {
    return { status: 503, body: { error: "Stripe is not configured" } };
  }
  let event: Stripe.Event;
  try {
    event = stripe.webhooks.constructEvent(rawBody, signatureHeader, secret);
  } catch {
    // Never say which part failed: a forger learns nothing.
    return { status: 400, body: { error: "invalid signature" } };
  }
  const now = options.now ?? new Date();
  const handlers = Object.fromEntries(
    Object.entries(STRIPE_EVENT_HANDLERS).map(([type, handler]) => [type, (e: Stripe.Event, settle: SettleEvent) => handler(e, { stripe, now, settle })]),
  );
  return processVerifiedEvent({
    gateway: "stripe",
    eventId: event.id,
    type: event.type,
    payload: JSON.parse(rawBody) as unknown,
    event,
    handlers,
    now,
    log: (message, fields) => logger.error(message, fields),
  });
}
