"use client";
/** One settings section as a form: fields described by lib/settings, validated there, errors shown per field. */
import { useRouter } from "next/navigation";
import { saveSettingsAction } from "@/app/admin/settings/actions";
import { FormError } from "@/components/forms/form-error";
import { useServerAction } from "@/components/forms/use-server-action";
import { Button } from "@/components/ui/button";
import { Checkbox } from "@/components/ui/checkbox";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { Textarea } from "@/components/ui/textarea";
import { useToast } from "@/components/ui/toast";
import type { SettingField } from "@/lib/settings";

function asText(field: SettingField, value: unknown): string {
  if (value === null || value === undefined) return "";
  if (field.type === "lines") return Array.isArray(value) ? value.join("\n") : String(value);
  if (field.type === "numbers") return Array.isArray(value) ? value.join(", ") : String(value);
  if (field.type === "dns-profiles") {
    return Object.entries((value ?? {}) as Record<string, string[]>)
      .map(([name, addresses]) => `${name} = ${addresses.join(", ")}`)
      .join("\n");
  }
  return String(value);
}

export function SettingsForm({
  section,
  fields,
  values,
  secretsSet,
}: {
  section: string;
  fields: SettingField[];
  values: Record<string, unknown>;
  secretsSet: Record<string, boolean>;
}) {
  const router = useRouter();
  const { toast } = useToast();
  const form = useServerAction(saveSettingsAction, {
    onSuccess: (data) => {
      toast({ title: data.changed.length ? `Saved (${data.changed.length} changed)` : "Nothing changed" });
      router.refresh();
    },
  });
  return (
    <form onSubmit={form.onSubmit} className="grid max-w-2xl gap-5" noValidate>
      <input type="hidden" name="section" value={section} />
      <FormError result={form.result} />
      {fields.map((field) => {
        const error = form.fieldError(field.key);
        if (field.type === "boolean") {
          return (
            <Checkbox key={field.key} name={field.key} label={field.label} description={field.hint} defaultChecked={values[field.key] === true} error={error} />
          );
        }
        const hint = field.type === "secret" ? `${secretsSet[field.key] ? "A password is set. " : "No password set. "}${field.hint ?? ""}` : field.hint;
        return (
          <FormField key={field.key} label={field.label} name={field.key} id={`setting-${field.key.replace(/\W/g, "-")}`} hint={hint} error={error}>
            {field.type === "textarea" || field.type === "lines" || field.type === "dns-profiles" ? (
              <Textarea name={field.key} rows={field.type === "textarea" ? 4 : 3} defaultValue={asText(field, values[field.key])} />
            ) : field.type === "secret" ? (
              <Input name={field.key} type="password" autoComplete="new-password" defaultValue="" />
            ) : (
              <Input name={field.key} inputMode={field.type === "number" ? "numeric" : undefined} defaultValue={asText(field, values[field.key])} />
            )}
          </FormField>
        );
      })}
      <div>
        <Button type="submit" loading={form.pending}>
          Save
        </Button>
      </div>
    </form>
  );
}
