import "server-only";
/** PAYMENT.CAPTURE.COMPLETED: re-reads the capture from PayPal and records the payment (once per capture id). */
import type { EventOutcome } from "../../events";
import { getPayPalCapture } from "../gateway";
import { recordPayPalCapture } from "../record";
import type { PayPalEventContext, PayPalWebhookEvent } from "./context";

export async function handlePaymentCaptureCompleted(event: PayPalWebhookEvent, ctx: PayPalEventContext): Promise<EventOutcome> {
  const captureId = event.resource?.id;
  if (!captureId) return { note: "event without a capture id" };
  return recordPayPalCapture(await getPayPalCapture(captureId), ctx.now, ctx.settle);
}
