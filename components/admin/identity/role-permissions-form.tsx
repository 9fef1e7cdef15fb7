"use client";

import { FormError } from "@/components/forms/form-error";
import { useServerAction } from "@/components/forms/use-server-action";
import { Button } from "@/components/ui/button";
import { useToast } from "@/components/ui/toast";
import { setRolePermissionsAction } from "@/app/admin/identity-actions";

export interface PermissionGroup {
  group: string;
  permissions: Array<{ key: string; description: string }>;
}

export function RolePermissionsForm({
  role,
  roleName,
  granted,
  groups,
}: {
  role: string;
  roleName: string;
  granted: string[];
  groups: PermissionGroup[];
}) {
  const { toast } = useToast();
  const form = useServerAction(setRolePermissionsAction, {
    onSuccess: (d) =>
      toast({ title: `${roleName} updated`, description: `${d.added.length} added, ${d.removed.length} removed`, tone: "success" }),
  });
  const has = new Set(granted);
  return (
    <form onSubmit={form.onSubmit} className="grid gap-4" aria-label={`Permissions of ${roleName}`}>
      <input type="hidden" name="role" value={role} />
      <FormError result={form.result} />
      {form.fieldError("permissions") && <p className="text-sm text-danger">{form.fieldError("permissions")}</p>}
      <div className="grid gap-4 md:grid-cols-2 xl:grid-cols-3">
        {groups.map((g) => (
          <fieldset key={g.group} className="grid content-start gap-2 rounded-md border border-border p-3">
            <legend className="px-1 text-xs font-semibold text-muted uppercase">{g.group}</legend>
            {g.permissions.map((p) => (
              <label key={p.key} className="flex items-start gap-2 text-sm">
                <input
                  type="checkbox"
                  name="permissions"
                  value={p.key}
                  defaultChecked={has.has(p.key)}
                  className="mt-1 size-4 accent-[var(--color-brand)]"
                />
                <span>
                  <span className="text-fg">{p.description}</span>
                  <span className="block font-mono text-xs text-muted">{p.key}</span>
                </span>
              </label>
            ))}
          </fieldset>
        ))}
      </div>
      <div>
        <Button type="submit" loading={form.pending}>
          Save {roleName}
        </Button>
      </div>
    </form>
  );
}
