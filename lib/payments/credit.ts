import "server-only";
/**
 * Account credit as a way to pay: all or part of an invoice from the customer's balance (append-only ledger,
 * lib/billing/credit.ts). Two concurrent spends cannot both take the same balance: each runs in a write
 * transaction and the ledger's unique (customer, currency, seq) rejects a second append on the same last entry.
 */
import { billingDb } from "@/db/billing/client";
import { spendCreditOnInvoice } from "@/lib/billing/credit-payments";
import { isUniqueViolation } from "@/lib/billing/db";
import { AppError } from "@/lib/errors";
import type { PaymentGateway } from "./types";

export async function payWithCredit(
  customerId: string,
  invoiceId: string,
  options: { amount?: number; idempotencyKey?: string; now?: Date } = {},
): Promise<{ paymentId: string; amount: number; balanceAfter: number } | null> {
  const now = options.now ?? new Date();
  try {
    const result = await billingDb().transaction((tx) =>
      spendCreditOnInvoice(tx, { customerId, invoiceId, amount: options.amount, idempotencyKey: options.idempotencyKey ?? null, createdBy: customerId, now }),
    );
    if (!result) return null;
    return { paymentId: result.payment.payment.id, amount: -result.entry.amount, balanceAfter: result.entry.balanceAfter };
  } catch (error) {
    if (isUniqueViolation(error)) throw new AppError("CONFLICT", "Your balance changed while paying; please try again.");
    throw error;
  }
}

export const creditGateway: PaymentGateway = {
  name: "credit",
  async createPayment(invoice) {
    const paid = await payWithCredit(invoice.customerId, invoice.id);
    if (!paid) throw new AppError("VALIDATION", "You have no account credit to pay with.");
    return { kind: "completed", paymentId: paid.paymentId, amount: paid.amount };
  },
  async refund() {
    // Credit payments are refunded back to credit (lib/payments/refunds.ts), never through a gateway.
    return { gatewayRef: "", status: "succeeded" };
  },
  async fetchAuthoritativeState(gatewayRef) {
    return { gatewayRef, status: "succeeded", amount: 0, amountRefunded: 0, currency: "", invoiceId: null };
  },
};
