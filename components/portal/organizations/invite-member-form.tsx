"use client";

import { useState } from "react";
import { FormError } from "@/components/forms/form-error";
import { useServerAction } from "@/components/forms/use-server-action";
import { Button } from "@/components/ui/button";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import { useToast } from "@/components/ui/toast";
import { inviteMemberAction } from "@/app/portal/organizations/actions";
import type { OrganizationRole } from "@/db/identity/schema";
import { organizationStrings } from "./strings";

const t = organizationStrings;

// The browser's notion of an address, close to the server's zod email check (which decides).
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function InviteMemberForm({ organizationId, roles }: { organizationId: string; roles: OrganizationRole[] }) {
  const { toast } = useToast();
  const [email, setEmail] = useState("");
  const [touched, setTouched] = useState(false);
  const form = useServerAction(inviteMemberAction, {
    onSuccess: (data) => {
      toast({ title: t.invite.sent(data.email) });
      setEmail("");
      setTouched(false);
    },
  });
  const localError = touched && email.trim() && !EMAIL.test(email.trim()) ? "Enter a valid email address." : undefined;
  return (
    <form onSubmit={form.onSubmit} className="grid gap-4 sm:grid-cols-[1fr_10rem_auto] sm:items-start" noValidate>
      <input type="hidden" name="organizationId" value={organizationId} />
      <div className="empty:hidden sm:col-span-3">
        <FormError result={form.result} />
      </div>
      <FormField label={t.invite.email} name="email" error={form.fieldError("email") ?? localError} required>
        <Input
          name="email"
          type="email"
          autoComplete="off"
          maxLength={254}
          value={email}
          onChange={(event) => setEmail(event.target.value)}
          onBlur={() => setTouched(true)}
          required
        />
      </FormField>
      <FormField label={t.invite.role} name="role" error={form.fieldError("role")} required>
        <Select name="role" defaultValue="member" options={roles.map((r) => ({ value: r, label: t.roles[r].label }))} />
      </FormField>
      <Button type="submit" loading={form.pending} className="sm:mt-7">
        {t.invite.submit}
      </Button>
    </form>
  );
}
