import { ArrowLeft } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { PaymentPending } from "@/components/billing/payment-pending";
import { ProvisioningRuns } from "@/components/billing/provisioning-runs";
import { ServiceSummary, serviceName } from "@/components/billing/service-summary";
import { billingStrings } from "@/components/billing/strings";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { requireCustomer } from "@/lib/auth/guards";
import { getCustomerService, openOrderInvoicesByService } from "@/lib/billing/portal";
import { listProvisioningRuns } from "@/lib/provisioning";

const t = billingStrings.services;

export const metadata: Metadata = { title: "Service" };

export default async function PortalServicePage({ params }: { params: Promise<{ id: string }> }) {
  const actor = await requireCustomer();
  const { id } = await params;
  const service = await getCustomerService(actor.userId, id);
  if (!service) notFound();
  const [runs, openInvoices] = await Promise.all([listProvisioningRuns(id, { customerId: actor.userId, limit: 10 }), openOrderInvoicesByService(actor.userId)]);
  const setupRunning = runs.some((r) => r.status === "running" || r.status === "queued");
  return (
    <div className="grid grid-cols-1 gap-6">
      <Link href="/portal/services" className="flex w-fit items-center gap-1.5 text-sm font-medium text-muted hover:text-fg">
        <ArrowLeft aria-hidden="true" className="size-4" />
        {t.back}
      </Link>
      <PageHeader title={serviceName(service)} />
      <Card>
        <CardContent>
          <ServiceSummary service={service} openInvoice={openInvoices.get(service.id)} showDetailsLink={false} />
        </CardContent>
      </Card>
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
