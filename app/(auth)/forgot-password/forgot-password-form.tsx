"use client";

import Link from "next/link";
import { authStrings } from "@/components/auth/strings";
import { FormError } from "@/components/forms/form-error";
import { useServerAction } from "@/components/forms/use-server-action";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { forgotPasswordAction } from "./actions";

const t = authStrings.forgot;

export function ForgotPasswordForm() {
  const form = useServerAction(forgotPasswordAction);
  if (form.result?.ok) {
    return (
      <div className="grid gap-5">
        <h1 className="text-xl font-semibold text-fg">{t.sentTitle}</h1>
        <Alert tone="success" live>
          {t.sentBody}
        </Alert>
        <Link href="/sign-in" className="text-sm font-medium text-brand underline-offset-4 hover:underline">
          {t.backToSignIn}
        </Link>
      </div>
    );
  }
  return (
    <form onSubmit={form.onSubmit} className="grid gap-5" noValidate>
      <div className="grid gap-1">
        <h1 className="text-xl font-semibold text-fg">{t.title}</h1>
        <p className="text-sm text-muted">{t.subtitle}</p>
      </div>
      <FormError result={form.result} />
      <FormField label={t.email} name="email" error={form.fieldError("email")} required>
        <Input name="email" type="email" autoComplete="email" maxLength={254} required />
      </FormField>
      <Button type="submit" loading={form.pending} loadingText={t.submitting} fullWidth>
        {t.submit}
      </Button>
      <Link href="/sign-in" className="text-center text-sm text-muted underline-offset-4 hover:underline">
        {t.backToSignIn}
      </Link>
    </form>
  );
}
