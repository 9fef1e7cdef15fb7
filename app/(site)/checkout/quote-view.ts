import "server-only";
import type { QuoteView } from "@/components/billing/quote-summary";
import type { Quote } from "@/lib/billing";

/** The quote as the browser sees it: display fields only (no ids of tax rates, coupons or prices). */
export function toQuoteView(quote: Quote): QuoteView {
  return {
    currency: quote.currency,
    lines: quote.lines.map((l) => ({ key: l.key, kind: l.kind, description: l.description, quantity: l.quantity, subtotal: l.subtotal, discount: l.discount, tax: l.tax, total: l.total })),
    coupon: quote.coupon
      ? { code: quote.coupon.code, description: quote.coupon.description, discount: quote.coupon.discount, duration: quote.coupon.duration, durationCycles: quote.coupon.durationCycles }
      : null,
    couponError: quote.couponError?.message ?? null,
    taxLines: quote.taxLines.map((l) => ({ name: l.name, rateBps: l.rateBps, inclusive: l.inclusive, amount: l.amount })),
    taxInclusive: quote.taxInclusive,
    reverseCharge: quote.reverseCharge,
    taxNote: quote.taxNote,
    creditBalance: quote.creditBalance,
    totals: quote.totals,
  };
}

