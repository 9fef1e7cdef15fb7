import type { Metadata } from "next";
import Link from "next/link";
import { LinkCell, MoneyCell, PersonCell, StatusCell } from "@/components/data-table/cells";
import { ServerDataTable } from "@/components/data-table/server-table";
import { ResolveFlagForm } from "@/components/billing/admin/payment-forms";
import { GATEWAY_NAMES } from "@/components/billing/strings";
import { ButtonLink } from "@/components/ui/button-link";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { paymentsTable, type PaymentTableRow } from "@/lib/admin/tables/definitions/billing";
import { requireStaff } from "@/lib/auth/guards";
import { roleHasPermission } from "@/lib/auth/permissions";
import { listAdminPaymentFailures, listReconciliationFlags } from "@/lib/billing/admin";
import { formatDateTime } from "@/lib/format/dates";
import { formatMoney } from "@/lib/format/money";

export const metadata: Metadata = { title: "Payments" };

const KIND_WORDS: Record<string, string> = {
  missing_locally: "Paid at the gateway, not recorded here",
  missing_at_gateway: "Recorded here, not at the gateway",
  amount_mismatch: "Amount does not match the invoice",
  currency_mismatch: "Currency does not match the invoice",
  status_mismatch: "Invoice was not payable / disputed",
};

export default async function AdminPaymentsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  // payments.read, not invoices.read: support staff see invoices but not money movements.
  const actor = await requireStaff("payments.read");
  const params = await searchParams;
  const [flags, failures, canExport] = await Promise.all([
    listReconciliationFlags({ status: "open" }),
    listAdminPaymentFailures({ limit: 50 }),
    roleHasPermission(actor.role, "data.export"),
  ]);
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

      <section aria-labelledby="payments-title" className="grid min-w-0 grid-cols-1 gap-4">
        <h2 id="payments-title" className="text-lg font-semibold text-fg">
          All payments
        </h2>
        <ServerDataTable<PaymentTableRow>
          id="payments"
          caption="All payments"
          noun="payments"
          definition={paymentsTable}
          searchParams={params}
          searchPlaceholder="Customer email, payment id or gateway reference"
          rowLabel={(r) => `payment ${r.gatewayRef ?? r.id.slice(0, 8)}`}
          columns={[
            { id: "createdAt", header: "Date", hideable: false, cell: (r) => <LinkCell href={`/admin/payments/${r.id}`}>{formatDateTime(r.paidAt ?? r.createdAt)}</LinkCell> },
            { id: "customer", header: "Customer", cell: (r) => <PersonCell id={r.customerId} email={r.customerEmail} /> },
            { id: "invoice", header: "Invoice", cell: (r) => (r.invoiceId ? <LinkCell href={`/admin/invoices/${r.invoiceId}`}>Invoice</LinkCell> : "—") },
            {
              id: "gateway",
              header: "Method",
              cell: (r) => (
                <span className="grid">
                  {GATEWAY_NAMES[r.gateway] ?? r.gateway}
                  {r.gatewayRef && <span className="max-w-48 truncate font-mono text-xs text-muted">{r.gatewayRef}</span>}
                </span>
              ),
            },
            { id: "status", header: "Status", cell: (r) => <StatusCell status={r.status} /> },
            {
              id: "amount",
              header: "Amount",
              align: "right",
              cell: (r) => (
                <span className="grid">
                  <MoneyCell amount={r.amount} currency={r.currency} />
                  {r.amountRefunded > 0 && <span className="text-xs text-muted">−{formatMoney(r.amountRefunded, r.currency)} refunded</span>}
                </span>
              ),
            },
          ]}
          exportHref={canExport ? "/admin/export/payments" : undefined}
          empty={{ title: "No payments found", description: "Payments appear here as customers pay. Try another search or fewer filters." }}
        />
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
