"use client";

import { FormError } from "@/components/forms/form-error";
import { useServerAction } from "@/components/forms/use-server-action";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { useToast } from "@/components/ui/toast";
import {
  changePasswordAction,
  requestEmailChangeAction,
  resendVerificationAction,
  updateProfileAction,
} from "@/app/portal/account/actions";

export function ProfileForm({ name }: { name: string | null }) {
  const { toast } = useToast();
  const form = useServerAction(updateProfileAction, { onSuccess: () => toast({ title: "Profile saved", tone: "success" }) });
  return (
    <Card as="section" aria-labelledby="profile-title">
      <CardHeader>
        <CardTitle id="profile-title">Profile</CardTitle>
        <CardDescription>How we address you in emails and invoices.</CardDescription>
      </CardHeader>
      <CardContent>
        <form onSubmit={form.onSubmit} className="grid max-w-md gap-4" noValidate>
          <FormError result={form.result} />
          <FormField label="Name" name="name" error={form.fieldError("name")} optional>
            <Input name="name" defaultValue={name ?? ""} autoComplete="name" maxLength={100} />
          </FormField>
          <div>
            <Button type="submit" loading={form.pending}>
              Save
            </Button>
          </div>
        </form>
      </CardContent>
    </Card>
  );
}

export function EmailForm({ email, verified }: { email: string; verified: boolean }) {
  const resend = useServerAction(async () => resendVerificationAction());
  const change = useServerAction(requestEmailChangeAction);
  return (
    <Card as="section" aria-labelledby="email-title">
      <CardHeader>
        <CardTitle id="email-title">Email</CardTitle>
        <CardDescription>
          Signed in as <strong className="text-fg">{email}</strong> {verified ? "(verified)" : "(not verified yet)"}
        </CardDescription>
      </CardHeader>
      <CardContent className="grid gap-6">
        {!verified && (
          <Alert
            tone="warning"
            title="Verify your email to order"
            action={
              resend.result?.ok ? (
                <span role="status">A new link is on its way.</span>
              ) : (
                <Button size="sm" variant="secondary" loading={resend.pending} onClick={() => resend.run(new FormData())}>
                  Send the link again
                </Button>
              )
            }
          >
            We sent a link to {email}. You can look around, but placing an order needs a verified address.
            {resend.result && !resend.result.ok && <span className="block">{resend.result.formError}</span>}
          </Alert>
        )}
        {change.result?.ok ? (
          <Alert tone="success" live>
            We sent a confirmation link to {change.result.data.sentTo}. Your email changes when you open it.
          </Alert>
        ) : (
          <form onSubmit={change.onSubmit} className="grid max-w-md gap-4" noValidate>
            <FormError result={change.result} />
            <FormField label="New email" name="newEmail" error={change.fieldError("newEmail")} required>
              <Input name="newEmail" type="email" autoComplete="email" maxLength={254} required />
            </FormField>
            <FormField label="Current password" name="email-password" id="email-password" error={change.fieldError("password")} required>
              <Input name="password" type="password" autoComplete="current-password" maxLength={1024} required />
            </FormField>
            <div>
              <Button type="submit" variant="secondary" loading={change.pending}>
                Change email
              </Button>
            </div>
          </form>
        )}
      </CardContent>
    </Card>
  );
}

export function PasswordForm() {
  const form = useServerAction(changePasswordAction);
  return (
    <Card as="section" aria-labelledby="password-title">
      <CardHeader>
        <CardTitle id="password-title">Password</CardTitle>
        <CardDescription>Changing it signs you out on every device.</CardDescription>
      </CardHeader>
      <CardContent>
        <form onSubmit={form.onSubmit} className="grid max-w-md gap-4" noValidate>
          <FormError result={form.result} />
          <FormField label="Current password" name="currentPassword" error={form.fieldError("currentPassword")} required>
            <Input name="currentPassword" type="password" autoComplete="current-password" maxLength={1024} required />
          </FormField>
          <FormField
            label="New password"
            name="newPassword"
            hint="At least 12 characters."
            error={form.fieldError("newPassword")}
            required
          >
            <Input name="newPassword" type="password" autoComplete="new-password" minLength={12} maxLength={128} required />
          </FormField>
          <div>
            <Button type="submit" variant="secondary" loading={form.pending}>
              Change password
            </Button>
          </div>
        </form>
      </CardContent>
    </Card>
  );
}
