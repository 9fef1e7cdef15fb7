"use client";
/**
 * One payment gateway's settings. Secrets are write-only: the form shows whether each is set, never its value;
 * an empty field keeps it, "Remove" clears it.
 */
import { useRouter } from "next/navigation";
import { saveGatewayAction } from "@/app/admin/billing-actions";
import { FormError } from "@/components/forms/form-error";
import { useServerAction } from "@/components/forms/use-server-action";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Checkbox } from "@/components/ui/checkbox";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import { Textarea } from "@/components/ui/textarea";
import { useToast } from "@/components/ui/toast";

export interface GatewayFormConfig {
  gateway: string;
  enabled: boolean;
  testMode: boolean;
  displayName: string;
  publicConfig: Record<string, unknown>;
  secretsSet: string[];
  configured: boolean;
  source: "env" | "database" | "none";
}

const SECRET_LABELS: Record<string, string> = {
  secretKey: "Secret key",
  webhookSecret: "Webhook signing secret (whsec_…)",
  clientId: "Client ID",
  clientSecret: "Client secret",
};

export function GatewaySettingsForm({ config, secretFields }: { config: GatewayFormConfig; secretFields: string[] }) {
  const router = useRouter();
  const { toast } = useToast();
  const form = useServerAction(saveGatewayAction, {
    onSuccess: (_data, el) => {
      toast({ title: `${config.displayName} saved` });
      // Secret inputs are cleared: what was typed is never shown again.
      el?.querySelectorAll<HTMLInputElement>('input[type="password"]').forEach((input) => (input.value = ""));
      router.refresh();
    },
  });
  const pub = (key: string) => (typeof config.publicConfig[key] === "string" ? (config.publicConfig[key] as string) : "");
  const g = config.gateway;
  return (
    <form onSubmit={form.onSubmit} className="grid gap-4" noValidate data-testid={`gateway-${g}`}>
      <input type="hidden" name="gateway" value={g} />
      <FormError result={form.result} />
      {config.source === "env" && (
        <p className="text-sm text-muted">
          <Badge tone="info">Environment</Badge> Keys come from environment variables, which override what is saved here.
        </p>
      )}
      <div className="flex flex-wrap gap-6">
        <Checkbox id={`${g}-enabled`} name="enabled" label="Offer to customers" defaultChecked={config.enabled} />
        {(g === "stripe" || g === "paypal") && <Checkbox id={`${g}-testMode`} name="testMode" label="Test mode" defaultChecked={config.testMode} />}
      </div>
      <FormField label="Name shown to customers" id={`${g}-displayName`} name="displayName" error={form.fieldError("displayName")}>
        <Input name="displayName" defaultValue={config.displayName} maxLength={60} />
      </FormField>
      {g === "stripe" && (
        <FormField label="Publishable key" id={`${g}-publishableKey`} name="public.publishableKey" error={form.fieldError("public.publishableKey")} optional>
          <Input name="public.publishableKey" defaultValue={pub("publishableKey")} autoComplete="off" />
        </FormField>
      )}
      {g === "paypal" && (
        <div className="grid grid-cols-1 items-start gap-4 sm:grid-cols-2">
          <FormField label="Webhook ID" id={`${g}-webhookId`} name="public.webhookId" hint="From the PayPal developer dashboard; used to verify webhooks." error={form.fieldError("public.webhookId")}>
            <Input name="public.webhookId" defaultValue={pub("webhookId")} autoComplete="off" />
          </FormField>
          <FormField label="Environment" id={`${g}-environment`} name="public.environment" error={form.fieldError("public.environment")}>
            <Select
              name="public.environment"
              defaultValue={pub("environment") || "sandbox"}
              options={[
                { value: "sandbox", label: "Sandbox" },
                { value: "production", label: "Live" },
              ]}
            />
          </FormField>
        </div>
      )}
      {g === "bank_transfer" && (
        <FormField label="Instructions" id={`${g}-instructions`} name="public.instructions" hint="Bank name, IBAN/BIC or account details. The invoice number is added as the reference." error={form.fieldError("public.instructions")}>
          <Textarea name="public.instructions" defaultValue={pub("instructions")} rows={4} maxLength={4000} />
        </FormField>
      )}
      {secretFields.length > 0 && (
        <fieldset className="grid gap-3 rounded-md border border-border p-4">
          <legend className="px-1 text-sm font-medium text-fg">Secrets</legend>
          {secretFields.map((field) => {
            const set = config.secretsSet.includes(field);
            return (
              <div key={field} className="grid gap-2">
                <FormField
                  label={SECRET_LABELS[field] ?? field}
                  id={`${g}-${field}`}
                  name={`secret.${field}`}
                  hint={set ? "Set. Leave empty to keep it." : "Not set."}
                  error={form.fieldError(field)}
                >
                  <Input name={`secret.${field}`} type="password" autoComplete="new-password" placeholder={set ? "••••••••" : ""} />
                </FormField>
                {set && config.source !== "env" && <Checkbox id={`${g}-remove-${field}`} name={`remove.${field}`} label={`Remove the saved ${SECRET_LABELS[field]?.toLowerCase() ?? field}`} />}
              </div>
            );
          })}
        </fieldset>
      )}
      <div>
        <Button type="submit" loading={form.pending}>
          Save {config.displayName}
        </Button>
      </div>
    </form>
  );
}
