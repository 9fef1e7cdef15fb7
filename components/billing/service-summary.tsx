/** One service as a card row: name, status, price and cycle, renewal or end date, and what to do next. */
import Link from "next/link";
import { StatusBadge } from "@/components/ui/badge";
import { ButtonLink } from "@/components/ui/button-link";
import type { BillingCycle } from "@/db/billing/schema";
import { formatDate } from "@/lib/format/dates";
import { formatMoney } from "@/lib/format/money";
import { CancelServiceButton, ResumeServiceButton } from "./service-actions";
import { CYCLE_PER, billingStrings } from "./strings";

const t = billingStrings.services;

export interface ServiceRow {
  id: string;
  productName: string;
  label: string | null;
  status: string;
  provisioningStatus: string;
  cycle: BillingCycle;
  currency: string;
  amount: number;
  nextDueAt: Date | null;
  currentPeriodEnd: Date | null;
  cancelAtPeriodEnd: boolean;
}

export function serviceStatus(s: Pick<ServiceRow, "status" | "provisioningStatus">): string {
  if (s.status === "pending" && s.provisioningStatus === "running") return "provisioning";
  if (s.status === "pending" && s.provisioningStatus === "failed") return "failed";
  return s.status;
}

/** "Family", or "Family · laptop-vpn" when the service has its own label. */
export function serviceName(s: { productName: string; label: string | null }): string {
  return s.label && s.label !== s.productName ? `${s.productName} · ${s.label}` : s.productName;
}

export function ServiceSummary({
  service,
  openInvoice,
  showDetailsLink = true,
  accountName,
  canManage = true,
}: {
  service: ServiceRow;
  openInvoice?: { invoiceId: string } | null;
  showDetailsLink?: boolean;
  /** "Personal" or the organization's name, shown when the customer belongs to an organization. */
  accountName?: string;
  /** False when the customer's organization role only lets them see this service (no cancel/resume). */
  canManage?: boolean;
}) {
  const name = serviceName(service);
  const live = ["active", "suspended", "pending"].includes(service.status);
  // A service waiting for its first payment is not cancelled here: not paying its invoice is enough.
  const cancellable = canManage && ["active", "suspended"].includes(service.status);
  const periodEnd = service.currentPeriodEnd && service.currentPeriodEnd > new Date() ? formatDate(service.currentPeriodEnd) : null;
  return (
    <div className="flex flex-col gap-4 sm:flex-row sm:items-center sm:justify-between" data-testid="service" data-status={service.status}>
      <div className="grid gap-1">
        <div className="flex flex-wrap items-center gap-2">
          {showDetailsLink ? (
            <Link href={`/portal/services/${service.id}`} className="font-medium text-fg hover:underline">
              {name}
            </Link>
          ) : (
            <span className="font-medium text-fg">{name}</span>
          )}
          <StatusBadge status={serviceStatus(service)} data-testid="service-status" />
          {accountName && (
            <span className="rounded-full border border-border px-2 py-0.5 text-xs text-muted" data-testid="service-account">
              <span className="sr-only">{t.account}: </span>
              {accountName}
            </span>
          )}
        </div>
        <p className="text-sm text-muted">
          <span className="tabular-nums">{formatMoney(service.amount, service.currency)}</span> {CYCLE_PER[service.cycle]}
          {service.cancelAtPeriodEnd && periodEnd ? (
            <> · {t.scheduled(periodEnd)}</>
          ) : live && service.nextDueAt && service.cycle !== "one_time" ? (
            <>
              {" "}
              · {t.nextDue} {formatDate(service.nextDueAt)}
            </>
          ) : null}
        </p>
        {service.provisioningStatus === "failed" && <p className="text-sm text-danger">{t.provisioningFailed}</p>}
        {service.status === "pending" && openInvoice && <p className="text-sm text-muted">{t.payFirst}</p>}
      </div>
      <div className="flex flex-wrap items-center gap-2">
        {service.status === "pending" && openInvoice && (
          <ButtonLink href={`/portal/invoices/${openInvoice.invoiceId}`} size="sm">
            {billingStrings.invoices.payNow}
          </ButtonLink>
        )}
        {service.cancelAtPeriodEnd && cancellable ? (
          <ResumeServiceButton serviceId={service.id} />
        ) : (
          cancellable && <CancelServiceButton serviceId={service.id} name={name} periodEnd={periodEnd} />
        )}
      </div>
    </div>
  );
}
