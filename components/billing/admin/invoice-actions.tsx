"use client";
/** Staff actions on one invoice: record a bank payment, refund a payment, cancel, resend. */
import { useRouter } from "next/navigation";
import { useState } from "react";
import { cancelInvoiceAction, recordBankPaymentAction, refundPaymentAction, resendInvoiceAction } from "@/app/admin/billing-actions";
import { FormError } from "@/components/forms/form-error";
import { useServerAction } from "@/components/forms/use-server-action";
import { Button } from "@/components/ui/button";
import { Dialog, useDisclosure } from "@/components/ui/dialog";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import { useToast } from "@/components/ui/toast";
import { currencyExponent, formatMoney, minorToDecimalString } from "@/lib/format/money";

export function RecordBankPaymentForm({ invoiceId, currency, amountDue }: { invoiceId: string; currency: string; amountDue: number }) {
  const router = useRouter();
  const { toast } = useToast();
  const form = useServerAction(recordBankPaymentAction, {
    onSuccess: (data, el) => {
      toast({ title: data.outcome === "duplicate" ? "This transfer was already recorded" : "Payment recorded" });
      el?.reset();
      router.refresh();
    },
  });
  return (
    <form onSubmit={form.onSubmit} className="grid grid-cols-1 gap-3 sm:grid-cols-2" noValidate>
      <input type="hidden" name="invoiceId" value={invoiceId} />
      <div className="sm:col-span-2">
        <FormError result={form.result} />
      </div>
      <FormField label={`Amount received (${currency})`} name="amount" error={form.fieldError("amount")} required>
        <Input name="amount" inputMode="decimal" defaultValue={minorToDecimalString(amountDue, currencyExponent(currency))} autoComplete="off" />
      </FormField>
      <FormField label="Bank reference" name="reference" error={form.fieldError("reference")} required>
        <Input name="reference" maxLength={140} autoComplete="off" />
      </FormField>
      <FormField label="Received on" name="receivedAt" error={form.fieldError("receivedAt")} optional>
        <Input name="receivedAt" type="date" />
      </FormField>
      <div className="flex items-end">
        <Button type="submit" loading={form.pending}>
          Record payment
        </Button>
      </div>
    </form>
  );
}

export function RefundPaymentButton({ paymentId, currency, refundable, gateway, label }: { paymentId: string; currency: string; refundable: number; gateway: string; label: string }) {
  const dialog = useDisclosure();
  const router = useRouter();
  const { toast } = useToast();
  const [method, setMethod] = useState(gateway === "credit" ? "credit" : "gateway");
  const form = useServerAction(refundPaymentAction, {
    onSuccess: (data) => {
      dialog.onClose();
      toast({ title: data.status === "pending" ? "Refund requested; the gateway will confirm it" : "Refund done" });
      router.refresh();
    },
  });
  const formId = `refund-${paymentId}`;
  if (refundable <= 0) return null;
  return (
    <>
      <Button size="sm" variant="secondary" onClick={dialog.onOpen}>
        Refund
      </Button>
      <Dialog
        open={dialog.open}
        onClose={dialog.onClose}
        title={`Refund ${label}?`}
        description={`Up to ${formatMoney(refundable, currency)} can be refunded. A numbered credit note is issued.`}
        dismissible={!form.pending}
        footer={
          <>
            <Button variant="secondary" onClick={dialog.onClose} disabled={form.pending} data-autofocus>
              Cancel
            </Button>
            <Button variant="danger" type="submit" form={formId} loading={form.pending}>
              Refund
            </Button>
          </>
        }
      >
        <form id={formId} onSubmit={form.onSubmit} className="grid gap-4" noValidate>
          <input type="hidden" name="paymentId" value={paymentId} />
          <FormError result={form.result} />
          <FormField label={`Amount (${currency})`} name="amount" hint="Partial refunds are fine." error={form.fieldError("amount")} required>
            <Input name="amount" inputMode="decimal" defaultValue={minorToDecimalString(refundable, currencyExponent(currency))} autoComplete="off" />
          </FormField>
          <FormField label="Refund to" name="method" error={form.fieldError("method")}>
            <Select
              name="method"
              value={method}
              onChange={(event) => setMethod(event.target.value)}
              options={[
                ...(gateway === "credit" ? [] : [{ value: "gateway", label: gateway === "bank_transfer" ? "Bank (you send the transfer)" : "The original payment method" }]),
                { value: "credit", label: "Account credit" },
              ]}
            />
          </FormField>
          <FormField label="Reason" name="reason" error={form.fieldError("reason")} optional>
            <Input name="reason" maxLength={300} />
          </FormField>
        </form>
      </Dialog>
    </>
  );
}

export function CancelInvoiceButton({ invoiceId, number }: { invoiceId: string; number: string }) {
  const dialog = useDisclosure();
  const router = useRouter();
  const { toast } = useToast();
  const form = useServerAction(cancelInvoiceAction, {
    onSuccess: () => {
      dialog.onClose();
      toast({ title: `Invoice ${number} cancelled` });
      router.refresh();
    },
  });
  const formId = `cancel-${invoiceId}`;
  return (
    <>
      <Button variant="secondary" onClick={dialog.onOpen}>
        Cancel invoice
      </Button>
      <Dialog
        open={dialog.open}
        onClose={dialog.onClose}
        title={`Cancel invoice ${number}?`}
        description="The customer will owe nothing on it. This can't be undone; issue a new invoice if needed."
        size="sm"
        dismissible={!form.pending}
        footer={
          <>
            <Button variant="secondary" onClick={dialog.onClose} disabled={form.pending} data-autofocus>
              Keep it
            </Button>
            <Button variant="danger" type="submit" form={formId} loading={form.pending}>
              Cancel invoice
            </Button>
          </>
        }
      >
        <form id={formId} onSubmit={form.onSubmit} className="grid gap-3" noValidate>
          <input type="hidden" name="invoiceId" value={invoiceId} />
          <FormError result={form.result} />
          <FormField label="Reason" name="reason" optional>
            <Input name="reason" maxLength={300} />
          </FormField>
        </form>
      </Dialog>
    </>
  );
}

export function ResendInvoiceButton({ invoiceId }: { invoiceId: string }) {
  const { toast } = useToast();
  const form = useServerAction(resendInvoiceAction, { onSuccess: () => toast({ title: "Invoice sent to the customer" }) });
  return (
    <form onSubmit={form.onSubmit} className="flex flex-wrap items-center gap-2">
      <input type="hidden" name="invoiceId" value={invoiceId} />
      <Button type="submit" variant="secondary" loading={form.pending}>
        Resend invoice
      </Button>
      {form.result && !form.result.ok && <span role="alert" className="text-sm text-danger">{form.result.formError}</span>}
    </form>
  );
}
