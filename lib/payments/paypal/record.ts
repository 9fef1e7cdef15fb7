import "server-only";
/** Turns a PayPal capture, as the PayPal API reports it, into a payment of the invoice in its custom_id. */
import { eq } from "drizzle-orm";
import type { CapturedPayment, OrdersCapture } from "@paypal/paypal-server-sdk";
import { billingDb } from "@/db/billing/client";
import { invoices, reconciliationFlags } from "@/db/billing/schema";
import { recordPayment } from "@/lib/billing/invoices";
import { isSupportedCurrency, parseDecimal } from "@/lib/billing/money";
import type { BillingExecutor } from "@/lib/billing/db";
import type { EventOutcome, SettleEvent } from "../events";

export function captureAmount(capture: Pick<CapturedPayment, "amount">): { amount: number; currency: string } | null {
  const currency = capture.amount?.currencyCode?.toUpperCase();
  const value = capture.amount?.value;
  if (!currency || !value || !isSupportedCurrency(currency)) return null;
  try {
    return { amount: parseDecimal(value, currency), currency };
  } catch {
    return null;
  }
}

export async function recordPayPalCapture(capture: CapturedPayment | OrdersCapture, now: Date = new Date(), settle?: SettleEvent): Promise<EventOutcome> {
  if (!capture.id) return { note: "capture without an id" };
  if (capture.status !== "COMPLETED") return { note: `capture ${capture.id} is ${capture.status}` };
  const money = captureAmount(capture);
  const invoiceId = capture.customId ?? null;
  return billingDb().transaction(async (tx) => {
    const outcome = await applyCapture(tx, capture, invoiceId, money, now);
    await settle?.(tx, outcome);
    return outcome;
  });
}

async function applyCapture(
  tx: BillingExecutor,
  capture: CapturedPayment | OrdersCapture,
  invoiceId: string | null,
  money: { amount: number; currency: string } | null,
  now: Date,
): Promise<EventOutcome> {
  const [invoice] = invoiceId ? await tx.select().from(invoices).where(eq(invoices.id, invoiceId)).limit(1) : [];
  if (!invoice || !money) {
    await tx
      .insert(reconciliationFlags)
      .values({
        gateway: "paypal",
        gatewayRef: capture.id!,
        kind: !invoice ? "missing_locally" : "currency_mismatch",
        gatewayAmount: money?.amount ?? null,
        currency: money?.currency ?? capture.amount?.currencyCode ?? null,
        details: { message: !invoice ? "PayPal capture without a known invoice" : `unsupported amount ${capture.amount?.value} ${capture.amount?.currencyCode}`, customId: invoiceId },
      })
      .onConflictDoNothing();
    return { note: "capture not attributable; flagged" };
  }
  const result = await recordPayment(
    { invoiceId: invoice.id, gateway: "paypal", gatewayRef: capture.id!, amount: money.amount, currency: money.currency },
    { tx, now },
  );
  return { invoiceId: invoice.id, paymentId: result.payment.id, note: result.outcome === "applied" ? undefined : `payment ${result.outcome}` };
}
