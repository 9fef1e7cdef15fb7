import type { Metadata } from "next";
import { eq } from "drizzle-orm";
import { notFound } from "next/navigation";
import { DateCell, PersonCell, StatusCell, TextCell } from "@/components/data-table/cells";
import { RecordDetail } from "@/components/data-table/record-detail";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { identityDb } from "@/db/identity/client";
import { organizationMembers, users } from "@/db/identity/schema";
import { organizationsTable } from "@/lib/admin/tables/definitions/identity";
import { getTableRow } from "@/lib/admin/tables/query";
import { requireStaff } from "@/lib/auth/guards";

export const metadata: Metadata = { title: "Organization" };

export default async function OrganizationPage({ params }: { params: Promise<{ id: string }> }) {
  await requireStaff("customers.read");
  const r = await getTableRow(organizationsTable, (await params).id);
  if (!r) notFound();
  const members = await identityDb()
    .select({ id: users.id, email: users.email, name: users.name, role: organizationMembers.role })
    .from(organizationMembers)
    .innerJoin(users, eq(users.id, organizationMembers.userId))
    .where(eq(organizationMembers.organizationId, r.id))
    .limit(200);
  return (
    <RecordDetail
      title={r.name}
      back={{ href: "/admin/organizations", label: "Organizations" }}
      audit={{ database: "identity", entityId: r.id }}
      fields={[
        ["Status", <StatusCell key="s" status={r.status} />],
        ["Slug", r.slug],
        ["Owner", <PersonCell key="o" id={r.ownerId} email={r.ownerEmail} />],
        ["Billing email", <TextCell key="b" value={r.billingEmail} />],
        ["Created", <DateCell key="c" value={r.createdAt} time />],
      ]}
    >
      <Card as="section" aria-labelledby="org-members">
        <CardHeader>
          <CardTitle id="org-members">Members ({members.length})</CardTitle>
        </CardHeader>
        <CardContent>
          <ul className="grid gap-2 text-sm">
            {members.map((m) => (
              <li key={m.id} className="flex flex-wrap items-center justify-between gap-2">
                <PersonCell id={m.id} email={m.email} name={m.name} />
                <span className="text-muted">{m.role}</span>
              </li>
            ))}
          </ul>
        </CardContent>
      </Card>
    </RecordDetail>
  );
}
