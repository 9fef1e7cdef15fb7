"use client";
/**
 * Change plan: pick another plan, see exactly what it costs now and when it starts (the server computes the
 * preview with the same function that bills it), then confirm. An upgrade goes to its invoice to pay; a downgrade
 * is scheduled for the renewal date. A pending change can be withdrawn.
 */
import { useRouter } from "next/navigation";
import { useId, useState } from "react";
import { cancelPlanChangeAction, previewPlanChangeAction, requestPlanChangeAction } from "@/app/portal/services/actions";
import { FormError } from "@/components/forms/form-error";
import { useServerAction } from "@/components/forms/use-server-action";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { ButtonLink } from "@/components/ui/button-link";
import { useToast } from "@/components/ui/toast";
import type { BillingCycle } from "@/db/billing/schema";
import { formatDate } from "@/lib/format/dates";
import { formatMoney } from "@/lib/format/money";
import { CYCLE_PER } from "./strings";

export interface PlanOption {
  priceId: string;
  name: string;
  amount: number;
  currency: string;
  cycle: BillingCycle;
  kind: "upgrade" | "downgrade";
  deviceLimit: number | null;
}

const rate = (bps: number) => `${(bps / 100).toFixed(bps % 100 === 0 ? 0 : 2)} %`;

export function PlanChangeForm({ serviceId, currentName, options }: { serviceId: string; currentName: string; options: PlanOption[] }) {
  const router = useRouter();
  const { toast } = useToast();
  const [priceId, setPriceId] = useState<string | null>(null);
  const previewId = useId();
  const preview = useServerAction(previewPlanChangeAction);
  const confirm = useServerAction(requestPlanChangeAction, {
    onSuccess: (data) => {
      if (data.kind === "upgrade" && data.invoiceId) {
        router.push(`/portal/invoices/${data.invoiceId}`);
        return;
      }
      toast({ title: data.kind === "upgrade" ? "Plan upgraded" : "Downgrade scheduled" });
      setPriceId(null);
      preview.reset();
      router.refresh();
    },
  });
  const choose = (id: string) => {
    setPriceId(id);
    confirm.reset();
    const form = new FormData();
    form.set("serviceId", serviceId);
    form.set("priceId", id);
    preview.run(form);
  };
  const p = preview.result?.ok ? preview.result.data : null;
  const current = p && priceId ? options.find((o) => o.priceId === priceId) : null;
  return (
    <form
      className="grid gap-4"
      onSubmit={(e) => {
        e.preventDefault();
        if (!priceId) return;
        const form = new FormData();
        form.set("serviceId", serviceId);
        form.set("priceId", priceId);
        confirm.run(form);
      }}
    >
      <fieldset className="grid gap-2">
        <legend className="mb-1 text-sm text-muted">You are on {currentName}. Choose another plan:</legend>
        {options.map((o) => (
          <label key={o.priceId} className="flex cursor-pointer items-center justify-between gap-3 rounded-md border border-border p-3 has-[:checked]:border-brand has-[:focus-visible]:ring-2 has-[:focus-visible]:ring-brand">
            <span className="flex items-center gap-3">
              <input type="radio" name="priceId" value={o.priceId} checked={priceId === o.priceId} onChange={() => choose(o.priceId)} className="accent-brand" />
              <span className="grid">
                <span className="font-medium text-fg">{o.name}</span>
                <span className="text-sm text-muted">
                  {o.deviceLimit !== null ? `${o.deviceLimit} devices · ` : ""}
                  {o.kind === "upgrade" ? "Upgrade" : "Downgrade"}
                </span>
              </span>
            </span>
            <span className="text-right text-sm tabular-nums text-fg">
              {formatMoney(o.amount, o.currency)} {CYCLE_PER[o.cycle]}
            </span>
          </label>
        ))}
      </fieldset>
      <div aria-live="polite" id={previewId}>
        {preview.pending && <p className="text-sm text-muted">Working out the price…</p>}
        <FormError result={preview.result} />
        {p && current && !preview.pending && (
          <div className="grid gap-2 rounded-md bg-bg-subtle p-4 text-sm" data-testid="plan-preview">
            {p.kind === "upgrade" ? (
              <>
                <p className="font-medium text-fg">
                  {p.fromName} → {p.toName}, starting now. Your renewal date stays {formatDate(new Date(p.periodEnd))}, then {formatMoney(p.newAmount, p.currency)} {CYCLE_PER[p.cycle]}.
                </p>
                <dl className="grid gap-1">
                  <div className="flex justify-between gap-4">
                    <dt className="text-muted">
                      Difference for {p.remainingDays} of {p.totalDays} days left ({formatMoney(p.newAmount, p.currency)} − {formatMoney(p.oldAmount, p.currency)}, per day)
                    </dt>
                    <dd className="tabular-nums" data-testid="plan-preview-proration">{formatMoney(p.proration, p.currency)}</dd>
                  </div>
                  {p.tax > 0 && (
                    <div className="flex justify-between gap-4">
                      <dt className="text-muted">
                        {p.taxName ?? "Tax"} {rate(p.taxRateBps)}
                      </dt>
                      <dd className="tabular-nums">{formatMoney(p.tax, p.currency)}</dd>
                    </div>
                  )}
                  <div className="flex justify-between gap-4 border-t border-border pt-1 font-semibold">
                    <dt>To pay now</dt>
                    <dd className="tabular-nums" data-testid="plan-preview-due">{formatMoney(p.dueNow, p.currency)}</dd>
                  </div>
                </dl>
              </>
            ) : (
              <p className="text-fg" data-testid="plan-preview-downgrade">
                {p.fromName} → {p.toName} from {formatDate(new Date(p.effectiveAt))}, at {formatMoney(p.newAmount, p.currency)} {CYCLE_PER[p.cycle]}. Nothing to pay now; you keep {p.fromName} until then.
                {current.deviceLimit !== null && ` If you have more than ${current.deviceLimit} devices then, the newest ones are switched off.`}
              </p>
            )}
          </div>
        )}
      </div>
      <FormError result={confirm.result} />
      {p && current && !preview.pending && (
        <div>
          <Button type="submit" loading={confirm.pending}>
            {p.kind === "upgrade" ? (p.dueNow > 0 ? `Upgrade and pay ${formatMoney(p.dueNow, p.currency)}` : "Upgrade now") : `Downgrade on ${formatDate(new Date(p.effectiveAt))}`}
          </Button>
        </div>
      )}
    </form>
  );
}

