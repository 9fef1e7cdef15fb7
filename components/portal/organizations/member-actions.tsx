"use client";

import { useState } from "react";
import { useServerAction } from "@/components/forms/use-server-action";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/dialog";
import { Select } from "@/components/ui/select";
import { useToast } from "@/components/ui/toast";
import { changeMemberRoleAction, leaveOrganizationAction, removeMemberAction } from "@/app/portal/organizations/actions";
import type { OrganizationRole } from "@/db/identity/schema";
import { organizationStrings } from "./strings";

const t = organizationStrings;

function formOf(fields: Record<string, string>): FormData {
  const data = new FormData();
  for (const [key, value] of Object.entries(fields)) data.set(key, value);
  return data;
}

function ErrorLine({ message }: { message?: string }) {
  if (!message) return null;
  return (
    <p role="alert" className="w-full text-sm font-medium text-danger">
      {message}
    </p>
  );
}

/** Change role (a select + Apply) and remove (with a confirmation naming the person) for one member row. */
export function MemberActions({
  organizationId,
  organizationName,
  userId,
  who,
  role,
  roles,
  canRemove,
}: {
  organizationId: string;
  organizationName: string;
  userId: string;
  who: string;
  role: OrganizationRole;
  roles: OrganizationRole[];
  canRemove: boolean;
}) {
  const { toast } = useToast();
  const [confirming, setConfirming] = useState(false);
  const change = useServerAction(changeMemberRoleAction, {
    onSuccess: (data) => toast({ title: t.detail.roleChanged(who, t.roles[data.role].label) }),
  });
  const remove = useServerAction(removeMemberAction, {
    onSuccess: () => {
      setConfirming(false);
      toast({ title: t.detail.removed(who) });
    },
  });
  // The form-level words say what happened ("The organization's creator stays an owner."); the field's say why.
  const changeError =
    change.result && !change.result.ok ? [change.result.formError, change.fieldError("role")].filter(Boolean).join(" ") || undefined : undefined;
  const removeError = remove.result && !remove.result.ok ? remove.result.formError : undefined;
  const selectId = `role-${userId}`;

  return (
    <div className="grid gap-2 sm:justify-items-end">
      <div className="flex flex-wrap items-center gap-2">
        <form onSubmit={change.onSubmit} className="flex items-center gap-2">
          <input type="hidden" name="organizationId" value={organizationId} />
          <input type="hidden" name="userId" value={userId} />
          <label className="sr-only" htmlFor={selectId}>
            {t.detail.roleOf(who)}
          </label>
          <Select
            id={selectId}
            name="role"
            defaultValue={role}
            className="h-8 w-32 text-sm"
            options={roles.map((r) => ({ value: r, label: t.roles[r].label }))}
          />
          <Button type="submit" size="sm" variant="secondary" loading={change.pending}>
            {t.detail.apply}
          </Button>
        </form>
        {canRemove && (
          <Button size="sm" variant="ghost" className="text-danger" aria-label={t.detail.removeLabel(who)} onClick={() => setConfirming(true)}>
            {t.detail.remove}
          </Button>
        )}
      </div>
      <ErrorLine message={changeError ?? removeError} />
      <ConfirmDialog
        open={confirming}
        onClose={() => setConfirming(false)}
        onConfirm={() => remove.run(formOf({ organizationId, userId }))}
        title={t.detail.removeTitle(who, organizationName)}
        description={t.detail.removeBody}
        confirmLabel={t.detail.remove}
        loading={remove.pending}
      />
    </div>
  );
}

/** Leaving redirects to the list on success (the server action does), so there is no success state here. */
export function LeaveOrganizationButton({ organizationId, organizationName }: { organizationId: string; organizationName: string }) {
  const [confirming, setConfirming] = useState(false);
  const leave = useServerAction(leaveOrganizationAction);
  return (
    <div className="grid gap-2">
      <div>
        <Button variant="secondary" onClick={() => setConfirming(true)}>
          {t.detail.leave}
        </Button>
      </div>
      <ErrorLine message={leave.result && !leave.result.ok ? leave.result.formError : undefined} />
      <ConfirmDialog
        open={confirming}
        onClose={() => setConfirming(false)}
        onConfirm={() => leave.run(formOf({ organizationId }))}
        title={t.detail.leaveTitle(organizationName)}
        description={t.detail.leaveBody}
        confirmLabel={t.detail.leave}
        loading={leave.pending}
      />
    </div>
  );
}
