import { Package, Receipt } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { ServiceSummary } from "@/components/billing/service-summary";
import { billingStrings } from "@/components/billing/strings";
import { DashboardDevices } from "@/components/portal/dashboard-devices";
import { DashboardNotices } from "@/components/portal/dashboard-notices";
import { portalStrings } from "@/components/portal/strings";
import { PortalMaintenanceBanner } from "@/components/support/portal-maintenance-banner";
import { Alert } from "@/components/ui/alert";
import { StatusBadge } from "@/components/ui/badge";
import { ButtonLink } from "@/components/ui/button-link";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { requireCustomer } from "@/lib/auth/guards";
import { PAYABLE_STATUSES } from "@/lib/billing";
import { billingAccessFor } from "@/lib/billing/account-access";
import { listAccountInvoices, listAccountServices, openOrderInvoicesByService } from "@/lib/billing/portal";
import { formatDate } from "@/lib/format/dates";
import { formatMoney } from "@/lib/format/money";
import { listNotifications } from "@/lib/notifications/queries";
import { listDevices } from "@/lib/vpn/devices";
import { getEntitlementSummary } from "@/lib/vpn/entitlements";

const t = portalStrings.dashboard;
const b = billingStrings.dashboard;

export const metadata: Metadata = { title: t.metaTitle };

/**
 * The customer's dashboard: services with their state, the latest invoices, and one next step — pay an unpaid
 * invoice when there is one, else choose a plan (no services yet) or add a device.
 */
export default async function PortalDashboardPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const actor = await requireCustomer();
  const params = await searchParams;
  // Sign-up from a plan's checkout comes back here with ?plan=: carry on to the checkout.
  if (typeof params.plan === "string" && /^[a-z0-9-]{1,64}$/.test(params.plan)) redirect(`/checkout?plan=${params.plan}`);

  // Services and invoices the customer can see: personal plus their organizations' (lib/billing/account-access.ts).
  const access = await billingAccessFor(actor.userId);
  const showAccount = access.organizations.length > 0;
  const [services, invoices, openInvoices, devices, entitlement, notices] = await Promise.all([
    listAccountServices(access),
    listAccountInvoices(access, { pageSize: 5 }),
    openOrderInvoicesByService(access),
    listDevices(actor.userId),
    getEntitlementSummary(actor.userId),
    listNotifications(actor.userId, { limit: 10 }),
  ]);
  const unpaid = invoices.rows.find((i) => PAYABLE_STATUSES.includes(i.status) && i.amountDue > 0);
  const shownServices = services.filter((s) => s.status !== "terminated").slice(0, 4);

  return (
    <div className="grid grid-cols-1 gap-8">
      <PageHeader title={t.title} description={t.lead} />
      <PortalMaintenanceBanner />
      {unpaid && (
        <Alert
          tone={unpaid.status === "overdue" ? "danger" : "warning"}
          title={b.unpaidTitle(unpaid.number ?? "")}
          action={<ButtonLink href={`/portal/invoices/${unpaid.id}`}>{billingStrings.invoices.payNow}</ButtonLink>}
        >
          {b.unpaidText(formatMoney(unpaid.amountDue, unpaid.currency), formatDate(unpaid.dueAt))}
        </Alert>
      )}
      <div className="grid gap-6 lg:grid-cols-2">
        <Card as="section" aria-labelledby="portal-services" className="lg:col-span-2">
          <CardHeader className="flex-row items-center justify-between gap-4">
            <CardTitle id="portal-services">{t.services.title}</CardTitle>
            {services.length > 0 && (
              <Link href="/portal/services" className="text-sm font-medium text-brand hover:underline">
                {b.allServices}
              </Link>
            )}
          </CardHeader>
          <CardContent>
            {shownServices.length === 0 ? (
              <EmptyState
                bordered={false}
                icon={Package}
                title={t.services.emptyTitle}
                description={t.services.emptyText}
                action={<ButtonLink href="/vpn">{t.services.action}</ButtonLink>}
              />
            ) : (
              <ul className="divide-y divide-border">
                {shownServices.map((service) => (
                  <li key={service.id} className="py-4 first:pt-0 last:pb-0">
                    <ServiceSummary
                      service={service}
                      // The banner above already leads to paying this invoice: one next step per screen.
                      openInvoice={openInvoices.get(service.id)?.invoiceId === unpaid?.id ? null : openInvoices.get(service.id)}
                      accountName={showAccount ? service.accountName : undefined}
                      canManage={access.can("services.manage", service.organizationId)}
                    />
                  </li>
                ))}
              </ul>
            )}
          </CardContent>
        </Card>
        <DashboardDevices devices={devices} canAdd={entitlement.status === "active"} />
        <Card as="section" aria-labelledby="portal-invoices">
          <CardHeader className="flex-row items-center justify-between gap-4">
            <CardTitle id="portal-invoices">{t.invoices.title}</CardTitle>
            {invoices.total > 0 && (
              <Link href="/portal/invoices" className="text-sm font-medium text-brand hover:underline">
                {b.allInvoices}
              </Link>
            )}
          </CardHeader>
          <CardContent>
            {invoices.total === 0 ? (
              <EmptyState bordered={false} size="sm" icon={Receipt} title={t.invoices.emptyTitle} description={t.invoices.emptyText} />
            ) : (
              <ul className="divide-y divide-border text-sm">
                {invoices.rows.map((invoice) => (
                  <li key={invoice.id} className="flex flex-wrap items-center justify-between gap-2 py-2.5 first:pt-0 last:pb-0">
                    <Link href={`/portal/invoices/${invoice.id}`} className="font-medium text-fg hover:underline">
                      {invoice.number ?? "Draft"}
                    </Link>
                    <span className="flex items-center gap-3">
                      <span className="tabular-nums">{formatMoney(invoice.total, invoice.currency)}</span>
                      <StatusBadge status={invoice.status} />
                    </span>
                  </li>
                ))}
              </ul>
            )}
            {invoices.total > 0 && !unpaid && <p className="mt-4 text-sm text-muted">{b.allPaid}</p>}
          </CardContent>
        </Card>
        <DashboardNotices notices={notices} />
      </div>
    </div>
  );
}
