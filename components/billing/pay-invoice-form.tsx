"use client";
/** Gateway choice + "Pay" for one invoice; the browser then goes to the gateway (or back to the invoice). */
import { useState } from "react";
import { payInvoiceAction } from "@/app/portal/invoices/actions";
import { FormError } from "@/components/forms/form-error";
import { useServerAction } from "@/components/forms/use-server-action";
import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { GATEWAY_HINTS, billingStrings } from "./strings";

const t = billingStrings.invoices;

export function PayInvoiceForm({ invoiceId, gateways }: { invoiceId: string; gateways: Array<{ gateway: string; label: string; hint?: string }> }) {
  const [gateway, setGateway] = useState(gateways[0]?.gateway ?? "");
  const [leaving, setLeaving] = useState(false);
  const form = useServerAction(payInvoiceAction, {
    onSuccess: (data) => {
      setLeaving(true);
      window.location.assign(data.redirectTo);
    },
  });
  const label = gateways.find((g) => g.gateway === gateway)?.label ?? "";
  return (
    <form onSubmit={form.onSubmit} className="grid gap-4" noValidate>
      <input type="hidden" name="invoiceId" value={invoiceId} />
      <FormError result={form.result} />
      <fieldset className="grid gap-2">
        <legend className="sr-only">{t.payTitle}</legend>
        {gateways.map((g) => (
          <label
            key={g.gateway}
            className={cn(
              "flex cursor-pointer items-start gap-3 rounded-lg border p-3 has-[:focus-visible]:outline-2 has-[:focus-visible]:outline-offset-2",
              gateway === g.gateway ? "border-brand ring-1 ring-brand" : "border-border hover:border-border-strong",
            )}
          >
            <input type="radio" name="gateway" value={g.gateway} checked={gateway === g.gateway} onChange={() => setGateway(g.gateway)} className="mt-1 accent-brand" />
            <span className="grid gap-0.5 text-sm">
              <span className="font-medium text-fg">{g.label}</span>
              {(g.hint ?? GATEWAY_HINTS[g.gateway]) && <span className="text-muted">{g.hint ?? GATEWAY_HINTS[g.gateway]}</span>}
            </span>
          </label>
        ))}
      </fieldset>
      <Button type="submit" size="lg" fullWidth loading={form.pending || leaving} disabled={!gateway}>
        {t.payButton(label)}
      </Button>
    </form>
  );
}
