"use client";
/** Create or edit a coupon: percent or fixed, duration, product/cycle restrictions, limits, validity window. */
import { useRouter } from "next/navigation";
import { useState } from "react";
import { saveCouponAction } from "@/app/admin/billing-actions";
import { FormError } from "@/components/forms/form-error";
import { useServerAction } from "@/components/forms/use-server-action";
import { Button } from "@/components/ui/button";
import { Checkbox } from "@/components/ui/checkbox";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import { useToast } from "@/components/ui/toast";
import { currencyExponent, minorToDecimalString } from "@/lib/format/money";
import { CYCLE_NAMES } from "../strings";

export interface CouponFormValues {
  id: string;
  code: string;
  description: string | null;
  discountType: "percent" | "fixed";
  percentBps: number | null;
  amountOff: number | null;
  currency: string | null;
  duration: "once" | "repeating" | "forever";
  durationCycles: number | null;
  productIds: string[];
  cycles: string[];
  maxRedemptions: number | null;
  maxPerCustomer: number | null;
  newCustomersOnly: boolean;
  validFrom: Date | null;
  validUntil: Date | null;
  active: boolean;
}

const day = (d: Date | null) => (d ? d.toISOString().slice(0, 10) : "");

export function CouponForm({ coupon, products }: { coupon?: CouponFormValues; products: Array<{ id: string; name: string }> }) {
  const router = useRouter();
  const { toast } = useToast();
  const [type, setType] = useState(coupon?.discountType ?? "percent");
  const [duration, setDuration] = useState(coupon?.duration ?? "once");
  const form = useServerAction(saveCouponAction, {
    onSuccess: (data, el) => {
      toast({ title: coupon ? `Coupon ${data.code} saved` : `Coupon ${data.code} created` });
      if (!coupon) el?.reset();
      router.refresh();
    },
  });
  return (
    <form onSubmit={form.onSubmit} className="grid grid-cols-1 items-start gap-4 sm:grid-cols-3" noValidate>
      {coupon && <input type="hidden" name="couponId" value={coupon.id} />}
      <div className="sm:col-span-3">
        <FormError result={form.result} />
      </div>
      <FormField label="Code" name="code" hint="Customers type it; matched without case." error={form.fieldError("code")} required>
        <Input name="code" defaultValue={coupon?.code} maxLength={40} className="uppercase" autoComplete="off" />
      </FormField>
      <FormField label="Description" name="description" error={form.fieldError("description")} optional className="sm:col-span-2">
        <Input name="description" defaultValue={coupon?.description ?? ""} maxLength={200} />
      </FormField>
      <FormField label="Discount" name="discountType" error={form.fieldError("discountType")}>
        <Select
          name="discountType"
          value={type}
          onChange={(e) => setType(e.target.value as "percent" | "fixed")}
          options={[
            { value: "percent", label: "Percentage" },
            { value: "fixed", label: "Fixed amount" },
          ]}
        />
      </FormField>
      {type === "percent" ? (
        <FormField label="Percent off" name="percent" error={form.fieldError("percent")} required>
          <Input name="percent" inputMode="decimal" defaultValue={coupon?.percentBps ? String(coupon.percentBps / 100) : ""} placeholder="10" />
        </FormField>
      ) : (
        <>
          <FormField label="Amount off" name="amountOff" error={form.fieldError("amountOff")} required>
            <Input
              name="amountOff"
              inputMode="decimal"
              defaultValue={coupon?.amountOff && coupon.currency ? minorToDecimalString(coupon.amountOff, currencyExponent(coupon.currency)) : ""}
              placeholder="5.00"
            />
          </FormField>
          <FormField label="Currency" name="currency" error={form.fieldError("currency")}>
            <Select name="currency" defaultValue={coupon?.currency ?? "USD"} options={["USD", "EUR", "GBP"].map((c) => ({ value: c, label: c }))} />
          </FormField>
        </>
      )}
      {type === "percent" && <span className="hidden sm:block" />}
      <FormField label="Lasts" name="duration" error={form.fieldError("duration")}>
        <Select
          name="duration"
          value={duration}
          onChange={(e) => setDuration(e.target.value as "once" | "repeating" | "forever")}
          options={[
            { value: "once", label: "First payment only" },
            { value: "repeating", label: "Several billing cycles" },
            { value: "forever", label: "For the life of the service" },
          ]}
        />
      </FormField>
      {duration === "repeating" ? (
        <FormField label="Billing cycles" name="durationCycles" error={form.fieldError("durationCycles")} required>
          <Input name="durationCycles" type="number" min={1} defaultValue={coupon?.durationCycles ?? ""} />
        </FormField>
      ) : (
        <span className="hidden sm:block" />
      )}
      <span className="hidden sm:block" />
      <FormField label="Total uses" name="maxRedemptions" hint="Empty = unlimited" error={form.fieldError("maxRedemptions")} optional>
        <Input name="maxRedemptions" type="number" min={1} defaultValue={coupon?.maxRedemptions ?? ""} />
      </FormField>
      <FormField label="Uses per customer" name="maxPerCustomer" hint="Empty = unlimited" error={form.fieldError("maxPerCustomer")} optional>
        <Input name="maxPerCustomer" type="number" min={1} defaultValue={coupon?.maxPerCustomer ?? ""} />
      </FormField>
      <span className="hidden sm:block" />
      <FormField label="Valid from" name="validFrom" error={form.fieldError("validFrom")} optional>
        <Input name="validFrom" type="date" defaultValue={day(coupon?.validFrom ?? null)} />
      </FormField>
      <FormField label="Valid until" name="validUntil" error={form.fieldError("validUntil")} optional>
        <Input name="validUntil" type="date" defaultValue={day(coupon?.validUntil ?? null)} />
      </FormField>
      <span className="hidden sm:block" />
      <fieldset className="grid gap-2 sm:col-span-2">
        <legend className="mb-1 text-sm font-medium text-fg">Only these products <span className="font-normal text-muted">(none = all)</span></legend>
        <div className="grid grid-cols-1 gap-2 sm:grid-cols-2">
          {products.map((p) => (
            <Checkbox key={p.id} id={`coupon-product-${p.id}`} name="productIds" value={p.id} label={p.name} defaultChecked={coupon?.productIds.includes(p.id)} />
          ))}
        </div>
        {form.fieldError("productIds") && <p className="text-sm text-danger">{form.fieldError("productIds")}</p>}
      </fieldset>
      <fieldset className="grid gap-2">
        <legend className="mb-1 text-sm font-medium text-fg">Only these cycles <span className="font-normal text-muted">(none = all)</span></legend>
        {Object.entries(CYCLE_NAMES).map(([value, label]) => (
          <Checkbox key={value} id={`coupon-cycle-${value}`} name="cycles" value={value} label={label} defaultChecked={coupon?.cycles.includes(value)} />
        ))}
      </fieldset>
      <div className="flex flex-wrap gap-6 sm:col-span-3">
        <Checkbox name="newCustomersOnly" label="New customers only" defaultChecked={coupon?.newCustomersOnly ?? false} />
        <Checkbox name="active" label="Active" defaultChecked={coupon?.active ?? true} />
      </div>
      <div className="sm:col-span-3">
        <Button type="submit" loading={form.pending}>
          {coupon ? "Save coupon" : "Create coupon"}
        </Button>
      </div>
    </form>
  );
}
