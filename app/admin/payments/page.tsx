import type { Metadata } from "next";
import Link from "next/link";
import { ListFilters } from "@/components/billing/admin/list-filters";
import { ResolveFlagForm } from "@/components/billing/admin/payment-forms";
import { GATEWAY_NAMES } from "@/components/billing/strings";
import { StatusBadge, statusLabel } from "@/components/ui/badge";
import { ButtonLink } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { Pagination } from "@/components/ui/pagination";
import { PAYMENT_STATUSES } from "@/db/billing/schema";
import { requireStaff } from "@/lib/auth/guards";
import { listAdminPaymentFailures, listAdminPayments, listReconciliationFlags } from "@/lib/billing/admin";
import { formatDateTime } from "@/lib/format/dates";
import { formatMoney } from "@/lib/format/money";

export const metadata: Metadata = { title: "Payments" };

const one = (v: string | string[] | undefined) => (typeof v === "string" ? v : "");

const KIND_WORDS: Record<string, string> = {
  missing_locally: "Paid at the gateway, not recorded here",
  missing_at_gateway: "Recorded here, not at the gateway",
  amount_mismatch: "Amount does not match the invoice",
  currency_mismatch: "Currency does not match the invoice",
  status_mismatch: "Invoice was not payable / disputed",
};

