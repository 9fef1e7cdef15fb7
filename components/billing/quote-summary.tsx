import { formatMoney } from "@/lib/format/money";
import { cn } from "@/components/ui/cn";
import { billingStrings } from "./strings";

const t = billingStrings.checkout;

/** What the browser needs of a quote (lib/billing quoteCart), already shaped for display. */
export interface QuoteView {
  currency: string;
  lines: Array<{ key: string; kind: "service" | "setup_fee"; description: string; quantity: number; subtotal: number; discount: number; tax: number; total: number }>;
  coupon: { code: string; description: string | null; discount: number; duration: "once" | "repeating" | "forever"; durationCycles: number | null } | null;
  couponError: string | null;
  taxLines: Array<{ name: string; rateBps: number; inclusive: boolean; amount: number }>;
  taxInclusive: boolean;
  reverseCharge: boolean;
  taxNote: string | null;
  creditBalance: number;
  totals: { subtotal: number; discount: number; tax: number; total: number; creditApplied: number; amountDue: number };
}

export const formatRate = (bps: number) => `${(bps / 100).toLocaleString("en-US", { maximumFractionDigits: 2 })}%`;

function Row({ label, value, strong, muted, testId }: { label: React.ReactNode; value: string; strong?: boolean; muted?: boolean; testId?: string }) {
  return (
    <div className={cn("flex items-baseline justify-between gap-4", strong && "text-base font-semibold text-fg", muted && "text-muted")}>
      <dt>{label}</dt>
      <dd className="text-right tabular-nums" data-testid={testId}>
        {value}
      </dd>
    </div>
  );
}

/** Lines, discount, tax lines, credit and the amount due — itemised before anything is paid (UX.md). */
export function QuoteSummary({ quote, className }: { quote: QuoteView; className?: string }) {
  const m = (minor: number) => formatMoney(minor, quote.currency);
  return (
    <div className={cn("grid gap-4 text-sm", className)}>
      <ul className="grid gap-2">
        {quote.lines.map((line) => (
          <li key={line.key} className="flex items-baseline justify-between gap-4">
            <span className="text-fg">
              {line.description}
              {line.quantity > 1 && <span className="text-muted"> × {line.quantity}</span>}
            </span>
            <span className="text-right tabular-nums text-fg">{m(line.subtotal)}</span>
          </li>
        ))}
      </ul>
      <dl className="grid gap-2 border-t border-border pt-4">
        <Row label={t.subtotal} value={m(quote.totals.subtotal)} testId="quote-subtotal" />
        {quote.coupon && quote.totals.discount > 0 && (
          <Row label={t.discount(quote.coupon.code)} value={`−${m(quote.totals.discount)}`} testId="quote-discount" />
        )}
        {quote.taxLines.map((line) => (
          <Row key={`${line.name}-${line.rateBps}`} label={t.taxLine(line.name, formatRate(line.rateBps), line.inclusive)} value={m(line.amount)} muted={line.inclusive} testId="quote-tax" />
        ))}
        {quote.taxLines.length === 0 && <Row label={t.noTax} value={m(0)} muted testId="quote-tax" />}
        <Row label={t.total} value={m(quote.totals.total)} strong testId="quote-total" />
        {quote.totals.creditApplied > 0 && <Row label={t.creditApplied} value={`−${m(quote.totals.creditApplied)}`} testId="quote-credit" />}
        {quote.totals.creditApplied > 0 && <Row label={t.amountDue} value={m(quote.totals.amountDue)} strong testId="quote-due" />}
      </dl>
      {quote.reverseCharge && <p className="text-xs text-muted">{t.reverseCharge}</p>}
      {!quote.reverseCharge && quote.taxNote && <p className="text-xs text-muted">{quote.taxNote}</p>}
    </div>
  );
}
