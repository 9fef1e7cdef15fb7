import type { Metadata } from "next";
import Link from "next/link";
import { InviteStaffForm, StaffRoleSelect } from "@/components/admin/identity/staff-forms";
import { Badge } from "@/components/ui/badge";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { requireStaff } from "@/lib/auth/guards";
import { listStaff } from "@/lib/auth/permissions";
import { formatDateTime } from "@/lib/format/dates";

export const metadata: Metadata = { title: "Staff" };

export default async function StaffPage() {
  const actor = await requireStaff("staff.manage");
  const staff = await listStaff();
  return (
    <div className="grid gap-6">
      <PageHeader
        title="Staff"
        description="Who can open the back office, and with which role. Every change is audited."
        actions={
          <Link href="/admin/staff/roles" className="text-sm font-medium text-brand underline-offset-4 hover:underline">
            Edit role permissions
          </Link>
        }
      />
      <Card as="section" aria-labelledby="invite-title">
        <CardHeader>
          <CardTitle id="invite-title">Invite a staff member</CardTitle>
        </CardHeader>
        <CardContent>
          <InviteStaffForm />
        </CardContent>
      </Card>
      <Card as="section" aria-labelledby="staff-title">
        <CardHeader>
          <CardTitle id="staff-title">Team</CardTitle>
        </CardHeader>
        <CardContent className="overflow-x-auto">
          <table className="w-full text-left text-sm">
            <thead className="text-xs text-muted uppercase">
              <tr>
                <th scope="col" className="py-2 pr-4 font-medium">Person</th>
                <th scope="col" className="py-2 pr-4 font-medium">Two-step</th>
                <th scope="col" className="py-2 pr-4 font-medium">Last sign-in</th>
                <th scope="col" className="py-2 font-medium">Role</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-border">
              {staff.map((s) => (
                <tr key={s.id} data-testid="staff-row">
                  <td className="py-2 pr-4">
                    <p className="font-medium text-fg">{s.name ?? s.email}</p>
                    <p className="text-xs text-muted">
                      {s.email} {s.invitationPending && <Badge tone="info">Invited</Badge>}
                    </p>
                  </td>
                  <td className="py-2 pr-4">
                    <Badge tone={s.twoFactorEnabled ? "success" : "warning"}>{s.twoFactorEnabled ? "On" : "Not set up"}</Badge>
                  </td>
                  <td className="py-2 pr-4 whitespace-nowrap text-muted">{formatDateTime(s.lastSignInAt)}</td>
                  <td className="py-2">
                    {s.id === actor.userId ? (
                      <span className="text-muted">{s.role} (you)</span>
                    ) : (
                      <StaffRoleSelect userId={s.id} role={s.role} email={s.email} />
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </CardContent>
      </Card>
    </div>
  );
}
