import { MonitorSmartphone, Package, Receipt } from "lucide-react";
import type { Metadata } from "next";
import { requireCustomer } from "@/lib/auth/guards";
import { portalStrings } from "@/components/portal/strings";
import { ButtonLink } from "@/components/ui/button";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";

const t = portalStrings.dashboard;

export const metadata: Metadata = { title: t.metaTitle };

/**
 * A new customer's dashboard: every card is empty and says what to do. The one next step is choosing a
 * plan (primary); adding a device follows once a service is active.
 */
export default async function PortalDashboardPage() {
  await requireCustomer();
  return (
    <div className="grid gap-8">
      <PageHeader title={t.title} description={t.lead} />
      <div className="grid gap-6 lg:grid-cols-2">
        <Card as="section" aria-labelledby="portal-services" className="lg:col-span-2">
          <CardHeader>
            <CardTitle id="portal-services">{t.services.title}</CardTitle>
          </CardHeader>
          <CardContent>
            <EmptyState
              bordered={false}
              icon={Package}
              title={t.services.emptyTitle}
              description={t.services.emptyText}
              action={<ButtonLink href="/vpn">{t.services.action}</ButtonLink>}
            />
          </CardContent>
        </Card>
        <Card as="section" aria-labelledby="portal-devices">
          <CardHeader>
            <CardTitle id="portal-devices">{t.devices.title}</CardTitle>
          </CardHeader>
          <CardContent>
            <EmptyState
              bordered={false}
              size="sm"
              icon={MonitorSmartphone}
              title={t.devices.emptyTitle}
              description={t.devices.emptyText}
              action={
                <ButtonLink href="/portal/devices" variant="secondary">
                  {t.devices.action}
                </ButtonLink>
              }
            />
          </CardContent>
        </Card>
        <Card as="section" aria-labelledby="portal-invoices">
          <CardHeader>
            <CardTitle id="portal-invoices">{t.invoices.title}</CardTitle>
          </CardHeader>
          <CardContent>
            <EmptyState bordered={false} size="sm" icon={Receipt} title={t.invoices.emptyTitle} description={t.invoices.emptyText} />
          </CardContent>
        </Card>
      </div>
    </div>
  );
}
