import "server-only";
/** PAYMENT.CAPTURE.REFUNDED: re-reads the refund (and through its `up` link the capture) and records it once. */
import { PaymentsController } from "@paypal/paypal-server-sdk";
import { recordGatewayRefund } from "@/lib/billing/refunds";
import type { EventOutcome } from "../../events";
import { paypalClient } from "../client";
import { captureAmount } from "../record";
import type { PayPalEventContext, PayPalWebhookEvent } from "./context";

export async function handlePaymentCaptureRefunded(event: PayPalWebhookEvent, ctx: PayPalEventContext): Promise<EventOutcome> {
  const refundId = event.resource?.id;
  if (!refundId) return { note: "event without a refund id" };
  const payments = new PaymentsController(await paypalClient());
  const { result: refund } = await payments.getRefund({ refundId });
  if (refund.status !== "COMPLETED") return { note: `refund ${refundId} is ${refund.status}` };
  const up = refund.links?.find((l) => l.rel === "up")?.href;
  const captureId = up ? /\/captures\/([^/?#]+)/.exec(up)?.[1] : undefined;
  const money = captureAmount(refund);
  if (!captureId || !money) return { note: "refund without its capture or amount" };
  const result = await recordGatewayRefund({
    gateway: "paypal",
    gatewayRef: refundId,
    paymentGatewayRef: captureId,
    amount: money.amount,
    currency: money.currency,
    localRefundId: refund.customId ?? null,
    reason: refund.noteToPayer ?? null,
    now: ctx.now,
  });
  return { note: `refund ${result.outcome}` };
}
