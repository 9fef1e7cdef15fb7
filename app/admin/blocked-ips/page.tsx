import type { Metadata } from "next";
import { DateCell, TextCell } from "@/components/data-table/cells";
import { ServerDataTable } from "@/components/data-table/server-table";
import { BlockIpForm, UnblockButton } from "@/components/admin/identity/blocked-ip-forms";
import { Badge } from "@/components/ui/badge";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { blockedIpsTable, type BlockedIpTableRow } from "@/lib/admin/tables/definitions/identity";
import { requireStaff } from "@/lib/auth/guards";
import { roleHasPermission } from "@/lib/auth/permissions";

export const metadata: Metadata = { title: "Blocked addresses" };

export default async function BlockedIpsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const actor = await requireStaff("security.manage");
  const canExport = await roleHasPermission(actor.role, "data.export");
  const now = Date.now();
  return (
    <div className="grid min-w-0 grid-cols-1 gap-6">
      <PageHeader title="Blocked addresses" description="Requests from these addresses and ranges are refused before they reach sign-in." />
      <Card as="section" aria-labelledby="block-title">
        <CardHeader>
          <CardTitle id="block-title">Block an address or range</CardTitle>
        </CardHeader>
        <CardContent>
          <BlockIpForm />
        </CardContent>
      </Card>
      <ServerDataTable<BlockedIpTableRow>
        id="blocked-ips"
        caption="Blocked addresses"
        noun="blocks"
        definition={blockedIpsTable}
        searchParams={await searchParams}
        searchPlaceholder="Address or range (start of), or reason"
        rowLabel={(r) => r.cidr}
        columns={[
          { id: "cidr", header: "Address or range", hideable: false, cell: (r) => <span className="font-mono">{r.cidr}</span> },
          { id: "state", header: "State", cell: (r) => (r.expiresAt && r.expiresAt.getTime() < now ? <Badge tone="neutral">Expired</Badge> : <Badge tone="danger">Blocked</Badge>) },
          { id: "reason", header: "Reason", cell: (r) => <TextCell value={r.reason} /> },
          { id: "createdBy", header: "By", cell: (r) => <TextCell value={r.createdByEmail} /> },
          { id: "createdAt", header: "Blocked", cell: (r) => <DateCell value={r.createdAt} time /> },
          { id: "expiresAt", header: "Until", cell: (r) => (r.expiresAt ? <DateCell value={r.expiresAt} time /> : "Removed by staff") },
          { id: "unblock", header: "Action", hideable: false, cell: (r) => <UnblockButton id={r.id} cidr={r.cidr} /> },
        ]}
        exportHref={canExport ? "/admin/export/blocked-ips" : undefined}
        empty={{ title: "No blocked addresses", description: "Block an address above when it is attacking sign-in." }}
      />
    </div>
  );
}
