import type { Metadata } from "next";
import { Badge } from "@/components/ui/badge";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { StaffDeviceActions, VpnAccessForm } from "@/components/vpn/admin-forms";
import { DateCell, LinkCell, PersonCell, words } from "@/components/data-table/cells";
import { ServerDataTable } from "@/components/data-table/server-table";
import { vpnDevicesTable, type VpnDeviceTableRow } from "@/lib/admin/tables/definitions/vpn";
import { requireStaff } from "@/lib/auth/guards";
import { roleHasPermission } from "@/lib/auth/permissions";
import { ONLINE_WINDOW_MS } from "@/lib/vpn/status";

const isOnline = (at: Date | null) => Boolean(at && Date.now() - at.getTime() < ONLINE_WINDOW_MS);

export const metadata: Metadata = { title: "Devices" };

export default async function AdminDevicesPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const actor = await requireStaff("vpn.devices.write");
  const canExport = await roleHasPermission(actor.role, "data.export");
  return (
    <div className="grid gap-6">
      <PageHeader title="Devices" description="Customers' WireGuard devices across every location." />
      <Card as="section" aria-labelledby="access-title">
        <CardHeader>
          <CardTitle id="access-title">A customer&apos;s VPN access</CardTitle>
          <CardDescription>Suspending takes all of the customer&apos;s devices off every server within one agent interval; restoring puts them back.</CardDescription>
        </CardHeader>
        <CardContent>
          <VpnAccessForm />
        </CardContent>
      </Card>
      <section aria-labelledby="devices-title" className="grid min-w-0 gap-3">
        <h2 id="devices-title" className="text-lg font-semibold text-fg">
          All devices
        </h2>
        <ServerDataTable<VpnDeviceTableRow>
          id="admin-device"
          caption="Devices"
          noun="devices"
          definition={vpnDevicesTable}
          searchParams={await searchParams}
          searchPlaceholder="Name, public key (start of), address or owner email"
          rowLabel={(d) => d.name}
          columns={[
            {
              id: "name",
              header: "Device",
              hideable: false,
              cell: (d) => (
                <span className="grid">
                  <LinkCell href={`/admin/devices/${d.id}`}>{d.name}</LinkCell>
                  <span className="max-w-64 truncate font-mono text-xs text-muted">{d.publicKey}</span>
                  <span className="text-xs text-muted">{d.ipv4}</span>
                </span>
              ),
            },
            { id: "owner", header: "Customer", cell: (d) => <PersonCell id={d.userId} email={d.userEmail} /> },
            { id: "platform", header: "Platform", cell: (d) => words(d.platform) },
            {
              id: "status",
              header: "Status",
              cell: (d) =>
                d.status === "disabled" ? (
                  <Badge>Disabled{d.disabledReason ? ` (${d.disabledReason})` : ""}</Badge>
                ) : (
                  <Badge tone={isOnline(d.lastHandshakeAt) ? "success" : "neutral"} dot>
                    {isOnline(d.lastHandshakeAt) ? "Online" : "Offline"}
                  </Badge>
                ),
            },
            { id: "lastHandshakeAt", header: "Last handshake", cell: (d) => <DateCell value={d.lastHandshakeAt} time /> },
            { id: "createdAt", header: "Added", cell: (d) => <DateCell value={d.createdAt} /> },
            { id: "actions", header: "Actions", hideable: false, cell: (d) => <StaffDeviceActions userId={d.userId} deviceId={d.id} name={d.name} status={d.status as "active" | "disabled"} /> },
          ]}
          exportHref={canExport ? "/admin/export/vpn-devices" : undefined}
          empty={{ title: "No devices found", description: "Devices appear when customers add them in the portal." }}
        />
      </section>
    </div>
  );
}
