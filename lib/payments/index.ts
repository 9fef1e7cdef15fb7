import "server-only";
/** lib/payments: one interface over Stripe, PayPal, bank transfer and account credit. */
export type { PaymentGateway, PayableInvoice, CreatePaymentResult, CreatePaymentOptions, AuthoritativePaymentState, GatewayRefundResult } from "./types";
export { gatewayFor } from "./registry";
export { getGatewayConfig, listGatewayConfigs, saveGatewaySettings, type GatewayConfig, type SaveGatewaySettingsInput } from "./config";
export { startInvoicePayment } from "./pay";
export { handleStripeWebhook } from "./stripe/webhook";
export { chargeSavedStripeMethod, type OffSessionChargeResult } from "./stripe/gateway";
export { handlePayPalWebhook } from "./paypal/webhook";
export { capturePayPalOrder } from "./paypal/gateway";
export { recordBankTransfer, bankTransferInstructions } from "./bank-transfer";
export { payWithCredit } from "./credit";
export { refundPayment, type RefundPaymentInput } from "./refunds";
export type { WebhookResponse } from "./events";
