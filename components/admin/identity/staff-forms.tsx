"use client";

import { FormError } from "@/components/forms/form-error";
import { useServerAction } from "@/components/forms/use-server-action";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import { useToast } from "@/components/ui/toast";
import { changeStaffRoleAction, inviteStaffAction } from "@/app/admin/identity-actions";

const ROLE_OPTIONS = [
  { value: "admin", label: "Administrator" },
  { value: "billing", label: "Billing" },
  { value: "support", label: "Support" },
];

export function InviteStaffForm() {
  const form = useServerAction(inviteStaffAction);
  return (
    <form onSubmit={form.onSubmit} className="grid gap-4 sm:grid-cols-[1fr_12rem_auto] sm:items-end" noValidate>
      <div className="sm:col-span-3">
        <FormError result={form.result} />
        {form.result?.ok && (
          <Alert tone="success" live>
            {form.result.data.created ? "Invitation sent." : "Role updated and the person was told by email."}
          </Alert>
        )}
      </div>
      <FormField label="Email" name="email" error={form.fieldError("email")} required>
        <Input name="email" type="email" maxLength={254} required />
      </FormField>
      <FormField label="Role" name="role" error={form.fieldError("role")} required>
        <Select name="role" options={ROLE_OPTIONS} defaultValue="support" />
      </FormField>
      <Button type="submit" loading={form.pending}>
        Invite
      </Button>
    </form>
  );
}

export function StaffRoleSelect({ userId, role, email }: { userId: string; role: string; email: string }) {
  const { toast } = useToast();
  const form = useServerAction(changeStaffRoleAction, {
    onSuccess: () => toast({ title: `Role of ${email} changed`, tone: "success" }),
  });
  const error = form.result && !form.result.ok ? (form.result.formError ?? form.fieldError("role")) : undefined;
  return (
    <form onSubmit={form.onSubmit} className="flex flex-wrap items-center gap-2">
      <input type="hidden" name="userId" value={userId} />
      <label className="sr-only" htmlFor={`role-${userId}`}>
        Role of {email}
      </label>
      <Select
        id={`role-${userId}`}
        name="role"
        defaultValue={role}
        options={[...ROLE_OPTIONS, { value: "customer", label: "Remove staff access" }]}
        className="w-44"
      />
      <Button type="submit" size="sm" variant="secondary" loading={form.pending}>
        Apply
      </Button>
      {error && (
        <p role="alert" className="w-full text-sm text-danger">
          {error}
        </p>
      )}
    </form>
  );
}
