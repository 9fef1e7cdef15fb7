import "server-only";
/**
 * The PayPal webhook, framework-free: the route passes the raw body and the request headers, and returns
 * `{ status, body }` as JSON. Verified per lib/payments/paypal/verify.ts (a bad signature answers 400 and stores
 * nothing), then stored, deduplicated and dispatched like Stripe's (lib/payments/events.ts).
 */
import { createLogger } from "@/lib/jobs/log";
import { processVerifiedEvent, type SettleEvent, type WebhookResponse } from "../events";
import { paypalWebhookId } from "./client";
import { PAYPAL_EVENT_HANDLERS, type PayPalWebhookEvent } from "./events";
import { readPayPalHeaders, verifyPayPalSignature, type CertFetcher } from "./verify";

const logger = createLogger("paypal-webhook");

export async function handlePayPalWebhook(
  rawBody: string,
  headers: Headers | Record<string, string | string[] | null | undefined>,
  options: { fetchCert?: CertFetcher; now?: Date } = {},
): Promise<WebhookResponse> {
  const webhookId = await paypalWebhookId();
  if (!webhookId) return { status: 503, body: { error: "PayPal webhooks are not configured" } };
  const now = options.now ?? new Date();
  const valid = await verifyPayPalSignature(rawBody, readPayPalHeaders(headers), webhookId, { fetchCert: options.fetchCert, now });
  if (!valid) return { status: 400, body: { error: "invalid signature" } };
  let event: PayPalWebhookEvent;
  try {
    event = JSON.parse(rawBody) as PayPalWebhookEvent;
  } catch {
    return { status: 400, body: { error: "invalid JSON" } };
  }
  if (typeof event.id !== "string" || typeof event.event_type !== "string") return { status: 400, body: { error: "not a PayPal event" } };
  const handlers = Object.fromEntries(Object.entries(PAYPAL_EVENT_HANDLERS).map(([type, handler]) => [type, (e: PayPalWebhookEvent, settle: SettleEvent) => handler(e, { now, settle })]));
  return processVerifiedEvent({
    gateway: "paypal",
    eventId: event.id,
    type: event.event_type,
    payload: event,
    event,
    handlers,
    now,
    log: (message, fields) => logger.error(message, fields),
  });
}