export function PendingPlanChange({
  change,
  serviceId,
}: {
  serviceId: string;
  change: { id: string; kind: "upgrade" | "downgrade"; invoiceId: string | null; effectiveAt: string | null; toName: string; toAmount: number; currency: string; prorationAmount: number };
}) {
  const router = useRouter();
  const { toast } = useToast();
  const form = useServerAction(cancelPlanChangeAction, {
    onSuccess: (data) => {
      toast({ title: data.kind === "upgrade" ? "Upgrade cancelled" : "Downgrade cancelled" });
      router.refresh();
    },
  });
  const isUpgrade = change.kind === "upgrade";
  return (
    <Alert
      tone={isUpgrade ? "warning" : "info"}
      title={isUpgrade ? `Upgrade to ${change.toName} is waiting for payment` : `Downgrade to ${change.toName} on ${change.effectiveAt ? formatDate(new Date(change.effectiveAt)) : "your renewal date"}`}
      action={
        <form onSubmit={form.onSubmit} className="flex flex-wrap items-center gap-2">
          <input type="hidden" name="changeId" value={change.id} />
          <input type="hidden" name="serviceId" value={serviceId} />
          {isUpgrade && change.invoiceId && (
            <ButtonLink href={`/portal/invoices/${change.invoiceId}`} size="sm">
              Pay now
            </ButtonLink>
          )}
          <Button type="submit" size="sm" variant="secondary" loading={form.pending}>
            {isUpgrade ? "Cancel upgrade" : "Cancel downgrade"}
          </Button>
          {form.result && !form.result.ok && <span role="alert" className="text-sm text-danger">{form.result.formError}</span>}
        </form>
      }
    >
      <span data-testid="pending-plan-change">
        {isUpgrade ? "Your plan changes as soon as the invoice is paid." : `You keep your current plan until then, and renew at ${formatMoney(change.toAmount, change.currency)}.`}
      </span>
    </Alert>
  );
}
