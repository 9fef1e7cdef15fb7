"use client";

import Link from "next/link";
import { authStrings } from "@/components/auth/strings";
import { FormError } from "@/components/forms/form-error";
import { useServerAction } from "@/components/forms/use-server-action";
import { Button } from "@/components/ui/button";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { signUpAction } from "./actions";

const t = authStrings.signUp;

export function SignUpForm({ next }: { next?: string }) {
  const form = useServerAction(signUpAction);
  return (
    <form onSubmit={form.onSubmit} className="grid gap-5" noValidate>
      <div className="grid gap-1">
        <h1 className="text-xl font-semibold text-fg">{t.title}</h1>
        <p className="text-sm text-muted">{t.subtitle}</p>
      </div>
      <FormError result={form.result} />
      {next && <input type="hidden" name="next" value={next} />}
      <FormField label={t.name} name="name" error={form.fieldError("name")} optional>
        <Input name="name" autoComplete="name" maxLength={100} />
      </FormField>
      <FormField label={t.email} name="email" error={form.fieldError("email")} required>
        <Input name="email" type="email" autoComplete="email" maxLength={254} required />
      </FormField>
      <FormField label={t.password} name="password" hint={t.passwordHint} error={form.fieldError("password")} required>
        <Input name="password" type="password" autoComplete="new-password" minLength={12} maxLength={128} required />
      </FormField>
      <Button type="submit" loading={form.pending} loadingText={t.submitting} fullWidth>
        {t.submit}
      </Button>
      <p className="text-xs text-muted">{t.terms}</p>
      <p className="text-center text-sm text-muted">
        {t.haveAccount}{" "}
        <Link href="/sign-in" className="font-medium text-brand underline-offset-4 hover:underline">
          {t.signIn}
        </Link>
      </p>
    </form>
  );
}
