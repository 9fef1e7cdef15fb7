import { Package } from "lucide-react";
import type { Metadata } from "next";
import { ProvisioningRuns } from "@/components/billing/provisioning-runs";
import { ServiceSummary } from "@/components/billing/service-summary";
import { billingStrings } from "@/components/billing/strings";
import { ButtonLink } from "@/components/ui/button-link";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { requireCustomer } from "@/lib/auth/guards";
import { billingAccessFor } from "@/lib/billing/account-access";
import { listAccountServices, openOrderInvoicesByService } from "@/lib/billing/portal";
import { listProvisioningRuns } from "@/lib/provisioning";

const t = billingStrings.services;

export const metadata: Metadata = { title: t.metaTitle };

export default async function PortalServicesPage() {
  const actor = await requireCustomer();
  // Personal services plus those of the customer's organizations their role lets them see (account-access.ts).
  const access = await billingAccessFor(actor.userId);
  const [rows, openInvoices] = await Promise.all([listAccountServices(access), openOrderInvoicesByService(access)]);
  const showAccount = access.organizations.length > 0;
  // A failed setup is shown where the customer looks, with its steps (never a silent failure).
  const failedRuns = new Map(
    await Promise.all(
      rows.filter((s) => s.provisioningStatus === "failed").map(async (s) => [s.id, await listProvisioningRuns(s.id, { customerId: s.customerId, limit: 1 })] as const),
    ),
  );
  return (
    <div className="grid grid-cols-1 gap-6">
      <PageHeader title={t.title} description={t.lead} />
      {rows.length === 0 ? (
        <EmptyState icon={Package} title={t.emptyTitle} description={t.emptyText} action={<ButtonLink href="/vpn">{t.emptyAction}</ButtonLink>} />
      ) : (
        <Card as="ul" className="divide-y divide-border">
          {rows.map((service) => (
            <li key={service.id} className="p-5 sm:p-6">
              <ServiceSummary
                service={service}
                openInvoice={openInvoices.get(service.id)}
                accountName={showAccount ? service.accountName : undefined}
                canManage={access.can("services.manage", service.organizationId)}
              />
              {failedRuns.get(service.id)?.length ? (
                <div className="mt-4">
                  <ProvisioningRuns runs={failedRuns.get(service.id)!} />
                </div>
              ) : null}
            </li>
          ))}
        </Card>
      )}
    </div>
  );
}
