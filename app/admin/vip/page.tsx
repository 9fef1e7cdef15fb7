import type { Metadata } from "next";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { GrantPlanForm, VipAddForm, VipRemoveButton } from "@/components/vpn/admin-forms";
import { DateCell, TextCell } from "@/components/data-table/cells";
import { ServerDataTable } from "@/components/data-table/server-table";
import { vipTable, type VipTableRow } from "@/lib/admin/tables/definitions/vpn";
import { requireStaff } from "@/lib/auth/guards";
import { roleHasPermission } from "@/lib/auth/permissions";

export const metadata: Metadata = { title: "VIP list" };

export default async function VipPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const actor = await requireStaff("vpn.vip.write");
  const canExport = await roleHasPermission(actor.role, "data.export");
  return (
    <div className="grid gap-6">
      <PageHeader title="VIP list" description="Customers with these emails see VIP-only locations. Every change is audited." />
      <Card as="section" aria-labelledby="vip-add-title">
        <CardHeader>
          <CardTitle id="vip-add-title">Add an email</CardTitle>
        </CardHeader>
        <CardContent>
          <VipAddForm />
        </CardContent>
      </Card>
      <Card as="section" aria-labelledby="vip-grant-title">
        <CardHeader>
          <CardTitle id="vip-grant-title">Give a VIP customer a plan without payment</CardTitle>
          <CardDescription>The customer must have an account and be on the VIP list. Granting again changes the device limit.</CardDescription>
        </CardHeader>
        <CardContent>
          <GrantPlanForm />
        </CardContent>
      </Card>
      <section aria-labelledby="vip-list-title" className="grid min-w-0 gap-3">
        <h2 id="vip-list-title" className="text-lg font-semibold text-fg">
          On the list
        </h2>
        <ServerDataTable<VipTableRow>
          id="vip"
          caption="VIP list"
          noun="emails"
          definition={vipTable}
          searchParams={await searchParams}
          searchPlaceholder="Email (start of) or note"
          rowLabel={(r) => r.email}
          columns={[
            { id: "email", header: "Email", hideable: false, cell: (v) => <span className="break-all">{v.email}</span> },
            { id: "note", header: "Note", cell: (v) => <TextCell value={v.note} /> },
            { id: "addedBy", header: "Added by", cell: (v) => <TextCell value={v.addedByEmail} /> },
            { id: "createdAt", header: "Added", cell: (v) => <DateCell value={v.createdAt} time /> },
            { id: "remove", header: "Action", hideable: false, cell: (v) => <VipRemoveButton vipId={v.id} email={v.email} /> },
          ]}
          exportHref={canExport ? "/admin/export/vip" : undefined}
          empty={{ title: "Nobody on the list", description: "Add an email above to open VIP-only locations to that customer." }}
        />
      </section>
    </div>
  );
}
