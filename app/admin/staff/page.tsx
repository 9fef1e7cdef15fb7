import type { Metadata } from "next";
import Link from "next/link";
import { InviteStaffForm, StaffRoleSelect } from "@/components/admin/identity/staff-forms";
import { Badge } from "@/components/ui/badge";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { requireStaff } from "@/lib/auth/guards";
import { listStaff, roleHasPermission } from "@/lib/auth/permissions";
import { DateCell } from "@/components/data-table/cells";
import { ServerDataTable } from "@/components/data-table/server-table";
import { staffTable, type StaffTableRow } from "@/lib/admin/tables/definitions/identity";

export const metadata: Metadata = { title: "Staff" };

export default async function StaffPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const actor = await requireStaff("staff.manage");
  const [staff, canExport] = await Promise.all([listStaff(), roleHasPermission(actor.role, "data.export")]);
  // Invitation state comes from the identity service (an unused set-password token), not from the table query.
  const pending = new Set(staff.filter((s) => s.invitationPending).map((s) => s.id));
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
      <section aria-labelledby="staff-title" className="grid min-w-0 gap-3">
        <h2 id="staff-title" className="text-lg font-semibold text-fg">
          Team
        </h2>
        <ServerDataTable<StaffTableRow>
          id="staff"
          caption="Team"
          noun="staff members"
          definition={staffTable}
          searchParams={await searchParams}
          searchPlaceholder="Email or name (start of)"
          rowLabel={(s) => s.email}
          columns={[
            {
              id: "email",
              header: "Person",
              hideable: false,
              cell: (s) => (
                <span className="grid">
                  <span className="font-medium text-fg">{s.name ?? s.email}</span>
                  <span className="text-xs text-muted">
                    {s.email} {pending.has(s.id) && <Badge tone="info">Invited</Badge>}
                  </span>
                </span>
              ),
            },
            { id: "twoFactor", header: "Two-step", cell: (s) => <Badge tone={s.twoFactorEnabled ? "success" : "warning"}>{s.twoFactorEnabled ? "On" : "Not set up"}</Badge> },
            { id: "lastSignInAt", header: "Last sign-in", cell: (s) => <DateCell value={s.lastSignInAt} time /> },
            { id: "role", header: "Role", hideable: false, cell: (s) => (s.id === actor.userId ? <span className="text-muted">{s.role} (you)</span> : <StaffRoleSelect userId={s.id} role={s.role} email={s.email} />) },
          ]}
          exportHref={canExport ? "/admin/export/staff" : undefined}
          empty={{ title: "No staff found", description: "Invite someone above." }}
        />
      </section>
    </div>
  );
}
