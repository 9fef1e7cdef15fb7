/**
 * An invoice as a document: who from, who to, dates, items with discounts and tax, totals, payments, credit
 * notes. Shared by the portal and the back office (server components; no client code).
 */
import type { InvoiceBillingSnapshot } from "@/db/billing/schema";
import { formatDate, formatDateTime } from "@/lib/format/dates";
import { formatMoney } from "@/lib/format/money";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { StatusBadge } from "@/components/ui/badge";
import { formatRate } from "./quote-summary";
import { billingStrings, GATEWAY_NAMES } from "./strings";

const t = billingStrings.invoices;

export interface InvoiceDocumentData {
  number: string | null;
  status: string;
  currency: string;
  subtotal: number;
  discount: number;
  tax: number;
  total: number;
  amountPaid: number;
  amountRefunded: number;
  amountDue: number;
  taxInclusive: boolean;
  reverseCharge: boolean;
  billingDetails: InvoiceBillingSnapshot | null;
  notes: string | null;
  issuedAt: Date | null;
  dueAt: Date | null;
  paidAt: Date | null;
  items: Array<{
    id: string;
    description: string;
    quantity: number;
    unitAmount: number;
    discount: number;
    amount: number;
    taxName: string | null;
    taxRateBps: number;
    taxAmount: number;
    total: number;
    periodStart: Date | null;
    periodEnd: Date | null;
  }>;
  payments: Array<{ id: string; gateway: string; gatewayRef: string | null; amount: number; currency: string; amountRefunded: number; status: string; details: Record<string, unknown> | null; paidAt: Date | null }>;
  creditNotes: Array<{ id: string; number: string; total: number; reason: string | null; issuedAt: Date }>;
}

export interface Seller {
  name: string;
  address: string[];
  vatId: string | null;
}

function Address({ title, lines }: { title: string; lines: Array<string | null | undefined> }) {
  const shown = lines.filter((l): l is string => Boolean(l));
  return (
    <div className="grid gap-1 text-sm">
      <p className="text-xs font-medium tracking-wide text-muted uppercase">{title}</p>
      {shown.length ? shown.map((l, i) => <p key={i} className={i === 0 ? "font-medium text-fg" : "text-muted"}>{l}</p>) : <p className="text-muted">—</p>}
    </div>
  );
}

/** Groups item taxes into one line per (name, rate), as printed under the subtotal. */
function taxLines(items: InvoiceDocumentData["items"]) {
  const lines = new Map<string, { name: string; rateBps: number; amount: number }>();
  for (const item of items) {
    if (!item.taxAmount && !item.taxRateBps) continue;
    const key = `${item.taxName}|${item.taxRateBps}`;
    const line = lines.get(key) ?? { name: item.taxName ?? "Tax", rateBps: item.taxRateBps, amount: 0 };
    line.amount += item.taxAmount;
    lines.set(key, line);
  }
  return [...lines.values()];
}

export function paymentMethodLabel(p: { gateway: string; details: Record<string, unknown> | null }) {
  const brand = typeof p.details?.brand === "string" ? p.details.brand : null;
  const last4 = typeof p.details?.last4 === "string" ? p.details.last4 : null;
  const name = GATEWAY_NAMES[p.gateway] ?? p.gateway;
  return brand && last4 ? `${name} · ${brand.charAt(0).toUpperCase()}${brand.slice(1)} •••• ${last4}` : name;
}