export default async function AdminPaymentsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requireStaff("invoices.read");
  const params = await searchParams;
  const q = one(params.q);
  const status = one(params.status);
  const [result, flags, failures] = await Promise.all([
    listAdminPayments({ search: q, status, page: Number(one(params.page)) || 1 }),
    listReconciliationFlags({ status: "open" }),
    listAdminPaymentFailures({ limit: 50 }),
  ]);
  const pageCount = Math.max(1, Math.ceil(result.total / result.pageSize));
  return (
    <div className="grid grid-cols-1 gap-6">
      <PageHeader
        title="Payments"
        description="Money received, charges that failed, and anything the gateways and our records disagree on."
        actions={
          <>
            <ButtonLink href="/admin/payments/credit" variant="secondary">
              Account credit
            </ButtonLink>
            <ButtonLink href="/admin/settings/payments" variant="secondary">
              Gateway settings
            </ButtonLink>
          </>
        }
      />

      <Card as="section" aria-labelledby="flags-title">
        <CardHeader>
          <CardTitle id="flags-title">Reconciliation flags ({flags.length} open)</CardTitle>
          <CardDescription>Found when a payment could not be applied as received, and by the nightly comparison with the gateways.</CardDescription>
        </CardHeader>
        <CardContent>
          {flags.length === 0 ? (
            <p className="text-sm text-muted">Nothing to look at: the gateways and our records agree.</p>
          ) : (
            <ul className="divide-y divide-border">
              {flags.map((f) => (
                <li key={f.id} className="grid gap-2 py-3 first:pt-0 last:pb-0" data-testid="reconciliation-flag">
                  <div className="flex flex-wrap items-center justify-between gap-2 text-sm">
                    <span className="font-medium text-fg">{KIND_WORDS[f.kind] ?? f.kind}</span>
                    <span className="text-muted">{formatDateTime(f.createdAt)}</span>
                  </div>
                  <p className="text-sm text-muted">
                    {GATEWAY_NAMES[f.gateway] ?? f.gateway} · <span className="font-mono">{f.gatewayRef}</span>
                    {f.gatewayAmount !== null && f.currency && <> · received {formatMoney(f.gatewayAmount, f.currency)}</>}
                    {f.amount !== null && f.currency && <> · expected {formatMoney(f.amount, f.currency)}</>}
                    {f.invoiceId && (
                      <>
                        {" · "}
                        <Link href={`/admin/invoices/${f.invoiceId}`} className="text-brand hover:underline">
                          invoice
                        </Link>
                      </>
                    )}
                  </p>
                  {typeof f.details?.message === "string" && <p className="text-sm text-fg">{f.details.message}</p>}
                  <ResolveFlagForm flagId={f.id} />
                </li>
              ))}
            </ul>
          )}
        </CardContent>
      </Card>

      <section aria-labelledby="payments-title" className="grid grid-cols-1 gap-4">
        <h2 id="payments-title" className="text-lg font-semibold text-fg">
          All payments
        </h2>
        <ListFilters
          action="/admin/payments"
          query={q}
          placeholder="Email, invoice number or gateway reference"
          filter={{ name: "status", label: "Statuses", value: status, options: PAYMENT_STATUSES.map((s) => ({ value: s, label: statusLabel(s) })) }}
        />
        {result.rows.length === 0 ? (
          <EmptyState title="No payments found" description={q || status ? "Try another search." : "Payments appear here as customers pay."} />
        ) : (
          <Card>
            <CardContent className="relative overflow-x-auto p-0 sm:p-0">
              <table className="w-full min-w-[48rem] text-left text-sm">
                <thead className="text-xs text-muted uppercase">
                  <tr className="border-b border-border">
                    <th scope="col" className="px-4 py-2.5 font-medium">Date</th>
                    <th scope="col" className="px-3 py-2.5 font-medium">Customer</th>
                    <th scope="col" className="px-3 py-2.5 font-medium">Invoice</th>
                    <th scope="col" className="px-3 py-2.5 font-medium">Method</th>
                    <th scope="col" className="px-3 py-2.5 font-medium">Status</th>
                    <th scope="col" className="px-4 py-2.5 text-right font-medium">Amount</th>
                  </tr>
                </thead>
                <tbody className="divide-y divide-border">
                  {result.rows.map((p) => (
                    <tr key={p.id} data-testid="admin-payment-row">
                      <td className="px-4 py-2.5 whitespace-nowrap text-muted">{formatDateTime(p.paidAt ?? p.createdAt)}</td>
                      <td className="px-3 py-2.5">{p.customer?.email ?? p.customerId}</td>
                      <td className="px-3 py-2.5">
                        {p.invoiceId ? (
                          <Link href={`/admin/invoices/${p.invoiceId}`} className="text-brand hover:underline">
                            {p.invoiceNumber ?? "invoice"}
                          </Link>
                        ) : (
                          "—"
                        )}
                      </td>
                      <td className="px-3 py-2.5">
                        {GATEWAY_NAMES[p.gateway] ?? p.gateway}
                        {p.gatewayRef && <span className="block max-w-48 truncate font-mono text-xs text-muted">{p.gatewayRef}</span>}
                      </td>
                      <td className="px-3 py-2.5">
                        <StatusBadge status={p.status} />
                        {p.failureMessage && <span className="block text-xs text-muted">{p.failureMessage}</span>}
                      </td>
                      <td className="px-4 py-2.5 text-right tabular-nums">
                        {formatMoney(p.amount, p.currency)}
                        {p.amountRefunded > 0 && <span className="block text-xs text-muted">−{formatMoney(p.amountRefunded, p.currency)} refunded</span>}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </CardContent>
          </Card>
        )}
        <Pagination page={result.page} pageCount={pageCount} pathname="/admin/payments" searchParams={params} />
      </section>

      <Card as="section" aria-labelledby="failures-title">
        <CardHeader>
          <CardTitle id="failures-title">Payment failures</CardTitle>
          <CardDescription>Automatic renewal charges that were declined or need the customer to confirm, with their retries.</CardDescription>
        </CardHeader>
        <CardContent className="relative overflow-x-auto">
          {failures.length === 0 ? (
            <p className="text-sm text-muted">No failed charges.</p>
          ) : (
            <table className="w-full min-w-[44rem] text-left text-sm">
              <thead className="text-xs text-muted uppercase">
                <tr className="border-b border-border">
                  <th scope="col" className="py-2 pr-3 font-medium">When</th>
                  <th scope="col" className="py-2 pr-3 font-medium">Customer</th>
                  <th scope="col" className="py-2 pr-3 font-medium">Invoice</th>
                  <th scope="col" className="py-2 pr-3 font-medium">Reason</th>
                  <th scope="col" className="py-2 pr-3 font-medium">Attempt</th>
                  <th scope="col" className="py-2 text-right font-medium">Amount</th>
                </tr>
              </thead>
              <tbody className="divide-y divide-border">
                {failures.map((f) => (
                  <tr key={f.id} data-testid="payment-failure">
                    <td className="py-2 pr-3 whitespace-nowrap text-muted">{formatDateTime(f.createdAt)}</td>
                    <td className="py-2 pr-3">{f.customer?.email ?? f.customerId}</td>
                    <td className="py-2 pr-3">
                      {f.invoiceId ? (
                        <Link href={`/admin/invoices/${f.invoiceId}`} className="text-brand hover:underline">
                          {f.invoiceNumber ?? "invoice"}
                        </Link>
                      ) : (
                        "—"
                      )}
                    </td>
                    <td className="py-2 pr-3">
                      {f.message ?? f.code ?? "—"}
                      {f.resolvedAt && <span className="block text-xs text-success">Resolved {formatDateTime(f.resolvedAt)}</span>}
                    </td>
                    <td className="py-2 pr-3 tabular-nums">{f.attempt}</td>
                    <td className="py-2 text-right tabular-nums">{formatMoney(f.amount, f.currency)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </CardContent>
      </Card>
    </div>
  );
}
