import type { Metadata } from "next";
import { RolePermissionsForm, type PermissionGroup } from "@/components/admin/identity/role-permissions-form";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { requireStaff } from "@/lib/auth/guards";
import { listPermissions, listRolesWithPermissions } from "@/lib/auth/permissions";

export const metadata: Metadata = { title: "Role permissions" };

export default async function RolesPage() {
  await requireStaff("staff.manage");
  const [roles, permissions] = await Promise.all([listRolesWithPermissions(), listPermissions()]);
  const groups: PermissionGroup[] = [];
  for (const p of permissions) {
    let group = groups.find((g) => g.group === p.group);
    if (!group) groups.push((group = { group: p.group, permissions: [] }));
    group.permissions.push({ key: p.key, description: p.description });
  }
  return (
    <div className="grid gap-6">
      <PageHeader title="Role permissions" description="What each staff role may do. Changes apply at once and are audited." />
      {roles
        .filter((r) => r.staff)
        .map((role) => (
          <Card as="section" key={role.key} aria-labelledby={`role-${role.key}`}>
            <CardHeader>
              <CardTitle id={`role-${role.key}`}>{role.name}</CardTitle>
              {role.description && <CardDescription>{role.description}</CardDescription>}
            </CardHeader>
            <CardContent>
              <RolePermissionsForm role={role.key} roleName={role.name} granted={role.permissions} groups={groups} />
            </CardContent>
          </Card>
        ))}
    </div>
  );
}
