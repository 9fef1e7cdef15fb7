import "server-only";
/**
 * PAYMENT.CAPTURE.DENIED: re-reads the capture; a denied capture is recorded as a payment failure of its invoice
 * (a capture that completed since is recorded as paid instead).
 */
import { eq } from "drizzle-orm";
import { billingDb } from "@/db/billing/client";
import { invoices, paymentFailures } from "@/db/billing/schema";
import type { EventOutcome } from "../../events";
import { getPayPalCapture } from "../gateway";
import { captureAmount, recordPayPalCapture } from "../record";
import type { PayPalEventContext, PayPalWebhookEvent } from "./context";

export async function handlePaymentCaptureDenied(event: PayPalWebhookEvent, ctx: PayPalEventContext): Promise<EventOutcome> {
  const captureId = event.resource?.id;
  if (!captureId) return { note: "event without a capture id" };
  const capture = await getPayPalCapture(captureId);
  if (capture.status === "COMPLETED") return recordPayPalCapture(capture, ctx.now);
  const invoiceId = capture.customId;
  const [invoice] = invoiceId ? await billingDb().select().from(invoices).where(eq(invoices.id, invoiceId)).limit(1) : [];
  if (!invoice) return { note: "denied capture for an unknown invoice" };
  const money = captureAmount(capture);
  await billingDb()
    .insert(paymentFailures)
    .values({
      customerId: invoice.customerId,
      invoiceId: invoice.id,
      gateway: "paypal",
      gatewayRef: captureId,
      amount: money?.amount ?? invoice.total - invoice.amountPaid,
      currency: money?.currency ?? invoice.currency,
      code: capture.statusDetails?.reason ?? capture.status ?? "DENIED",
      message: `PayPal capture ${capture.status?.toLowerCase() ?? "denied"}`,
    });
  return { invoiceId: invoice.id, note: "payment failure recorded" };
}
