import "server-only";
/** Adding funds: an `add_funds` invoice paid through a gateway; when it is paid, the amount lands in the credit ledger. */
import { billingDb } from "@/db/billing/client";
import { AppError, validation } from "@/lib/errors";
import { customerCurrency } from "./cart";
import { createInvoice, type Invoice } from "./invoices";
import { toCurrency } from "./money";
import { getBillingSettings } from "./settings";

export const MIN_ADD_FUNDS = 500;
export const MAX_ADD_FUNDS = 1_000_000;

export async function createAddFundsInvoice(customerId: string, input: { amount: number; currency: string }, options: { now?: Date } = {}): Promise<Invoice> {
  const now = options.now ?? new Date();
  const currency = toCurrency(input.currency);
  if (!Number.isSafeInteger(input.amount) || input.amount < MIN_ADD_FUNDS || input.amount > MAX_ADD_FUNDS) {
    throw validation({ amount: [`Add between ${MIN_ADD_FUNDS / 100} and ${MAX_ADD_FUNDS / 100}.`] });
  }
  const fixed = await customerCurrency(customerId);
  if (fixed && fixed !== currency) throw new AppError("VALIDATION", `Your account is billed in ${fixed}.`, { fieldErrors: { currency: [`Your account is billed in ${fixed}.`] } });
  const settings = await getBillingSettings();
  return billingDb().transaction((tx) =>
    createInvoice(tx, {
      customerId,
      kind: "add_funds",
      currency,
      dueAt: new Date(now.getTime() + settings.invoiceDueDays * 86_400_000),
      now,
      // Credit is a prepayment, not a supply: taxed when it is spent on an invoice that carries tax.
      items: [{ kind: "add_funds", description: "Account credit", quantity: 1, unitAmount: input.amount, amount: input.amount, total: input.amount }],
    }),
  );
}
