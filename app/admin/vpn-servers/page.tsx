import type { Metadata } from "next";
import { DateCell, LinkCell } from "@/components/data-table/cells";
import { ServerDataTable } from "@/components/data-table/server-table";
import { Badge } from "@/components/ui/badge";
import { ButtonLink } from "@/components/ui/button-link";
import { PageHeader } from "@/components/ui/page-header";
import { vpnServersTable, type VpnServerTableRow } from "@/lib/admin/tables/definitions/vpn";
import { requireStaff } from "@/lib/auth/guards";
import { roleHasPermission } from "@/lib/auth/permissions";

export const metadata: Metadata = { title: "VPN servers" };

export default async function VpnServersPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const actor = await requireStaff("vpn.servers.write");
  const canExport = await roleHasPermission(actor.role, "data.export");
  return (
    <div className="grid min-w-0 grid-cols-1 gap-6">
      <PageHeader
        title="VPN servers"
        description="Locations, their agents' last reports and whether each applied its latest peer set."
        actions={<ButtonLink href="/admin/vpn-servers/new">Add a location</ButtonLink>}
      />
      <ServerDataTable<VpnServerTableRow>
        id="server"
        caption="VPN servers"
        noun="locations"
        definition={vpnServersTable}
        searchParams={await searchParams}
        searchPlaceholder="Name, city or slug"
        rowLabel={(r) => r.name}
        columns={[
          {
            id: "name",
            header: "Location",
            hideable: false,
            cell: (s) => (
              <span className="grid">
                <LinkCell href={`/admin/vpn-servers/${s.id}`}>{s.name}</LinkCell>
                <span className="text-xs text-muted">
                  {s.slug} · {s.city}, {s.countryCode} {s.accessLevel === "vip" && <Badge tone="brand">VIP</Badge>} {!s.active && <Badge>Inactive</Badge>}
                </span>
              </span>
            ),
          },
          { id: "status", header: "Status", cell: (s) => <Badge tone={s.status === "online" ? "success" : "danger"} dot>{s.status === "online" ? "Online" : "Offline"}</Badge> },
          { id: "peers", header: "Peers", align: "right", cell: (s) => `${s.peerCount} / ${s.capacity}` },
          { id: "loadPermille", header: "Load", align: "right", cell: (s) => `${(s.loadPermille / 10).toFixed(1)}%` },
          {
            id: "serial",
            header: "Serial (applied)",
            cell: (s) => (
              <span className="whitespace-nowrap tabular-nums">
                {s.configSerial} ({s.appliedSerial}) {s.inSync ? <Badge tone="success">In sync</Badge> : <Badge tone="warning">Behind</Badge>}
              </span>
            ),
          },
          { id: "lastSeenAt", header: "Last report", cell: (s) => <DateCell value={s.lastSeenAt} time /> },
        ]}
        exportHref={canExport ? "/admin/export/vpn-servers" : undefined}
        empty={{ title: "No locations found", description: "Add a location, then issue its agent token." }}
      />
    </div>
  );
}
