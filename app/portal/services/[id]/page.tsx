import { ArrowLeft } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { PaymentPending } from "@/components/billing/payment-pending";
import { PendingPlanChange, PlanChangeForm } from "@/components/billing/plan-change";
import { ProvisioningRuns } from "@/components/billing/provisioning-runs";
import { ServiceSummary, serviceName } from "@/components/billing/service-summary";
import { billingStrings } from "@/components/billing/strings";
import { Alert } from "@/components/ui/alert";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { requireCustomer } from "@/lib/auth/guards";
import { listPlanOptions, pendingPlanChanges } from "@/lib/billing/plan-changes";
import { billingAccessFor } from "@/lib/billing/account-access";
import { getAccountService, openOrderInvoicesByService } from "@/lib/billing/portal";
import { listProvisioningRuns } from "@/lib/provisioning";

const t = billingStrings.services;

export const metadata: Metadata = { title: "Service" };

export default async function PortalServicePage({ params }: { params: Promise<{ id: string }> }) {
  const actor = await requireCustomer();
  const { id } = await params;
  // Someone else's service, or an organization's the customer is not (or no longer) a member of: not found.
  const access = await billingAccessFor(actor.userId);
  const service = await getAccountService(access, id);
  if (!service) notFound();
  const canManage = access.can("services.manage", service.organizationId);
  const [runs, openInvoices, planOptions, pending] = await Promise.all([
    listProvisioningRuns(id, { customerId: service.customerId, limit: 10 }),
    openOrderInvoicesByService(access),
    canManage ? listPlanOptions(service.customerId, id) : Promise.resolve([]),
    pendingPlanChanges([id]),
  ]);
  const pendingChange = canManage ? pending.get(id) : undefined;
  const canChangePlan = service.status === "active" && !service.cancelAtPeriodEnd && service.cycle !== "one_time" && !pendingChange && planOptions.length > 0;
  const setupRunning = runs.some((r) => r.status === "running" || r.status === "queued");
  return (
    <div className="grid grid-cols-1 gap-6">
      <Link href="/portal/services" className="flex w-fit items-center gap-1.5 text-sm font-medium text-muted hover:text-fg">
        <ArrowLeft aria-hidden="true" className="size-4" />
        {t.back}
      </Link>
      <PageHeader title={serviceName(service)} />
      {!canManage && <Alert tone="info">{t.readOnly(service.accountName)}</Alert>}
      <Card>
        <CardContent>
          <ServiceSummary
            service={service}
            openInvoice={openInvoices.get(service.id)}
            showDetailsLink={false}
            accountName={access.organizations.length > 0 ? service.accountName : undefined}
            canManage={canManage}
          />
        </CardContent>
      </Card>
      {pendingChange && (
        <PendingPlanChange
          serviceId={id}
          change={{ ...pendingChange, effectiveAt: pendingChange.effectiveAt?.toISOString() ?? null }}
        />
      )}
      {canChangePlan && (
        <Card as="section" aria-labelledby="change-plan">
          <CardHeader>
            <CardTitle id="change-plan">Change plan</CardTitle>
            <p className="text-sm text-muted">An upgrade starts now and you pay the difference for the days left; a downgrade starts at your next renewal.</p>
          </CardHeader>
          <CardContent>
            <PlanChangeForm
              serviceId={id}
              currentName={service.productName}
              options={planOptions.map((o) => ({
                priceId: o.priceId,
                name: o.name,
                amount: o.amount,
                currency: o.currency,
                cycle: o.cycle,
                kind: o.kind,
                deviceLimit: typeof o.moduleConfig?.deviceLimit === "number" ? o.moduleConfig.deviceLimit : null,
              }))}
            />
          </CardContent>
        </Card>
      )}
      <Card as="section" aria-labelledby="service-setup">
        <CardHeader>
          <CardTitle id="service-setup">{t.provisioningTitle}</CardTitle>
        </CardHeader>
        <CardContent className="grid grid-cols-1 gap-4">
          {setupRunning && <PaymentPending intervalMs={3000} maxMs={60_000} title={t.provisioningRunning} text="" />}
          <ProvisioningRuns runs={runs} />
        </CardContent>
      </Card>
    </div>
  );
}
