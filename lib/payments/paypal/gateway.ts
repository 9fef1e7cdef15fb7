import "server-only";
/** PayPal Orders v2: one order per invoice payment, captured when the customer returns; refunds; capture state. */
import {
  ApiError,
  CheckoutPaymentIntent,
  OrderApplicationContextShippingPreference,
  OrderApplicationContextUserAction,
  OrdersController,
  PaymentsController,
  type CapturedPayment,
} from "@paypal/paypal-server-sdk";
import { eq } from "drizzle-orm";
import { billingDb } from "@/db/billing/client";
import { gatewayCheckouts, invoices } from "@/db/billing/schema";
import { toDecimalString } from "@/lib/billing/money";
import { appUrl } from "@/lib/billing/notify";
import { serverEnv } from "@/lib/env";
import { AppError, notFound } from "@/lib/errors";
import type { EventOutcome } from "../events";
import type { AuthoritativePaymentState, CreatePaymentOptions, PayableInvoice, PaymentGateway } from "../types";
import { paypalClient } from "./client";
import { captureAmount, recordPayPalCapture } from "./record";

function stateOf(capture: CapturedPayment): AuthoritativePaymentState {
  const money = captureAmount(capture);
  const status =
    capture.status === "COMPLETED"
      ? "succeeded"
      : capture.status === "REFUNDED"
        ? "refunded"
        : capture.status === "PARTIALLY_REFUNDED"
          ? "partially_refunded"
          : capture.status === "PENDING"
            ? "pending"
            : capture.status === "DECLINED" || capture.status === "FAILED"
              ? "failed"
              : "unknown";
  return {
    gatewayRef: capture.id ?? "",
    status,
    amount: money?.amount ?? 0,
    amountRefunded: 0,
    currency: money?.currency ?? capture.amount?.currencyCode ?? "",
    invoiceId: capture.customId ?? null,
  };
}

export async function getPayPalCapture(captureId: string): Promise<CapturedPayment> {
  const payments = new PaymentsController(await paypalClient());
  return (await payments.getCapturedPayment({ captureId })).result;
}

/** The captures of a PayPal order (Orders v2 GET), as PayPal reports them. */
export async function getPayPalOrderCaptures(orderId: string): Promise<Array<{ id: string; status: string }>> {
  const orders = new OrdersController(await paypalClient());
  const { result } = await orders.getOrder({ id: orderId });
  return (result.purchaseUnits ?? []).flatMap((u) => (u.payments?.captures ?? []).filter((c) => c.id).map((c) => ({ id: c.id!, status: c.status ?? "UNKNOWN" })));
}

export const paypalGateway: PaymentGateway = {
  name: "paypal",

  async createPayment(invoice: PayableInvoice, options: CreatePaymentOptions = {}) {
    if (invoice.amountDue <= 0) throw new AppError("CONFLICT", "This invoice has nothing left to pay.");
    const orders = new OrdersController(await paypalClient());
    const { result: order } = await orders.createOrder({
      body: {
        intent: CheckoutPaymentIntent.Capture,
        purchaseUnits: [
          {
            referenceId: invoice.id,
            customId: invoice.id,
            invoiceId: invoice.number ?? undefined,
            description: invoice.number ? `Invoice ${invoice.number}` : "Invoice",
            amount: { currencyCode: invoice.currency, value: toDecimalString(invoice.amountDue, invoice.currency) },
          },
        ],
        applicationContext: {
          brandName: serverEnv().APP_NAME.slice(0, 127),
          userAction: OrderApplicationContextUserAction.PayNow,
          shippingPreference: OrderApplicationContextShippingPreference.NoShipping,
          returnUrl: options.returnUrl ?? appUrl(`/portal/invoices/${invoice.id}/paypal-return`),
          cancelUrl: options.cancelUrl ?? appUrl(`/portal/invoices/${invoice.id}`),
        },
      },
      // PayPal's idempotency header: a double click creates one order.
      paypalRequestId: `order:${invoice.id}:${invoice.amountDue}`,
    });
    const approve = order.links?.find((l) => l.rel === "approve" || l.rel === "payer-action");
    if (!order.id || !approve) throw new AppError("UNAVAILABLE", "PayPal did not return an approval link.");
    // Remembered for the nightly reconciliation: PayPal has no list of captures to compare with.
    await billingDb()
      .insert(gatewayCheckouts)
      .values({ gateway: "paypal", gatewayRef: order.id, invoiceId: invoice.id, amount: invoice.amountDue, currency: invoice.currency })
      .onConflictDoNothing();
    return { kind: "redirect" as const, url: approve.href, gatewayRef: order.id };
  },

  async refund(payment, amount, options) {
    const payments = new PaymentsController(await paypalClient());
    const { result } = await payments.refundCapturedPayment({
      captureId: payment.gatewayRef,
      paypalRequestId: options.idempotencyKey,
      body: { amount: { currencyCode: payment.currency, value: toDecimalString(amount, payment.currency) }, customId: options.idempotencyKey.replace(/^refund:/, "") },
    });
    return { gatewayRef: result.id ?? "", status: result.status === "COMPLETED" ? "succeeded" : result.status === "FAILED" || result.status === "CANCELLED" ? "failed" : "pending" };
  },

  async fetchAuthoritativeState(gatewayRef: string) {
    return stateOf(await getPayPalCapture(gatewayRef));
  },
};

/**
 * The customer approved the order at PayPal and came back: capture it and record the payment. Safe to call twice
 * (PayPal-Request-Id per order, payments unique per capture id); the PAYMENT.CAPTURE.COMPLETED webhook records the
 * same capture if the customer never comes back.
 */
export async function capturePayPalOrder(invoiceId: string, orderId: string, options: { customerId?: string; now?: Date } = {}): Promise<EventOutcome & { status: string }> {
  const [invoice] = await billingDb().select().from(invoices).where(eq(invoices.id, invoiceId)).limit(1);
  if (!invoice || (options.customerId && invoice.customerId !== options.customerId)) throw notFound("Invoice not found");
  const orders = new OrdersController(await paypalClient());
  let order;
  try {
    order = (await orders.captureOrder({ id: orderId, paypalRequestId: `capture:${orderId}`, prefer: "return=representation" })).result;
  } catch (error) {
    if (error instanceof ApiError && error.statusCode === 422) {
      // Already captured (e.g. by an earlier return): read the order instead.
      order = (await orders.getOrder({ id: orderId })).result;
    } else {
      throw error;
    }
  }
  const unit = order.purchaseUnits?.find((u) => u.customId === invoiceId || u.referenceId === invoiceId);
  if (!unit) throw new AppError("CONFLICT", "This PayPal order is not for this invoice.");
  const capture = unit.payments?.captures?.[0];
  if (!capture) return { status: order.status ?? "UNKNOWN", note: "order not captured" };
  // The capture as PayPal's payments API reports it (the authoritative record).
  const authoritative = await getPayPalCapture(capture.id!);
  const outcome = await recordPayPalCapture(authoritative, options.now);
  return { ...outcome, status: authoritative.status ?? "UNKNOWN" };
}
