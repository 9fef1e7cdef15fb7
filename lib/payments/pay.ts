import "server-only";
/**
 * "Pay now" on an invoice: checks it is the customer's and payable, that the gateway is on, then hands over.
 * `customerId` is the invoice's own customer (for an organization's invoice, resolved through the access rule by
 * the caller); `options.payerId` is who is paying, when that is someone else (their card is not saved to the buyer).
 */
import { and, eq } from "drizzle-orm";
import { billingDb } from "@/db/billing/client";
import { invoices, type Gateway } from "@/db/billing/schema";
import { PAYABLE_STATUSES } from "@/lib/billing/invoices";
import { AppError, notFound } from "@/lib/errors";
import { getGatewayConfig } from "./config";
import { gatewayFor } from "./registry";
import type { CreatePaymentOptions, CreatePaymentResult } from "./types";

export async function startInvoicePayment(customerId: string, invoiceId: string, gateway: Gateway, options: CreatePaymentOptions = {}): Promise<CreatePaymentResult> {
  const [invoice] = await billingDb()
    .select()
    .from(invoices)
    .where(and(eq(invoices.id, invoiceId), eq(invoices.customerId, customerId)))
    .limit(1);
  if (!invoice) throw notFound("Invoice not found");
  if (!PAYABLE_STATUSES.includes(invoice.status)) throw new AppError("CONFLICT", `This invoice is ${invoice.status.replace("_", " ")}.`);
  // Account credit is personal: an organization's invoice is never paid from the buyer's balance (account-access.ts).
  if (gateway === "credit" && invoice.organizationId) throw new AppError("VALIDATION", "An organization's invoice cannot be paid from account credit.");
  const config = await getGatewayConfig(gateway);
  if (!config.enabled || (!config.configured && gateway !== "bank_transfer" && gateway !== "credit")) {
    throw new AppError("UNAVAILABLE", `${config.displayName} is not available right now.`);
  }
  return gatewayFor(gateway).createPayment(
    { id: invoice.id, number: invoice.number, customerId, currency: invoice.currency, amountDue: invoice.total - invoice.amountPaid },
    options,
  );
}
