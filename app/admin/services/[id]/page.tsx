import { ArrowLeft } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import {
  CancelServiceStaffButton,
  ChangeDueDateForm,
  ResumeServiceStaffButton,
  SuspendServiceButton,
  UnsuspendServiceButton,
} from "@/components/billing/admin/service-actions";
import { ProvisioningRuns } from "@/components/billing/provisioning-runs";
import { CYCLE_PER } from "@/components/billing/strings";
import { StatusBadge } from "@/components/ui/badge";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { requireStaff } from "@/lib/auth/guards";
import { roleHasPermission } from "@/lib/auth/permissions";
import { customerDirectory } from "@/lib/billing/admin";
import { pendingPlanChanges } from "@/lib/billing/plan-changes";
import { getAdminService } from "@/lib/billing/service-admin";
import { formatDate } from "@/lib/format/dates";
import { formatMoney } from "@/lib/format/money";
import { listProvisioningRuns } from "@/lib/provisioning";

export const metadata: Metadata = { title: "Service" };

export default async function AdminServicePage({ params }: { params: Promise<{ id: string }> }) {
  const actor = await requireStaff("customers.read");
  const { id } = await params;
  const service = await getAdminService(id);
  if (!service) notFound();
  const [customers, runs, canWrite, pending] = await Promise.all([
    customerDirectory([service.customerId]),
    listProvisioningRuns(id, { limit: 10 }),
    roleHasPermission(actor.role, "services.write"),
    pendingPlanChanges([id]),
  ]);
  const customer = customers.get(service.customerId);
  const name = service.label && service.label !== service.productName ? `${service.productName} · ${service.label}` : service.productName;
  const running = ["active", "suspended"].includes(service.status);
  const periodEnd = service.currentPeriodEnd && service.currentPeriodEnd > new Date() ? formatDate(service.currentPeriodEnd) : null;
  const change = pending.get(id);
  const facts: Array<[string, React.ReactNode]> = [
    ["Customer", customer ? <Link href={`/admin/customers/${service.customerId}`} className="hover:underline">{customer.email}</Link> : service.customerId],
    ["Price", <span className="tabular-nums">{formatMoney(service.amount, service.currency)} {CYCLE_PER[service.cycle]}</span>],
    ["Current period", service.currentPeriodStart ? `${formatDate(service.currentPeriodStart)} – ${formatDate(service.currentPeriodEnd)}` : "—"],
    ["Next due", service.cancelAtPeriodEnd ? `Ends ${formatDate(service.currentPeriodEnd)}` : formatDate(service.nextDueAt)],
    ["Module", service.module],
    ["Provisioning", service.provisioningStatus],
  ];
  if (service.suspensionReason) facts.push(["Suspension reason", service.suspensionReason]);
  if (change) facts.push(["Pending change", `${change.kind} to ${change.toName}${change.effectiveAt ? ` (${formatDate(change.effectiveAt)})` : ""}`]);

  return (
    <div className="grid grid-cols-1 gap-6">
      <Link href={`/admin/customers/${service.customerId}`} className="flex w-fit items-center gap-1.5 text-sm font-medium text-muted hover:text-fg">
        <ArrowLeft aria-hidden="true" className="size-4" />
        Customer
      </Link>
      <PageHeader
        title={name}
        description={
          <span className="flex flex-wrap items-center gap-2">
            <StatusBadge status={service.status} data-testid="admin-service-status" />
            {service.cancelAtPeriodEnd && <span>Cancels at period end</span>}
          </span>
        }
        actions={
          canWrite && running ? (
            <>
              {service.status === "active" && <SuspendServiceButton serviceId={id} name={name} />}
              {service.status === "suspended" && <UnsuspendServiceButton serviceId={id} />}
              {service.cancelAtPeriodEnd ? <ResumeServiceStaffButton serviceId={id} /> : <CancelServiceStaffButton serviceId={id} name={name} periodEnd={periodEnd} />}
            </>
          ) : null
        }
      />
      <Card as="section" aria-labelledby="service-facts">
        <CardHeader>
          <CardTitle id="service-facts">Details</CardTitle>
        </CardHeader>
        <CardContent className="grid gap-6">
          <dl className="grid grid-cols-1 gap-x-6 gap-y-3 text-sm sm:grid-cols-2 lg:grid-cols-3">
            {facts.map(([k, v]) => (
              <div key={k} className="grid gap-0.5">
                <dt className="text-muted">{k}</dt>
                <dd className="text-fg">{v}</dd>
              </div>
            ))}
          </dl>
          {canWrite && running && service.cycle !== "one_time" && (
            <ChangeDueDateForm serviceId={id} current={service.nextDueAt ? service.nextDueAt.toISOString().slice(0, 10) : null} />
          )}
        </CardContent>
      </Card>
      <Card as="section" aria-labelledby="service-invoices">
        <CardHeader>
          <CardTitle id="service-invoices">Invoices</CardTitle>
        </CardHeader>
        <CardContent>
          {service.invoices.length === 0 ? (
            <p className="text-sm text-muted">No invoices bill this service yet.</p>
          ) : (
            <ul className="divide-y divide-border text-sm">
              {service.invoices.map((inv) => (
                <li key={inv.id} className="flex flex-wrap items-center justify-between gap-2 py-2">
                  <Link href={`/admin/invoices/${inv.id}`} className="font-medium hover:underline">
                    {inv.number ?? "draft"}
                  </Link>
                  <span className="text-muted">{inv.kind}</span>
                  <StatusBadge status={inv.status} />
                  <span className="tabular-nums">{formatMoney(inv.total, inv.currency)}</span>
                </li>
              ))}
            </ul>
          )}
        </CardContent>
      </Card>
      <Card as="section" aria-labelledby="service-runs">
        <CardHeader>
          <CardTitle id="service-runs">Provisioning</CardTitle>
        </CardHeader>
        <CardContent>
          <ProvisioningRuns runs={runs} />
        </CardContent>
      </Card>
    </div>
  );
}
