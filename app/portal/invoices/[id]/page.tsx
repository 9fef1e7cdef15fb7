import { ArrowLeft, Landmark } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { InvoiceDocument } from "@/components/billing/invoice-document";
import { PayInvoiceForm } from "@/components/billing/pay-invoice-form";
import { paymentOptions } from "@/components/billing/payment-options";
import { PaymentPending } from "@/components/billing/payment-pending";
import { InvoicePdfLink } from "@/components/billing/pdf-link";
import { billingStrings } from "@/components/billing/strings";
import { Alert } from "@/components/ui/alert";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { requireCustomer } from "@/lib/auth/guards";
import { getBillingSettings, getInvoiceDetail, PAYABLE_STATUSES } from "@/lib/billing";
import { billingAccessFor } from "@/lib/billing/account-access";
import { requireAccountInvoice } from "@/lib/billing/portal";
import { AppError } from "@/lib/errors";
import { formatDate } from "@/lib/format/dates";
import { formatMoney } from "@/lib/format/money";
import { bankTransferInstructions, getGatewayConfig } from "@/lib/payments";

const t = billingStrings.invoices;

export const metadata: Metadata = { title: "Invoice" };

export default async function PortalInvoicePage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const actor = await requireCustomer();
  const { id } = await params;
  const query = await searchParams;
  // Their own invoice, or their organization's when their role reads invoices; anything else is not found.
  const access = await billingAccessFor(actor.userId);
  const owner = await requireAccountInvoice(access, id).catch((error: unknown) => {
    if (error instanceof AppError && error.code === "NOT_FOUND") return null;
    throw error;
  });
  if (!owner) notFound();
  const invoice = await getInvoiceDetail(id, { customerId: owner.customerId });
  if (!invoice) notFound();
  const settings = await getBillingSettings();
  const payable = PAYABLE_STATUSES.includes(invoice.status) && invoice.amountDue > 0 && access.can("invoices.pay", owner.organizationId);
  const returnedFromGateway = query.paid === "1";
  // Account credit is personal: it pays only the customer's own invoices.
  const options = payable ? await paymentOptions(actor.userId, invoice.currency, { includeCredit: owner.organizationId === null }) : [];
  const bank = payable ? await getGatewayConfig("bank_transfer") : null;
  const instructions = payable && bank?.enabled ? await bankTransferInstructions({ number: invoice.number }) : null;
  const showBankFirst = query.method === "bank_transfer";

  const bankCard = instructions && (
    <Card as="section" aria-labelledby="bank-transfer" data-testid="bank-instructions">
      <CardHeader>
        <CardTitle id="bank-transfer" className="flex items-center gap-2">
          <Landmark aria-hidden="true" className="size-4 text-brand" />
          {t.bankTitle}
        </CardTitle>
      </CardHeader>
      <CardContent className="grid gap-3 text-sm">
        <p className="whitespace-pre-line text-fg">{instructions.text.replace(/\nReference: .*$/, "")}</p>
        <dl className="grid gap-1 rounded-md bg-bg-subtle p-3">
          <div className="flex justify-between gap-3">
            <dt className="text-muted">{t.bankReference}</dt>
            <dd className="font-mono font-medium">{instructions.reference}</dd>
          </div>
          <div className="flex justify-between gap-3">
            <dt className="text-muted">{t.amountDue}</dt>
            <dd className="font-medium tabular-nums">{formatMoney(invoice.amountDue, invoice.currency)}</dd>
          </div>
        </dl>
        <p className="text-muted">{t.bankNote}</p>
      </CardContent>
    </Card>
  );

  return (
    <div className="grid grid-cols-1 gap-6">
      <Link href="/portal/invoices" className="flex w-fit items-center gap-1.5 text-sm font-medium text-muted hover:text-fg">
        <ArrowLeft aria-hidden="true" className="size-4" />
        {t.back}
      </Link>
      <PageHeader
        title={invoice.number ? t.detailMeta(invoice.number) : t.number}
        description={invoice.dueAt && payable ? `${t.due} ${formatDate(invoice.dueAt)}` : undefined}
        actions={invoice.status !== "draft" ? <InvoicePdfLink href={`/portal/invoices/${invoice.id}/pdf`} number={invoice.number} /> : null}
      />

      {owner.organizationId && <Alert tone="info">{t.billedToOrg(owner.accountName)}</Alert>}
      {returnedFromGateway && invoice.status === "paid" && (
        <Alert tone="success" title={t.paidTitle} live>
          {t.paidText}
        </Alert>
      )}
      {returnedFromGateway && payable && <PaymentPending />}
      {query.payment === "unavailable" && payable && <Alert tone="warning">{t.paymentUnavailable}</Alert>}
      {query.paypal === "failed" && payable && <Alert tone="warning">{t.paypalFailed}</Alert>}
      {invoice.status === "cancelled" && <Alert tone="info">{t.cancelled}</Alert>}

      {payable && showBankFirst && bankCard}
      {payable && !returnedFromGateway && options.filter((o) => o.gateway !== "bank_transfer").length > 0 && (
        <Card as="section" aria-labelledby="pay-invoice" className="border-brand/40">
          <CardHeader>
            <CardTitle id="pay-invoice">{t.payTitle}</CardTitle>
            <p className="text-sm text-muted">{t.payLead}</p>
          </CardHeader>
          <CardContent className="grid grid-cols-1 gap-4 sm:grid-cols-[1fr_minmax(0,22rem)] sm:items-start">
            <p className="text-3xl font-semibold tracking-tight tabular-nums text-fg">{formatMoney(invoice.amountDue, invoice.currency)}</p>
            <PayInvoiceForm invoiceId={invoice.id} gateways={options.filter((o) => o.gateway !== "bank_transfer")} />
          </CardContent>
        </Card>
      )}
      {payable && !showBankFirst && bankCard}

      <InvoiceDocument
        invoice={invoice}
        seller={{ name: settings.companyLegalName || settings.companyName, address: settings.companyAddress, vatId: settings.companyVatId }}
      />
    </div>
  );
}
