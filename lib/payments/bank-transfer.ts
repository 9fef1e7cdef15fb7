import "server-only";
/**
 * Bank transfer: the invoice shows instructions (ops setting `billing.bankTransferInstructions`, or the gateway's
 * own `instructions` in admin) with the invoice number as the reference; staff record the money when it arrives.
 */
import { eq } from "drizzle-orm";
import { billingDb } from "@/db/billing/client";
import { auditLog, invoices, payments } from "@/db/billing/schema";
import { writeAudit, type AuditActor } from "@/lib/audit";
import { recordPayment, type RecordPaymentResult } from "@/lib/billing/invoices";
import { assertMinor } from "@/lib/billing/money";
import { getBillingSettings } from "@/lib/billing/settings";
import { AppError, notFound, validation } from "@/lib/errors";
import { getGatewayConfig } from "./config";
import type { AuthoritativePaymentState, PayableInvoice, PaymentGateway } from "./types";

export async function bankTransferInstructions(invoice: Pick<PayableInvoice, "number">): Promise<{ text: string; reference: string }> {
  const config = await getGatewayConfig("bank_transfer");
  const custom = config.publicConfig.instructions;
  const text = typeof custom === "string" && custom.trim() ? custom.trim() : (await getBillingSettings()).bankTransferInstructions;
  const reference = invoice.number ?? "";
  return { text: reference ? `${text}\nReference: ${reference}` : text, reference };
}

export const bankTransferGateway: PaymentGateway = {
  name: "bank_transfer",
  async createPayment(invoice) {
    return { kind: "instructions", ...(await bankTransferInstructions(invoice)) };
  },
  async refund() {
    // Money goes back by a transfer staff make themselves; lib/payments/refunds.ts records it as done.
    return { gatewayRef: "", status: "succeeded" };
  },
  async fetchAuthoritativeState(gatewayRef): Promise<AuthoritativePaymentState> {
    // We are the authority for bank transfers: staff recorded them.
    const [p] = await billingDb().select().from(payments).where(eq(payments.gatewayRef, gatewayRef)).limit(1);
    return {
      gatewayRef,
      status: p ? (p.status === "succeeded" ? "succeeded" : p.status === "refunded" ? "refunded" : p.status === "partially_refunded" ? "partially_refunded" : "unknown") : "unknown",
      amount: p?.amount ?? 0,
      amountRefunded: p?.amountRefunded ?? 0,
      currency: p?.currency ?? "",
      invoiceId: p?.invoiceId ?? null,
    };
  },
};

/**
 * Staff record a bank transfer against an invoice (all or part of it), audited in the same transaction. The bank
 * reference is the payment's gateway reference, so recording the same transfer twice does nothing the second time.
 */
export async function recordBankTransfer(
  actor: AuditActor,
  invoiceId: string,
  input: { amount: number; reference: string; currency?: string; receivedAt?: Date },
  options: { now?: Date } = {},
): Promise<RecordPaymentResult> {
  const reference = input.reference?.trim().replace(/\s+/g, " ") ?? "";
  if (!reference) throw validation({ reference: ["Enter the bank reference of the transfer."] });
  if (reference.length > 140) throw validation({ reference: ["The reference is too long."] });
  if (!Number.isSafeInteger(input.amount) || input.amount <= 0) throw validation({ amount: ["Enter the amount received."] });
  assertMinor(input.amount);
  const now = options.now ?? new Date();
  return billingDb().transaction(async (tx) => {
    const [invoice] = await tx.select().from(invoices).where(eq(invoices.id, invoiceId)).limit(1);
    if (!invoice) throw notFound("Invoice not found");
    const result = await recordPayment(
      {
        invoiceId,
        gateway: "bank_transfer",
        gatewayRef: reference,
        amount: input.amount,
        currency: input.currency ?? invoice.currency,
        allowPartial: true,
        paidAt: input.receivedAt ?? now,
        recordedBy: actor.id,
        details: { reference },
      },
      { tx, now },
    );
    if (result.outcome === "duplicate" && result.payment.invoiceId !== invoiceId) {
      throw new AppError("CONFLICT", `The reference "${reference}" was already recorded for another invoice.`);
    }
    if (result.outcome !== "duplicate") {
      await writeAudit(tx, auditLog, actor, {
        action: "payment.record_bank_transfer",
        entityType: "invoice",
        entityId: invoiceId,
        before: { status: invoice.status, amountPaid: invoice.amountPaid },
        after: { paymentId: result.payment.id, amount: input.amount, currency: result.payment.currency, reference, outcome: result.outcome },
      });
    }
    return result;
  });
}
