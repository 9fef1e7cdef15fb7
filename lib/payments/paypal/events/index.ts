import "server-only";
/** The allow-list: PayPal event types Skyport acts on, one handler file each. Anything else is stored and ignored. */
import type { EventOutcome } from "../../events";
import type { PayPalEventContext, PayPalWebhookEvent } from "./context";
import { handlePaymentCaptureCompleted } from "./payment-capture-completed";
import { handlePaymentCaptureDenied } from "./payment-capture-denied";
import { handlePaymentCaptureRefunded } from "./payment-capture-refunded";

export type PayPalEventHandler = (event: PayPalWebhookEvent, ctx: PayPalEventContext) => Promise<EventOutcome>;

export const PAYPAL_EVENT_HANDLERS: Readonly<Record<string, PayPalEventHandler>> = Object.freeze({
  "PAYMENT.CAPTURE.COMPLETED": handlePaymentCaptureCompleted,
  "PAYMENT.CAPTURE.DENIED": handlePaymentCaptureDenied,
  "PAYMENT.CAPTURE.REFUNDED": handlePaymentCaptureRefunded,
});

export type { PayPalEventContext, PayPalWebhookEvent };
