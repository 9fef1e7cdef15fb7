"use client";

import { authStrings } from "@/components/auth/strings";
import { FormError } from "@/components/forms/form-error";
import { useServerAction } from "@/components/forms/use-server-action";
import { Button } from "@/components/ui/button";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { resetPasswordAction } from "./actions";

const t = authStrings.reset;

export function ResetPasswordForm({ token }: { token: string }) {
  const form = useServerAction(resetPasswordAction);
  return (
    <form onSubmit={form.onSubmit} className="grid gap-5" noValidate>
      <h1 className="text-xl font-semibold text-fg">{t.title}</h1>
      <FormError result={form.result} />
      <input type="hidden" name="token" value={token} />
      <FormField label={t.password} name="password" hint={t.passwordHint} error={form.fieldError("password")} required>
        <Input name="password" type="password" autoComplete="new-password" minLength={12} maxLength={128} required />
      </FormField>
      <Button type="submit" loading={form.pending} loadingText={t.submitting} fullWidth>
        {t.submit}
      </Button>
    </form>
  );
}
