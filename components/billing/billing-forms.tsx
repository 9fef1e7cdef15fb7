"use client";
/** Portal billing forms: add funds (then off to the gateway) and billing details with VAT ID. */
import { useState } from "react";
import { addFundsAction, saveBillingProfileAction } from "@/app/portal/billing/actions";
import { FormError } from "@/components/forms/form-error";
import { useServerAction } from "@/components/forms/use-server-action";
import { Button } from "@/components/ui/button";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import { useToast } from "@/components/ui/toast";
import type { BillingProfileView } from "@/lib/billing/profile";
import { billingStrings } from "./strings";

const t = billingStrings.billing;
const c = billingStrings.checkout;

export function AddFundsForm({ currency, currencies, gateways }: { currency: string | null; currencies: string[]; gateways: Array<{ gateway: string; label: string }> }) {
  const [leaving, setLeaving] = useState(false);
  const form = useServerAction(addFundsAction, {
    onSuccess: (data) => {
      setLeaving(true);
      window.location.assign(data.redirectTo);
    },
  });
  return (
    <form onSubmit={form.onSubmit} className="grid grid-cols-1 gap-4 sm:grid-cols-[minmax(0,10rem)_auto_minmax(0,14rem)_auto] sm:items-end" noValidate>
      <div className="sm:col-span-4">
        <FormError result={form.result} />
      </div>
      <FormField label={t.addFundsAmount} name="amount" error={form.fieldError("amount")} required>
        <Input name="amount" inputMode="decimal" placeholder="25.00" autoComplete="off" />
      </FormField>
      {currency ? (
        <input type="hidden" name="currency" value={currency} />
      ) : (
        <FormField label={c.currency} name="currency" error={form.fieldError("currency")}>
          <Select name="currency" defaultValue="USD" options={currencies.map((x) => ({ value: x, label: x }))} />
        </FormField>
      )}
      {currency && <span className="hidden sm:block" />}
      <FormField label={t.addFundsVia} name="gateway" error={form.fieldError("gateway")}>
        <Select name="gateway" options={gateways.map((g) => ({ value: g.gateway, label: g.label }))} />
      </FormField>
      <Button type="submit" loading={form.pending || leaving}>
        {t.addFundsButton}
      </Button>
    </form>
  );
}

export function BillingProfileForm({ profile, countries }: { profile: BillingProfileView | null; countries: Array<{ value: string; label: string }> }) {
  const { toast } = useToast();
  const [vatStatus, setVatStatus] = useState(profile?.vatIdStatus ?? null);
  const form = useServerAction(saveBillingProfileAction, {
    onSuccess: (data) => {
      setVatStatus(data.vatIdStatus);
      toast({ title: t.saved });
    },
  });
  const p = profile;
  return (
    <form onSubmit={form.onSubmit} className="grid grid-cols-1 items-start gap-4 sm:grid-cols-2" noValidate>
      <div className="sm:col-span-2">
        <FormError result={form.result} />
      </div>
      <FormField label={t.name} name="name" error={form.fieldError("name")} optional>
        <Input name="name" defaultValue={p?.name ?? ""} maxLength={120} autoComplete="name" />
      </FormField>
      <FormField label={t.company} name="companyName" error={form.fieldError("companyName")} optional>
        <Input name="companyName" defaultValue={p?.companyName ?? ""} maxLength={160} autoComplete="organization" />
      </FormField>
      <FormField label={t.email} name="email" hint={t.emailHint} error={form.fieldError("email")} optional className="sm:col-span-2">
        <Input name="email" type="email" defaultValue={p?.email ?? ""} maxLength={254} autoComplete="email" />
      </FormField>
      <FormField label={t.address1} name="addressLine1" error={form.fieldError("addressLine1")} optional>
        <Input name="addressLine1" defaultValue={p?.addressLine1 ?? ""} maxLength={160} autoComplete="address-line1" />
      </FormField>
      <FormField label={t.address2} name="addressLine2" error={form.fieldError("addressLine2")} optional>
        <Input name="addressLine2" defaultValue={p?.addressLine2 ?? ""} maxLength={160} autoComplete="address-line2" />
      </FormField>
      <FormField label={t.city} name="city" error={form.fieldError("city")} optional>
        <Input name="city" defaultValue={p?.city ?? ""} maxLength={100} autoComplete="address-level2" />
      </FormField>
      <FormField label={t.postalCode} name="postalCode" error={form.fieldError("postalCode")} optional>
        <Input name="postalCode" defaultValue={p?.postalCode ?? ""} maxLength={20} autoComplete="postal-code" />
      </FormField>
      <FormField label={c.country} name="country" error={form.fieldError("country")} required>
        <Select name="country" defaultValue={p?.country ?? ""} placeholder={c.countryPlaceholder} options={countries} autoComplete="country" />
      </FormField>
      <FormField label={c.state} name="state" hint={c.stateHint} error={form.fieldError("state")} optional>
        <Input name="state" defaultValue={p?.state ?? ""} maxLength={10} autoComplete="address-level1" />
      </FormField>
      <FormField
        label={c.vatId}
        name="vatId"
        hint={vatStatus === "verified" ? t.vatVerified : vatStatus === "unverified" ? t.vatUnverified : c.vatIdHint}
        error={form.fieldError("vatId")}
        optional
        className="sm:col-span-2"
      >
        <Input name="vatId" defaultValue={p?.vatId ?? ""} maxLength={32} />
      </FormField>
      <div className="sm:col-span-2">
        <Button type="submit" loading={form.pending}>
          {t.save}
        </Button>
      </div>
    </form>
  );
}
