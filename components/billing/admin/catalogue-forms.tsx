"use client";
/** Product and price editors. Saving revalidates the storefront, so the home page shows the change at once. */
import { useRouter } from "next/navigation";
import { saveProductAction, savePriceAction } from "@/app/admin/billing-actions";
import { FormError } from "@/components/forms/form-error";
import { useServerAction } from "@/components/forms/use-server-action";
import { Button } from "@/components/ui/button";
import { Checkbox } from "@/components/ui/checkbox";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import { Textarea } from "@/components/ui/textarea";
import { useToast } from "@/components/ui/toast";
import { currencyExponent, minorToDecimalString } from "@/lib/format/money";
import { CYCLE_NAMES } from "../strings";

const TYPES = ["vpn", "hosting", "cloud", "license", "other"].map((v) => ({ value: v, label: v.charAt(0).toUpperCase() + v.slice(1) }));
const CYCLES = Object.entries(CYCLE_NAMES).map(([value, label]) => ({ value, label }));
const CURRENCIES = ["USD", "EUR", "GBP"].map((c) => ({ value: c, label: c }));

export interface ProductFormValues {
  id: string;
  slug: string;
  type: string;
  name: string;
  tagline: string | null;
  description: string | null;
  features: string[];
  module: string;
  moduleConfig: Record<string, unknown>;
  trialDays: number;
  visible: boolean;
  featured: boolean;
  sortOrder: number;
}

export function ProductForm({ product, modules }: { product?: ProductFormValues; modules: string[] }) {
  const router = useRouter();
  const { toast } = useToast();
  const form = useServerAction(saveProductAction, {
    onSuccess: (data) => {
      toast({ title: product ? "Product saved" : "Product created" });
      if (!product) router.push(`/admin/products/${data.id}`);
      else router.refresh();
    },
  });
  return (
    <form onSubmit={form.onSubmit} className="grid grid-cols-1 items-start gap-4 sm:grid-cols-2" noValidate>
      {product && <input type="hidden" name="productId" value={product.id} />}
      <div className="sm:col-span-2">
        <FormError result={form.result} />
      </div>
      <FormField label="Name" name="name" error={form.fieldError("name")} required>
        <Input name="name" defaultValue={product?.name} maxLength={120} />
      </FormField>
      <FormField label="Slug" name="slug" hint="Used in links: /checkout?plan=slug" error={form.fieldError("slug")} required>
        <Input name="slug" defaultValue={product?.slug} maxLength={64} />
      </FormField>
      <FormField label="Type" name="type" error={form.fieldError("type")}>
        <Select name="type" defaultValue={product?.type ?? "vpn"} options={TYPES} />
      </FormField>
      <FormField label="Tagline" name="tagline" error={form.fieldError("tagline")} optional>
        <Input name="tagline" defaultValue={product?.tagline ?? ""} maxLength={200} />
      </FormField>
      <FormField label="Description" name="description" error={form.fieldError("description")} optional className="sm:col-span-2">
        <Textarea name="description" defaultValue={product?.description ?? ""} rows={3} maxLength={4000} />
      </FormField>
      <FormField label="Features" name="features" hint="One per line; shown on the plan card." error={form.fieldError("features")} optional className="sm:col-span-2">
        <Textarea name="features" defaultValue={product?.features.join("\n") ?? ""} rows={4} maxLength={4000} />
      </FormField>
      <FormField label="Provisioning module" name="module" hint={`Registered: ${modules.join(", ")}`} error={form.fieldError("module")} required>
        <Input name="module" defaultValue={product?.module ?? "none"} maxLength={40} list="provisioning-modules" />
      </FormField>
      <datalist id="provisioning-modules">
        {modules.map((m) => (
          <option key={m} value={m} />
        ))}
      </datalist>
      <FormField label="Module settings (JSON)" name="moduleConfig" hint='e.g. {"deviceLimit": 10, "vipAccess": false}' error={form.fieldError("moduleConfig")} optional>
        <Input name="moduleConfig" defaultValue={product ? JSON.stringify(product.moduleConfig) : ""} className="font-mono" />
      </FormField>
      <FormField label="Trial days" name="trialDays" error={form.fieldError("trialDays")}>
        <Input name="trialDays" type="number" min={0} max={365} defaultValue={product?.trialDays ?? 0} />
      </FormField>
      <FormField label="Sort order" name="sortOrder" hint="Lower comes first." error={form.fieldError("sortOrder")}>
        <Input name="sortOrder" type="number" defaultValue={product?.sortOrder ?? 0} />
      </FormField>
      <div className="flex flex-wrap gap-6 sm:col-span-2">
        <Checkbox name="visible" label="Visible on the site and orderable" defaultChecked={product?.visible ?? true} />
        <Checkbox name="featured" label="Featured (highlighted card)" defaultChecked={product?.featured ?? false} />
      </div>
      <div className="sm:col-span-2">
        <Button type="submit" loading={form.pending}>
          {product ? "Save product" : "Create product"}
        </Button>
      </div>
    </form>
  );
}