export function InvoiceDocument({ invoice, seller, paymentActions }: { invoice: InvoiceDocumentData; seller: Seller; paymentActions?: (payment: InvoiceDocumentData["payments"][number]) => React.ReactNode }) {
  const m = (minor: number) => formatMoney(minor, invoice.currency);
  const bd = invoice.billingDetails;
  return (
    <div className="grid grid-cols-1 gap-6">
      <Card as="section" aria-labelledby="invoice-document">
        <CardHeader className="flex-row flex-wrap items-start justify-between gap-4">
          <div className="grid gap-1">
            <CardTitle id="invoice-document">{invoice.number ? `${t.number} ${invoice.number}` : t.number}</CardTitle>
            <dl className="flex flex-wrap gap-x-6 gap-y-1 text-sm text-muted">
              <div className="flex gap-1.5">
                <dt>{t.issued}</dt>
                <dd className="text-fg">{formatDate(invoice.issuedAt)}</dd>
              </div>
              <div className="flex gap-1.5">
                <dt>{t.due}</dt>
                <dd className="text-fg">{formatDate(invoice.dueAt)}</dd>
              </div>
              {invoice.paidAt && (
                <div className="flex gap-1.5">
                  <dt>{t.paidOn}</dt>
                  <dd className="text-fg">{formatDate(invoice.paidAt)}</dd>
                </div>
              )}
            </dl>
          </div>
          <StatusBadge status={invoice.status} data-testid="invoice-status" />
        </CardHeader>
        <CardContent className="grid grid-cols-1 gap-6">
          <div className="grid grid-cols-1 gap-6 sm:grid-cols-2">
            <Address title={t.from} lines={[seller.name, ...seller.address, seller.vatId ? `VAT ${seller.vatId}` : null]} />
            <Address
              title={t.billedTo}
              lines={[bd?.companyName || bd?.name, bd?.companyName ? bd?.name : null, ...(bd?.address ?? []), bd?.country, bd?.vatId ? `VAT ${bd.vatId}` : null, bd?.email]}
            />
          </div>
          <div className="relative -mx-5 overflow-x-auto sm:mx-0">
            <table className="w-full min-w-[34rem] text-left text-sm">
              <thead className="text-xs text-muted uppercase">
                <tr className="border-b border-border">
                  <th scope="col" className="py-2 pr-4 pl-5 font-medium sm:pl-0">{t.description}</th>
                  <th scope="col" className="py-2 pr-4 text-right font-medium">{t.qty}</th>
                  <th scope="col" className="py-2 pr-4 text-right font-medium">{t.unit}</th>
                  <th scope="col" className="py-2 pr-4 text-right font-medium">{t.lineDiscount}</th>
                  <th scope="col" className="py-2 pr-4 text-right font-medium">{t.lineTax}</th>
                  <th scope="col" className="py-2 pr-5 text-right font-medium sm:pr-0">{t.amount}</th>
                </tr>
              </thead>
              <tbody className="divide-y divide-border">
                {invoice.items.map((item) => (
                  <tr key={item.id} data-testid="invoice-item">
                    <td className="py-3 pr-4 pl-5 sm:pl-0">
                      <p className="text-fg">{item.description}</p>
                      {item.periodStart && item.periodEnd && <p className="text-xs text-muted">{t.periodOf(formatDate(item.periodStart), formatDate(item.periodEnd))}</p>}
                    </td>
                    <td className="py-3 pr-4 text-right tabular-nums">{item.quantity}</td>
                    <td className="py-3 pr-4 text-right tabular-nums">{m(item.unitAmount)}</td>
                    <td className="py-3 pr-4 text-right tabular-nums">{item.discount ? `−${m(item.discount)}` : "—"}</td>
                    <td className="py-3 pr-4 text-right tabular-nums">{item.taxAmount ? `${m(item.taxAmount)} (${formatRate(item.taxRateBps)})` : "—"}</td>
                    <td className="py-3 pr-5 text-right font-medium tabular-nums sm:pr-0">{m(item.total)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <dl className="ml-auto grid w-full max-w-sm gap-2 text-sm">
            <div className="flex justify-between gap-4">
              <dt className="text-muted">{t.subtotal}</dt>
              <dd className="tabular-nums">{m(invoice.subtotal)}</dd>
            </div>
            {invoice.discount > 0 && (
              <div className="flex justify-between gap-4">
                <dt className="text-muted">{t.discount}</dt>
                <dd className="tabular-nums" data-testid="invoice-discount">−{m(invoice.discount)}</dd>
              </div>
            )}
            {taxLines(invoice.items).map((line) => (
              <div key={`${line.name}-${line.rateBps}`} className="flex justify-between gap-4">
                <dt className="text-muted">
                  {line.name} {formatRate(line.rateBps)}
                  {invoice.taxInclusive ? " (included)" : ""}
                </dt>
                <dd className="tabular-nums">{m(line.amount)}</dd>
              </div>
            ))}
            <div className="flex justify-between gap-4 border-t border-border pt-2 text-base font-semibold">
              <dt>{t.totalLine}</dt>
              <dd className="tabular-nums" data-testid="invoice-total">{m(invoice.total)}</dd>
            </div>
            {invoice.amountPaid > 0 && (
              <div className="flex justify-between gap-4">
                <dt className="text-muted">{t.paid}</dt>
                <dd className="tabular-nums">−{m(invoice.amountPaid)}</dd>
              </div>
            )}
            {invoice.amountRefunded > 0 && (
              <div className="flex justify-between gap-4">
                <dt className="text-muted">{t.refunded}</dt>
                <dd className="tabular-nums">{m(invoice.amountRefunded)}</dd>
              </div>
            )}
            <div className="flex justify-between gap-4 font-semibold">
              <dt>{t.due_}</dt>
              <dd className="tabular-nums" data-testid="invoice-amount-due">{m(invoice.amountDue)}</dd>
            </div>
          </dl>
          {invoice.reverseCharge && <p className="text-sm text-muted">{t.reverseCharge}</p>}
          {invoice.notes && <p className="text-sm whitespace-pre-line text-muted">{invoice.notes}</p>}
        </CardContent>
      </Card>

      <Card as="section" aria-labelledby="invoice-payments">
        <CardHeader>
          <CardTitle id="invoice-payments">{t.payments}</CardTitle>
        </CardHeader>
        <CardContent>
          {invoice.payments.length === 0 ? (
            <p className="text-sm text-muted">{t.noPayments}</p>
          ) : (
            <ul className="divide-y divide-border">
              {invoice.payments.map((p) => (
                <li key={p.id} className="flex flex-wrap items-center justify-between gap-3 py-3 first:pt-0 last:pb-0" data-testid="invoice-payment">
                  <div className="grid gap-0.5 text-sm">
                    <p className="font-medium text-fg">{paymentMethodLabel(p)}</p>
                    <p className="text-muted">
                      {formatDateTime(p.paidAt)}
                      {p.gatewayRef && p.gateway === "bank_transfer" ? ` · ${p.gatewayRef}` : ""}
                    </p>
                  </div>
                  <div className="flex flex-wrap items-center gap-3">
                    <StatusBadge status={p.status} />
                    <span className="text-sm font-medium tabular-nums">{formatMoney(p.amount, p.currency)}</span>
                    {p.amountRefunded > 0 && <span className="text-sm text-muted tabular-nums">({t.refunded} {formatMoney(p.amountRefunded, p.currency)})</span>}
                    {paymentActions?.(p)}
                  </div>
                </li>
              ))}
            </ul>
          )}
          {invoice.creditNotes.length > 0 && (
            <div className="mt-6 grid gap-2">
              <h3 className="text-sm font-semibold text-fg">{t.creditNotes}</h3>
              <ul className="grid gap-1 text-sm">
                {invoice.creditNotes.map((n) => (
                  <li key={n.id} className="flex flex-wrap justify-between gap-3" data-testid="credit-note">
                    <span>
                      {n.number} · {formatDate(n.issuedAt)}
                      {n.reason ? <span className="text-muted"> · {n.reason}</span> : null}
                    </span>
                    <span className="tabular-nums">{m(n.total)}</span>
                  </li>
                ))}
              </ul>
            </div>
          )}
        </CardContent>
      </Card>
    </div>
  );
}
