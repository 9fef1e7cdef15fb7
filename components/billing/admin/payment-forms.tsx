"use client";
/** Staff forms on the payments pages: adjust a customer's credit, close a reconciliation flag. */
import { useRouter } from "next/navigation";
import { useState } from "react";
import { adjustCreditAction, resolveFlagAction } from "@/app/admin/billing-actions";
import { FormError } from "@/components/forms/form-error";
import { useServerAction } from "@/components/forms/use-server-action";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import { useToast } from "@/components/ui/toast";
import { formatMoney } from "@/lib/format/money";

export function AdjustCreditForm({ idempotencyKey }: { idempotencyKey: string }) {
  const router = useRouter();
  const { toast } = useToast();
  const [key, setKey] = useState(idempotencyKey);
  const form = useServerAction(adjustCreditAction, {
    onSuccess: (data, el) => {
      toast({ title: `Credit of ${data.email} is now ${formatMoney(data.balanceAfter, data.currency)}` });
      el?.reset();
      // A new key for the next adjustment; a double click of this one stays one entry.
      setKey(crypto.randomUUID());
      router.refresh();
    },
  });
  return (
    <form onSubmit={form.onSubmit} className="grid grid-cols-1 items-start gap-4 sm:grid-cols-2" noValidate>
      <input type="hidden" name="idempotencyKey" value={key} />
      <div className="sm:col-span-2">
        <FormError result={form.result} />
        {form.result?.ok && (
          <Alert tone="success" live>
            Balance of {form.result.data.email}: {formatMoney(form.result.data.balanceAfter, form.result.data.currency)}
          </Alert>
        )}
      </div>
      <FormField label="Customer email" name="email" error={form.fieldError("email")} required className="sm:col-span-2">
        <Input name="email" type="email" maxLength={254} autoComplete="off" />
      </FormField>
      <FormField label="Amount" name="amount" hint="Negative to remove credit, e.g. -5.00" error={form.fieldError("amount")} required>
        <Input name="amount" inputMode="decimal" placeholder="25.00" autoComplete="off" />
      </FormField>
      <FormField label="Currency" name="currency" hint="Must be the customer's billing currency once they have ordered." error={form.fieldError("currency")}>
        <Select name="currency" defaultValue="USD" options={["USD", "EUR", "GBP"].map((c) => ({ value: c, label: c }))} />
      </FormField>
      <FormField label="Reason" name="description" hint="Shown on the customer's credit history." error={form.fieldError("description")} required className="sm:col-span-2">
        <Input name="description" maxLength={200} />
      </FormField>
      <div>
        <Button type="submit" loading={form.pending}>
          Add credit
        </Button>
      </div>
    </form>
  );
}

export function ResolveFlagForm({ flagId }: { flagId: string }) {
  const router = useRouter();
  const { toast } = useToast();
  const form = useServerAction(resolveFlagAction, {
    onSuccess: (data) => {
      toast({ title: data.status === "resolved" ? "Flag resolved" : "Flag ignored" });
      router.refresh();
    },
  });
  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        // Which button was pressed decides the status.
        const submitter = (event.nativeEvent as SubmitEvent).submitter as HTMLButtonElement | null;
        form.run(new FormData(event.currentTarget, submitter));
      }}
      className="flex flex-wrap items-center gap-2"
    >
      <input type="hidden" name="flagId" value={flagId} />
      <label className="sr-only" htmlFor={`note-${flagId}`}>
        Note
      </label>
      <Input id={`note-${flagId}`} name="note" placeholder="Note (what you did)" maxLength={500} className="h-8 w-48" />
      <Button type="submit" size="sm" name="status" value="resolved" variant="secondary" loading={form.pending}>
        Resolve
      </Button>
      <Button type="submit" size="sm" name="status" value="ignored" variant="ghost">
        Ignore
      </Button>
      {form.result && !form.result.ok && <span role="alert" className="text-sm text-danger">{form.result.formError}</span>}
    </form>
  );
}