export interface PriceRowValues {
  id: string;
  cycle: string;
  currency: string;
  amount: number;
  setupFee: number;
  active: boolean;
}

/** One price as an editable table row (its own small form). */
export function PriceRowForm({ productId, price }: { productId: string; price: PriceRowValues }) {
  const router = useRouter();
  const { toast } = useToast();
  const form = useServerAction(savePriceAction, {
    onSuccess: () => {
      toast({ title: `${CYCLE_NAMES[price.cycle as keyof typeof CYCLE_NAMES] ?? price.cycle} ${price.currency} price saved` });
      router.refresh();
    },
  });
  const exp = currencyExponent(price.currency);
  const label = `${CYCLE_NAMES[price.cycle as keyof typeof CYCLE_NAMES] ?? price.cycle} ${price.currency}`;
  const error = form.result && !form.result.ok ? (form.fieldError("amount") ?? form.fieldError("setupFee") ?? form.result.formError) : undefined;
  return (
    <form onSubmit={form.onSubmit} className="grid grid-cols-2 items-center gap-2 py-2 sm:grid-cols-[10rem_5rem_8rem_8rem_6rem_auto]" data-testid="price-row" data-cycle={price.cycle} data-currency={price.currency}>
      <input type="hidden" name="productId" value={productId} />
      <input type="hidden" name="cycle" value={price.cycle} />
      <input type="hidden" name="currency" value={price.currency} />
      <span className="text-sm font-medium text-fg">{CYCLE_NAMES[price.cycle as keyof typeof CYCLE_NAMES] ?? price.cycle}</span>
      <span className="text-sm text-muted">{price.currency}</span>
      <Input name="amount" aria-label={`Price ${label}`} inputMode="decimal" defaultValue={minorToDecimalString(price.amount, exp)} className="h-8" />
      <Input name="setupFee" aria-label={`Setup fee ${label}`} inputMode="decimal" defaultValue={minorToDecimalString(price.setupFee, exp)} className="h-8" />
      <Checkbox name="active" label="Active" defaultChecked={price.active} id={`active-${price.id}`} />
      <Button type="submit" size="sm" variant="secondary" className="justify-self-start" loading={form.pending} aria-label={`Save ${label}`}>
        Save
      </Button>
      {error && (
        <p role="alert" className="col-span-full text-sm text-danger">
          {error}
        </p>
      )}
    </form>
  );
}

export function NewPriceForm({ productId }: { productId: string }) {
  const router = useRouter();
  const { toast } = useToast();
  const form = useServerAction(savePriceAction, {
    onSuccess: (_data, el) => {
      toast({ title: "Price added" });
      el?.reset();
      router.refresh();
    },
  });
  return (
    <form onSubmit={form.onSubmit} className="grid grid-cols-1 gap-3 sm:grid-cols-[12rem_7rem_8rem_10rem_auto] sm:items-end" noValidate>
      <input type="hidden" name="productId" value={productId} />
      <input type="hidden" name="active" value="on" />
      <div className="sm:col-span-5">
        <FormError result={form.result} />
      </div>
      <FormField label="Cycle" name="new-cycle" error={form.fieldError("cycle")}>
        <Select name="cycle" defaultValue="monthly" options={CYCLES} />
      </FormField>
      <FormField label="Currency" name="new-currency" error={form.fieldError("currency")}>
        <Select name="currency" defaultValue="USD" options={CURRENCIES} />
      </FormField>
      <FormField label="Price" name="new-amount" error={form.fieldError("amount")}>
        <Input name="amount" inputMode="decimal" placeholder="9.99" />
      </FormField>
      <FormField label="Setup fee" name="new-setupFee" error={form.fieldError("setupFee")} optional>
        <Input name="setupFee" inputMode="decimal" placeholder="0.00" />
      </FormField>
      <Button type="submit" className="justify-self-start" loading={form.pending}>
        Add price
      </Button>
    </form>
  );
}
