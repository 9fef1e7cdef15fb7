import { ArrowLeft } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { CancelInvoiceButton, RecordBankPaymentForm, RefundPaymentButton, ResendInvoiceButton } from "@/components/billing/admin/invoice-actions";
import { InvoiceDocument, paymentMethodLabel } from "@/components/billing/invoice-document";
import { InvoicePdfLink } from "@/components/billing/pdf-link";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { requireStaff } from "@/lib/auth/guards";
import { roleHasPermission } from "@/lib/auth/permissions";
import { getBillingSettings, getInvoiceDetail, PAYABLE_STATUSES, refundableAmount } from "@/lib/billing";
import { customerDirectory } from "@/lib/billing/admin";
import { formatMoney } from "@/lib/format/money";

export const metadata: Metadata = { title: "Invoice" };

export default async function AdminInvoicePage({ params }: { params: Promise<{ id: string }> }) {
  const actor = await requireStaff("invoices.read");
  const { id } = await params;
  const invoice = await getInvoiceDetail(id);
  if (!invoice) notFound();
  const [settings, customers, canRecord, canRefund, canWrite] = await Promise.all([
    getBillingSettings(),
    customerDirectory([invoice.customerId]),
    roleHasPermission(actor.role, "payments.record"),
    roleHasPermission(actor.role, "invoices.refund"),
    roleHasPermission(actor.role, "invoices.write"),
  ]);
  const customer = customers.get(invoice.customerId);
  const serviceIds = [...new Set(invoice.items.map((i) => i.serviceId).filter((x): x is string => !!x))];
  const refundable = new Map<string, number>();
  if (canRefund) for (const p of invoice.payments) refundable.set(p.id, await refundableAmount(p.id));
  const payable = PAYABLE_STATUSES.includes(invoice.status) && invoice.amountDue > 0;
  const cancellable = ["draft", "unpaid", "overdue"].includes(invoice.status) && invoice.amountPaid === 0;

  return (
    <div className="grid grid-cols-1 gap-6">
      <Link href="/admin/invoices" className="flex w-fit items-center gap-1.5 text-sm font-medium text-muted hover:text-fg">
        <ArrowLeft aria-hidden="true" className="size-4" />
        Invoices
      </Link>
      <PageHeader
        title={`Invoice ${invoice.number ?? "(draft)"}`}
        description={
          <>
            {customer ? customer.email : invoice.customerId} · {invoice.kind.replace("_", " ")} ·{" "}
            <span className="tabular-nums">{formatMoney(invoice.total, invoice.currency)}</span>
          </>
        }
        actions={
          <>
            {invoice.status !== "draft" && <InvoicePdfLink href={`/admin/invoices/${invoice.id}/pdf`} number={invoice.number} />}
            {canWrite && (
            <>
              {invoice.status !== "draft" && <ResendInvoiceButton invoiceId={invoice.id} />}
              {cancellable && <CancelInvoiceButton invoiceId={invoice.id} number={invoice.number ?? "draft"} />}
            </>
            )}
          </>
        }
      />
      {payable && canRecord && (
        <Card as="section" aria-labelledby="record-payment">
          <CardHeader>
            <CardTitle id="record-payment">Record a bank transfer</CardTitle>
            <p className="text-sm text-muted">
              {formatMoney(invoice.amountDue, invoice.currency)} is due. The customer was asked to use {invoice.number} as the reference.
            </p>
          </CardHeader>
          <CardContent>
            <RecordBankPaymentForm invoiceId={invoice.id} currency={invoice.currency} amountDue={invoice.amountDue} />
          </CardContent>
        </Card>
      )}
      {serviceIds.length > 0 && (
        <nav aria-label="Services on this invoice" className="flex flex-wrap gap-2 text-sm">
          {serviceIds.map((sid, i) => (
            <Link key={sid} href={`/admin/services/${sid}`} className="font-medium text-brand hover:underline" data-testid="invoice-service-link">
              Service {serviceIds.length > 1 ? i + 1 : ""} →
            </Link>
          ))}
        </nav>
      )}
      <InvoiceDocument
        invoice={invoice}
        seller={{ name: settings.companyLegalName || settings.companyName, address: settings.companyAddress, vatId: settings.companyVatId }}
        paymentActions={(p) =>
          canRefund ? (
            <RefundPaymentButton
              paymentId={p.id}
              currency={p.currency}
              gateway={p.gateway}
              refundable={refundable.get(p.id) ?? 0}
              label={`${formatMoney(p.amount, p.currency)} (${paymentMethodLabel(p)})`}
            />
          ) : null
        }
      />
    </div>
  );
}
