import "server-only";
/** Paying invoices from account credit (the ledger itself is lib/billing/credit.ts). */
import { and, eq } from "drizzle-orm";
import { creditLedger, invoices } from "@/db/billing/schema";
import { newId } from "@/db/columns";
import { AppError, notFound } from "@/lib/errors";
import { appendCredit, creditBalance, InsufficientCreditError, type CreditEntry } from "./credit";
import type { BillingExecutor } from "./db";
import { PAYABLE_STATUSES, recordPayment } from "./invoices";
import { assertMinor } from "./money";

/**
 * Pays all or part of an invoice from the customer's credit, in the caller's transaction: one ledger entry
 * (negative) and one `credit` payment pointing at each other. `amount` defaults to as much as the balance and
 * the amount due allow; an explicit amount above the balance fails with InsufficientCreditError.
 */
export async function spendCreditOnInvoice(
  tx: BillingExecutor,
  input: { customerId: string; invoiceId: string; amount?: number; idempotencyKey?: string | null; createdBy?: string | null; now: Date },
): Promise<{ entry: CreditEntry; payment: Awaited<ReturnType<typeof recordPayment>> } | null> {
  const [invoice] = await tx.select().from(invoices).where(and(eq(invoices.id, input.invoiceId), eq(invoices.customerId, input.customerId))).limit(1);
  if (!invoice) throw notFound("Invoice not found");
  if (!PAYABLE_STATUSES.includes(invoice.status)) throw new AppError("CONFLICT", `Invoice ${invoice.number ?? invoice.id} is ${invoice.status.replace("_", " ")}.`);
  if (input.idempotencyKey) {
    const [done] = await tx.select().from(creditLedger).where(eq(creditLedger.idempotencyKey, input.idempotencyKey)).limit(1);
    if (done) return null;
  }
  const due = invoice.total - invoice.amountPaid;
  const balance = await creditBalance(input.customerId, invoice.currency, tx);
  if (input.amount !== undefined) {
    assertMinor(input.amount);
    if (input.amount <= 0) throw new AppError("VALIDATION", "Enter an amount above zero.", { fieldErrors: { amount: ["Enter an amount above zero."] } });
    if (input.amount > due) {
      throw new AppError("VALIDATION", "That is more than the invoice's amount due.", { fieldErrors: { amount: ["That is more than the amount due."] } });
    }
    if (input.amount > balance) throw new InsufficientCreditError(balance, input.amount);
  }
  const spend = input.amount ?? Math.min(balance, due);
  if (spend <= 0) return null;
  const paymentId = newId();
  const entry = await appendCredit(tx, {
    customerId: input.customerId,
    currency: invoice.currency,
    amount: -spend,
    reason: "invoice_payment",
    description: `Payment of invoice ${invoice.number}`,
    invoiceId: invoice.id,
    paymentId,
    createdBy: input.createdBy ?? null,
    idempotencyKey: input.idempotencyKey ?? null,
  });
  const payment = await recordPayment(
    { invoiceId: invoice.id, gateway: "credit", gatewayRef: entry.id, amount: spend, currency: invoice.currency, allowPartial: true, paymentId, recordedBy: input.createdBy ?? null },
    { tx, now: input.now },
  );
  if (payment.outcome !== "applied") throw new AppError("CONFLICT", "The credit payment could not be applied to the invoice.");
  return { entry, payment };
}
