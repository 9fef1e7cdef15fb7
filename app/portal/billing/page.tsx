import { CreditCard, Wallet } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { AddFundsForm, BillingProfileForm } from "@/components/billing/billing-forms";
import { countryOptions } from "@/components/billing/countries";
import { paymentOptions } from "@/components/billing/payment-options";
import { billingStrings } from "@/components/billing/strings";
import { Badge } from "@/components/ui/badge";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { requireCustomer } from "@/lib/auth/guards";
import { PaymentMethodActions } from "@/components/billing/payment-method-actions";
import { customerCreditSummary, listCreditEntries, listCustomerPaymentMethods, SUPPORTED_CURRENCIES } from "@/lib/billing";
import { getBillingProfile } from "@/lib/billing/profile";
import { formatDateTime } from "@/lib/format/dates";
import { formatMoney } from "@/lib/format/money";

const t = billingStrings.billing;

export const metadata: Metadata = { title: t.metaTitle };

export default async function PortalBillingPage() {
  const actor = await requireCustomer();
  const [summary, methods, profile] = await Promise.all([
    customerCreditSummary(actor.userId),
    listCustomerPaymentMethods(actor.userId),
    getBillingProfile(actor.userId),
  ]);
  const entries = summary ? await listCreditEntries(actor.userId, summary.currency, { limit: 50 }) : [];
  const fundGateways = (await paymentOptions(actor.userId, summary?.currency ?? "USD", { includeCredit: false })).filter((g) => g.gateway !== "credit");

  return (
    <div className="grid grid-cols-1 gap-6">
      <PageHeader title={t.title} description={t.lead} />

      <Card as="section" aria-labelledby="credit-title">
        <CardHeader className="flex-row flex-wrap items-start justify-between gap-4">
          <div className="grid gap-1">
            <CardTitle id="credit-title">{t.creditTitle}</CardTitle>
            <CardDescription>{t.creditLead}</CardDescription>
          </div>
          <div className="text-right">
            <p className="text-xs text-muted uppercase">{t.balance}</p>
            <p className="text-2xl font-semibold tabular-nums text-fg" data-testid="credit-balance">
              {summary ? formatMoney(summary.balance, summary.currency) : formatMoney(0, "USD")}
            </p>
          </div>
        </CardHeader>
        <CardContent className="grid grid-cols-1 gap-6">
          {fundGateways.length > 0 && (
            <div className="grid grid-cols-1 gap-2">
              <h3 className="text-sm font-semibold text-fg">{t.addFunds}</h3>
              <AddFundsForm currency={summary?.currency ?? null} currencies={[...SUPPORTED_CURRENCIES]} gateways={fundGateways} />
            </div>
          )}
          <div className="grid grid-cols-1 gap-2">
            <h3 className="text-sm font-semibold text-fg">{t.history}</h3>
            {!summary ? (
              <p className="text-sm text-muted">{t.noCurrency}</p>
            ) : entries.length === 0 ? (
              <p className="text-sm text-muted">{t.noHistory}</p>
            ) : (
              <div className="relative overflow-x-auto">
                <table className="w-full min-w-[30rem] text-left text-sm">
                  <thead className="text-xs text-muted uppercase">
                    <tr className="border-b border-border">
                      <th scope="col" className="py-2 pr-4 font-medium">Date</th>
                      <th scope="col" className="py-2 pr-4 font-medium">What</th>
                      <th scope="col" className="py-2 pr-4 text-right font-medium">Amount</th>
                      <th scope="col" className="py-2 text-right font-medium">{t.balance}</th>
                    </tr>
                  </thead>
                  <tbody className="divide-y divide-border">
                    {entries.map((e) => (
                      <tr key={e.id} data-testid="credit-entry">
                        <td className="py-2 pr-4 whitespace-nowrap text-muted">{formatDateTime(e.createdAt)}</td>
                        <td className="py-2 pr-4">
                          <span className="text-fg">{t.reasons[e.reason] ?? e.reason}</span>
                          {e.description && <span className="block text-xs text-muted">{e.description}</span>}
                          {e.invoiceId && (
                            <Link href={`/portal/invoices/${e.invoiceId}`} className="text-xs text-brand hover:underline">
                              {billingStrings.invoices.view}
                            </Link>
                          )}
                        </td>
                        <td className={`py-2 pr-4 text-right tabular-nums ${e.amount < 0 ? "text-fg" : "text-success"}`}>
                          {e.amount > 0 ? "+" : "−"}
                          {formatMoney(Math.abs(e.amount), summary.currency)}
                        </td>
                        <td className="py-2 text-right tabular-nums">{formatMoney(e.balanceAfter, summary.currency)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
          </div>
        </CardContent>
      </Card>

      <Card as="section" aria-labelledby="methods-title">
        <CardHeader>
          <CardTitle id="methods-title">{t.methodsTitle}</CardTitle>
          <CardDescription>{t.methodsLead}</CardDescription>
        </CardHeader>
        <CardContent>
          {methods.length === 0 ? (
            <EmptyState size="sm" bordered={false} icon={CreditCard} title={t.noMethods} description={t.noMethodsText} />
          ) : (
            <ul className="divide-y divide-border">
              {methods.map((method) => (
                <li key={method.id} className="flex flex-wrap items-center justify-between gap-3 py-3 first:pt-0 last:pb-0" data-testid="payment-method">
                  <span className="flex items-center gap-3 text-sm">
                    <Wallet aria-hidden="true" className="size-4 text-muted" />
                    <span className="font-medium text-fg">
                      {method.brand ? method.brand.charAt(0).toUpperCase() + method.brand.slice(1) : method.type} {method.last4 ? `•••• ${method.last4}` : ""}
                    </span>
                    <span className="text-muted">{t.expires(method.expMonth, method.expYear)}</span>
                  </span>
                  <span className="flex flex-wrap items-center gap-2">
                    {method.isDefault && <Badge tone="brand">{t.default}</Badge>}
                    <PaymentMethodActions
                      methodId={method.id}
                      isDefault={method.isDefault}
                      label={`${method.brand ? method.brand.charAt(0).toUpperCase() + method.brand.slice(1) : method.type}${method.last4 ? ` •••• ${method.last4}` : ""}`}
                    />
                  </span>
                </li>
              ))}
            </ul>
          )}
        </CardContent>
      </Card>

      <Card as="section" aria-labelledby="details-title">
        <CardHeader>
          <CardTitle id="details-title">{t.detailsTitle}</CardTitle>
          <CardDescription>{t.detailsLead}</CardDescription>
        </CardHeader>
        <CardContent>
          <BillingProfileForm profile={profile} countries={countryOptions()} />
        </CardContent>
      </Card>
    </div>
  );
}
