"use client";

import { Building2 } from "lucide-react";
import { FormError } from "@/components/forms/form-error";
import { useServerAction } from "@/components/forms/use-server-action";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { ButtonLink } from "@/components/ui/button-link";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { acceptInviteAction } from "@/app/portal/organizations/actions";
import { organizationStrings } from "./strings";

const t = organizationStrings;

/**
 * A button, not an automatic redemption on page load: mail scanners open links, and must not use up (or
 * accept, for whoever happens to be signed in) the invitation.
 */
export function AcceptInviteForm({ token, email }: { token: string; email: string }) {
  const form = useServerAction(acceptInviteAction);
  const done = form.result?.ok ? form.result.data : null;
  const failed = form.result && !form.result.ok;
  return (
    <Card as="section" aria-labelledby="accept-title">
      <CardHeader className="items-start">
        <span className="mb-2 grid size-11 place-items-center rounded-full bg-brand-soft text-brand-soft-fg">
          <Building2 aria-hidden="true" className="size-5" />
        </span>
        <CardTitle as="h1" id="accept-title" className="text-xl">
          {done ? t.accept.okTitle : failed ? t.accept.failTitle : t.accept.title}
        </CardTitle>
      </CardHeader>
      <CardContent className="grid gap-4">
        {done ? (
          <>
            <Alert tone="success" live>
              {t.accept.okBody(t.roles[done.role].label)}
            </Alert>
            <ButtonLink href={`/portal/organizations/${done.organizationId}`}>{t.accept.open}</ButtonLink>
          </>
        ) : failed ? (
          <>
            <FormError result={form.result} />
            <p className="text-sm text-muted">{t.accept.failBody}</p>
            <ButtonLink href="/portal/organizations" variant="secondary">
              {t.accept.toList}
            </ButtonLink>
          </>
        ) : (
          <form onSubmit={form.onSubmit} className="grid gap-4">
            <p className="text-sm text-muted">{t.accept.body}</p>
            <p className="text-sm text-muted">{t.accept.signedInAs(email)}</p>
            <input type="hidden" name="token" value={token} />
            <Button type="submit" loading={form.pending} fullWidth>
              {t.accept.submit}
            </Button>
          </form>
        )}
      </CardContent>
    </Card>
  );
}
