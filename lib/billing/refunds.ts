import "server-only";
/**
 * Refunds and their effects: the payment's and the invoice's refunded amounts and statuses, and a numbered credit
 * note, all in one transaction. A refund to account credit also appends to the credit ledger in that transaction.
 *
 * Refunds through a gateway are two-phase (lib/payments/refunds.ts): a `pending` row (with the idempotency key
 * sent to the gateway) before the call, completed after it, or by the gateway's webhook, whichever comes first:
 * both complete the same row (matched by our refund id in the gateway's metadata, or by the gateway's refund id),
 * and only a `pending` → `succeeded` transition applies the effects.
 */
import { and, eq } from "drizzle-orm";
import { billingDb } from "@/db/billing/client";
import { invoices, payments, reconciliationFlags, refunds, type Gateway } from "@/db/billing/schema";
import { AppError, notFound } from "@/lib/errors";
import { inBillingTransaction, type BillingExecutor } from "./db";
import { issueCreditNote } from "./invoices";
import { divRound } from "./money";

export type Refund = typeof refunds.$inferSelect;

const HELD_CODES = new Set(["currency_mismatch", "amount_mismatch", "status_mismatch"]);

/** Applies a succeeded refund to its payment and invoice and issues its credit note. */
export async function applyRefundEffects(tx: BillingExecutor, refund: Refund, now: Date): Promise<Refund> {
  const [payment] = await tx.select().from(payments).where(eq(payments.id, refund.paymentId)).limit(1);
  if (!payment) throw notFound(`Payment ${refund.paymentId} not found`);
  const paymentRefunded = payment.amountRefunded + refund.amount;
  await tx
    .update(payments)
    .set({ amountRefunded: paymentRefunded, status: paymentRefunded >= payment.amount ? "refunded" : "partially_refunded" })
    .where(eq(payments.id, payment.id));
  let creditNoteId: string | null = null;
  // A held payment was never applied to its invoice (recordPayment): refunding it leaves the invoice alone.
  const wasApplied = payment.status !== "held" && !HELD_CODES.has(payment.failureCode ?? "");
  if (payment.invoiceId && wasApplied) {
    const [invoice] = await tx.select().from(invoices).where(eq(invoices.id, payment.invoiceId)).limit(1);
    if (invoice) {
      const invoiceRefunded = invoice.amountRefunded + refund.amount;
      const status = invoiceRefunded >= invoice.amountPaid ? "refunded" : "partially_refunded";
      await tx.update(invoices).set({ amountRefunded: invoiceRefunded, status }).where(eq(invoices.id, invoice.id));
      // The credit note carries the tax share of what is refunded (rounded once) so the books balance per rate.
      const taxShare = invoice.total > 0 && !invoice.taxInclusive ? Number(divRound(BigInt(refund.amount) * BigInt(invoice.tax), BigInt(invoice.total))) : 0;
      const inclusiveTax = invoice.total > 0 && invoice.taxInclusive ? Number(divRound(BigInt(refund.amount) * BigInt(invoice.tax), BigInt(invoice.total))) : 0;
      const note = await issueCreditNote(tx, {
        invoiceId: invoice.id,
        customerId: invoice.customerId,
        currency: refund.currency,
        subtotal: refund.amount - taxShare - inclusiveTax,
        tax: taxShare + inclusiveTax,
        reason: refund.reason,
        createdBy: refund.createdBy,
        now,
      });
      creditNoteId = note.id;
    }
  }
  const [updated] = await tx.update(refunds).set({ creditNoteId }).where(eq(refunds.id, refund.id)).returning();
  return updated!;
}

export interface RecordGatewayRefundInput {
  gateway: Gateway;
  /** The gateway's refund id (re_…, PayPal refund id). */
  gatewayRef: string;
  /** The gateway's reference of the refunded payment (PaymentIntent id, capture id). */
  paymentGatewayRef: string;
  amount: number;
  currency: string;
  /** Our refund id, when the gateway echoes it back (metadata / custom id). */
  localRefundId?: string | null;
  reason?: string | null;
  now?: Date;
}

export type RecordGatewayRefundResult =
  | { outcome: "applied"; refund: Refund }
  | { outcome: "duplicate"; refund: Refund }
  | { outcome: "unknown_payment" };

/**
 * A refund the gateway reports as done (webhook or API answer). Completes our pending row or records a refund made
 * at the gateway directly (e.g. in the Stripe dashboard); idempotent per gateway refund id.
 */
export async function recordGatewayRefund(input: RecordGatewayRefundInput, options: { tx?: BillingExecutor } = {}): Promise<RecordGatewayRefundResult> {
  const now = input.now ?? new Date();
  return inBillingTransaction(options.tx, async (tx) => {
    const [byRef] = await tx.select().from(refunds).where(and(eq(refunds.gateway, input.gateway), eq(refunds.gatewayRef, input.gatewayRef))).limit(1);
    const [byLocal] = !byRef && input.localRefundId ? await tx.select().from(refunds).where(eq(refunds.id, input.localRefundId)).limit(1) : [];
    const existing = byRef ?? byLocal;
    if (existing) {
      if (existing.status === "succeeded") return { outcome: "duplicate" as const, refund: existing };
      const [completed] = await tx
        .update(refunds)
        .set({ status: "succeeded", gatewayRef: input.gatewayRef })
        .where(and(eq(refunds.id, existing.id), eq(refunds.status, existing.status)))
        .returning();
      if (!completed) return { outcome: "duplicate" as const, refund: existing };
      return { outcome: "applied" as const, refund: await applyRefundEffects(tx, completed, now) };
    }
    const [payment] = await tx
      .select()
      .from(payments)
      .where(and(eq(payments.gateway, input.gateway), eq(payments.gatewayRef, input.paymentGatewayRef)))
      .limit(1);
    if (!payment) {
      await tx
        .insert(reconciliationFlags)
        .values({
          gateway: input.gateway,
          gatewayRef: input.gatewayRef,
          kind: "missing_locally",
          gatewayAmount: input.amount,
          currency: input.currency.toUpperCase(),
          details: { message: `Refund of unknown payment ${input.paymentGatewayRef}` },
        })
        .onConflictDoNothing();
      return { outcome: "unknown_payment" as const };
    }
    if (payment.amountRefunded + input.amount > payment.amount) {
      throw new AppError("CONFLICT", `Refund ${input.gatewayRef} would refund more than payment ${payment.id} received.`);
    }
    const [refund] = await tx
      .insert(refunds)
      .values({
        paymentId: payment.id,
        invoiceId: payment.invoiceId,
        customerId: payment.customerId,
        method: "gateway",
        gateway: input.gateway,
        gatewayRef: input.gatewayRef,
        amount: input.amount,
        currency: input.currency.toUpperCase(),
        status: "succeeded",
        reason: input.reason ?? "Refunded at the gateway",
      })
      .returning();
    return { outcome: "applied" as const, refund: await applyRefundEffects(tx, refund!, now) };
  });
}

/** How much of a payment can still be refunded (succeeded and pending refunds count against it). */
export async function refundableAmount(paymentId: string, db: Pick<BillingExecutor, "select"> = billingDb()): Promise<number> {
  const [payment] = await db.select().from(payments).where(eq(payments.id, paymentId)).limit(1);
  if (!payment) throw notFound("Payment not found");
  const pending = await db.select({ amount: refunds.amount }).from(refunds).where(and(eq(refunds.paymentId, paymentId), eq(refunds.status, "pending")));
  return payment.amount - payment.amountRefunded - pending.reduce((a, r) => a + r.amount, 0);
}
