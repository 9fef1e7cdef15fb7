"use client";
/** One tax rate as a form (a new one, or a row of the list). */
import { useRouter } from "next/navigation";
import { saveTaxRateAction } from "@/app/admin/billing-actions";
import { FormError } from "@/components/forms/form-error";
import { useServerAction } from "@/components/forms/use-server-action";
import { Button } from "@/components/ui/button";
import { Checkbox } from "@/components/ui/checkbox";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { useToast } from "@/components/ui/toast";

export interface TaxRateValues {
  id: string;
  name: string;
  country: string;
  state: string;
  rateBps: number;
  inclusive: boolean;
  active: boolean;
}

export function TaxRateForm({ rate }: { rate?: TaxRateValues }) {
  const router = useRouter();
  const { toast } = useToast();
  const form = useServerAction(saveTaxRateAction, {
    onSuccess: (_data, el) => {
      toast({ title: rate ? "Tax rate saved" : "Tax rate added" });
      if (!rate) el?.reset();
      router.refresh();
    },
  });
  const key = rate?.id ?? "new";
  return (
    <form onSubmit={form.onSubmit} className="grid grid-cols-2 gap-3 sm:grid-cols-[10rem_6rem_6rem_6rem_auto_auto_auto] sm:items-end" noValidate data-testid="tax-rate-form">
      {rate && <input type="hidden" name="taxRateId" value={rate.id} />}
      <div className="col-span-full">
        <FormError result={form.result} />
      </div>
      <FormField label="Name" id={`tax-name-${key}`} name="name" error={form.fieldError("name")}>
        <Input name="name" defaultValue={rate?.name ?? "VAT"} maxLength={80} />
      </FormField>
      <FormField label="Country" id={`tax-country-${key}`} name="country" error={form.fieldError("country")}>
        <Input name="country" defaultValue={rate?.country} maxLength={2} placeholder="DE" className="uppercase" />
      </FormField>
      <FormField label="Region" id={`tax-state-${key}`} name="state" error={form.fieldError("state")} optional>
        <Input name="state" defaultValue={rate?.state} maxLength={10} placeholder="CA" className="uppercase" />
      </FormField>
      <FormField label="Rate %" id={`tax-rate-${key}`} name="rate" error={form.fieldError("rate")}>
        <Input name="rate" inputMode="decimal" defaultValue={rate ? String(rate.rateBps / 100) : ""} placeholder="19" />
      </FormField>
      <Checkbox id={`tax-inclusive-${key}`} name="inclusive" label="Included in prices" defaultChecked={rate?.inclusive ?? false} className="pb-2" />
      <Checkbox id={`tax-active-${key}`} name="active" label="Active" defaultChecked={rate?.active ?? true} className="pb-2" />
      <Button type="submit" variant={rate ? "secondary" : "primary"} loading={form.pending}>
        {rate ? "Save" : "Add rate"}
      </Button>
    </form>
  );
}
