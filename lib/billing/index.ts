import "server-only";
/** lib/billing: the money domain (framework-free). Pages and actions import from here. */
export * from "./money";
export { quoteCart, quoteInputSchema, cartItemSchema, MAX_QUANTITY, type Quote, type QuoteInput, type QuoteLine, type TaxLine } from "./cart";
export { placeOrder, listCustomerOrders, type PlacedOrder, type PlaceOrderOptions } from "./checkout";
export { applyCoupon, CouponError, type ApplyCouponResult, type CouponProblem, type CouponErrorCode } from "./coupons";
export { creditBalance, listCreditEntries, InsufficientCreditError } from "./credit";
export { createAddFundsInvoice } from "./add-funds";
export {
  cancelInvoice,
  getInvoice,
  issueInvoice,
  recordPayment,
  markOverdueInvoices,
  formatDocumentNumber,
  PAYABLE_STATUSES,
  type RecordPaymentInput,
  type RecordPaymentResult,
} from "./invoices";
export { recordGatewayRefund, refundableAmount } from "./refunds";
export { runRenewals, cancelService, resumeService, createRenewalInvoice } from "./renewals";
export { runDunning, dunningSchedule } from "./dunning";
export { checkVatId, validateVatIdFormat, decideTax, findTaxRate, computeLineTax, type ViesLookup, type VatIdCheck } from "./tax";
export { getBillingSettings, type BillingSettings } from "./settings";
export * from "./queries";
