import "server-only";
/** The one interface every payment gateway implements (Stripe, PayPal, bank transfer, account credit). */
import type { Gateway } from "@/db/billing/schema";

export interface PayableInvoice {
  id: string;
  number: string | null;
  customerId: string;
  currency: string;
  /** total − amount paid, in minor units. */
  amountDue: number;
}

export type CreatePaymentResult =
  /** Send the customer to the gateway (Stripe Checkout, PayPal approval). */
  | { kind: "redirect"; url: string; gatewayRef: string }
  /** Show instructions (bank transfer). */
  | { kind: "instructions"; text: string; reference: string }
  /** Paid at once (account credit). */
  | { kind: "completed"; paymentId: string; amount: number };

export interface CreatePaymentOptions {
  /** Where the gateway sends the customer back (absolute URLs). */
  returnUrl?: string;
  cancelUrl?: string;
  customerEmail?: string | null;
  /**
   * The signed-in user paying, when not the invoice's customer (a `billing` member paying the organization's
   * invoice): their card is then charged once and not saved on the buyer's account for renewals.
   */
  payerId?: string | null;
}

export interface GatewayRefundResult {
  gatewayRef: string;
  status: "pending" | "succeeded" | "failed";
}

/** What the gateway itself says about a payment (webhook handlers and reconciliation act on this, not on payloads). */
export interface AuthoritativePaymentState {
  gatewayRef: string;
  status: "pending" | "requires_action" | "succeeded" | "failed" | "refunded" | "partially_refunded" | "unknown";
  amount: number;
  amountRefunded: number;
  currency: string;
  invoiceId: string | null;
}

export interface PaymentGateway {
  name: Gateway;
  createPayment(invoice: PayableInvoice, options?: CreatePaymentOptions): Promise<CreatePaymentResult>;
  refund(payment: { gatewayRef: string; currency: string }, amount: number, options: { idempotencyKey: string; reason?: string | null }): Promise<GatewayRefundResult>;
  fetchAuthoritativeState(gatewayRef: string): Promise<AuthoritativePaymentState>;
}
