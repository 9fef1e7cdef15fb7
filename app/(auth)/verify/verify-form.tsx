"use client";

import { authStrings } from "@/components/auth/strings";
import { useServerAction } from "@/components/forms/use-server-action";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { ButtonLink } from "@/components/ui/button-link";
import { verifyEmailAction } from "./actions";

const t = authStrings.verify;

/**
 * A button, not an automatic redemption on page load: mail scanners open links, and must not use up the token.
 */
export function VerifyForm({ token }: { token: string }) {
  const form = useServerAction(verifyEmailAction);
  if (form.result?.ok) {
    const changed = form.result.data.kind === "email_changed";
    return (
      <div className="grid gap-5">
        <h1 className="text-xl font-semibold text-fg">{changed ? t.changedTitle : t.okTitle}</h1>
        <Alert tone="success" live>
          {changed ? t.changedBody : t.okBody}
        </Alert>
        <ButtonLink href={changed ? "/sign-in" : "/portal"} fullWidth>
          {t.continue}
        </ButtonLink>
      </div>
    );
  }
  if (form.result && !form.result.ok) {
    return (
      <div className="grid gap-5">
        <h1 className="text-xl font-semibold text-fg">{t.failTitle}</h1>
        <Alert tone="danger" live>
          {form.result.formError} {t.failBody}
        </Alert>
        <ButtonLink href="/sign-in" variant="secondary" fullWidth>
          {authStrings.signIn.submit}
        </ButtonLink>
      </div>
    );
  }
  return (
    <form onSubmit={form.onSubmit} className="grid gap-5">
      <h1 className="text-xl font-semibold text-fg">Confirm your email address</h1>
      <p className="text-sm text-muted">One click and you're done.</p>
      <input type="hidden" name="token" value={token} />
      <Button type="submit" loading={form.pending} fullWidth>
        Confirm email address
      </Button>
    </form>
  );
}
