import { Receipt } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { billingStrings } from "@/components/billing/strings";
import { StatusBadge } from "@/components/ui/badge";
import { ButtonLink } from "@/components/ui/button-link";
import { Card, CardContent } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { Pagination } from "@/components/ui/pagination";
import { requireCustomer } from "@/lib/auth/guards";
import { PAYABLE_STATUSES } from "@/lib/billing";
import { billingAccessFor } from "@/lib/billing/account-access";
import { listAccountInvoices } from "@/lib/billing/portal";
import { formatDate } from "@/lib/format/dates";
import { formatMoney } from "@/lib/format/money";

const t = billingStrings.invoices;

export const metadata: Metadata = { title: t.metaTitle };

export default async function PortalInvoicesPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const actor = await requireCustomer();
  const query = await searchParams;
  const page = Number(typeof query.page === "string" ? query.page : 1) || 1;
  // Personal invoices plus those of organizations where the customer's role reads invoices (account-access.ts).
  const access = await billingAccessFor(actor.userId);
  const result = await listAccountInvoices(access, { page, pageSize: 20 });
  const showAccount = access.organizations.length > 0;
  const pageCount = Math.max(1, Math.ceil(result.total / result.pageSize));
  return (
    <div className="grid grid-cols-1 gap-6">
      <PageHeader
        title={t.title}
        description={t.lead}
        actions={
          <ButtonLink href="/portal/billing" variant="secondary">
            {billingStrings.billing.title}
          </ButtonLink>
        }
      />
      {result.total === 0 ? (
        <EmptyState icon={Receipt} title={t.emptyTitle} description={t.emptyText} action={<ButtonLink href="/vpn">{t.emptyAction}</ButtonLink>} />
      ) : (
        <Card>
          <CardContent className="relative overflow-x-auto p-0 sm:p-0">
            <table className="w-full min-w-[36rem] text-left text-sm">
              <thead className="text-xs text-muted uppercase">
                <tr className="border-b border-border">
                  <th scope="col" className="px-5 py-3 font-medium">{t.number}</th>
                  {showAccount && <th scope="col" className="px-3 py-3 font-medium">{t.account}</th>}
                  <th scope="col" className="px-3 py-3 font-medium">{t.date}</th>
                  <th scope="col" className="px-3 py-3 font-medium">{t.status}</th>
                  <th scope="col" className="px-3 py-3 text-right font-medium">{t.total}</th>
                  <th scope="col" className="px-5 py-3 text-right font-medium">
                    <span className="sr-only">{t.view}</span>
                  </th>
                </tr>
              </thead>
              <tbody className="divide-y divide-border">
                {result.rows.map((invoice) => {
                  const payable = PAYABLE_STATUSES.includes(invoice.status) && invoice.amountDue > 0;
                  return (
                    <tr key={invoice.id} data-testid="invoice-row">
                      <td className="px-5 py-3">
                        <Link href={`/portal/invoices/${invoice.id}`} className="font-medium text-fg hover:underline">
                          {invoice.number ?? "Draft"}
                        </Link>
                      </td>
                      {showAccount && (
                        <td className="px-3 py-3 text-muted" data-testid="invoice-account">
                          {invoice.accountName}
                        </td>
                      )}
                      <td className="px-3 py-3 whitespace-nowrap text-muted">{formatDate(invoice.issuedAt ?? invoice.createdAt)}</td>
                      <td className="px-3 py-3">
                        <StatusBadge status={invoice.status} />
                      </td>
                      <td className="px-3 py-3 text-right tabular-nums">{formatMoney(invoice.total, invoice.currency)}</td>
                      <td className="px-5 py-3 text-right">
                        {payable ? (
                          <ButtonLink href={`/portal/invoices/${invoice.id}`} size="sm">
                            {t.payNow}
                          </ButtonLink>
                        ) : (
                          <ButtonLink href={`/portal/invoices/${invoice.id}`} size="sm" variant="ghost">
                            {t.view}
                          </ButtonLink>
                        )}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </CardContent>
        </Card>
      )}
      <Pagination page={result.page} pageCount={pageCount} pathname="/portal/invoices" searchParams={query} />
    </div>
  );
}
