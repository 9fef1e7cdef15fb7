import type { Metadata } from "next";
import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { ButtonLink } from "@/components/ui/button";
import { Card, CardContent } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { requireStaff } from "@/lib/auth/guards";
import { formatDateTime } from "@/lib/format/dates";
import { listServersAdmin } from "@/lib/vpn/admin";

export const metadata: Metadata = { title: "VPN servers" };

export default async function VpnServersPage() {
  await requireStaff("vpn.servers.write");
  const servers = await listServersAdmin();
  return (
    <div className="grid gap-6">
      <PageHeader
        title="VPN servers"
        description="Locations, their agents' last reports and whether each applied its latest peer set."
        actions={<ButtonLink href="/admin/vpn-servers/new">Add a location</ButtonLink>}
      />
      {servers.length === 0 ? (
        <EmptyState title="No locations yet" description="Add a location, then issue its agent token." />
      ) : (
        <Card>
          <CardContent className="overflow-x-auto pt-5">
            <table className="w-full text-left text-sm">
              <thead className="text-xs text-muted uppercase">
                <tr>
                  <th scope="col" className="py-2 pr-4 font-medium">Location</th>
                  <th scope="col" className="py-2 pr-4 font-medium">Status</th>
                  <th scope="col" className="py-2 pr-4 font-medium">Peers</th>
                  <th scope="col" className="py-2 pr-4 font-medium">Load</th>
                  <th scope="col" className="py-2 pr-4 font-medium">Serial (applied)</th>
                  <th scope="col" className="py-2 font-medium">Last report</th>
                </tr>
              </thead>
              <tbody className="divide-y divide-border">
                {servers.map((s) => (
                  <tr key={s.id} data-testid="server-row">
                    <td className="py-2 pr-4">
                      <Link href={`/admin/vpn-servers/${s.id}`} className="font-medium text-brand hover:underline">
                        {s.name}
                      </Link>
                      <p className="text-xs text-muted">
                        {s.slug} · {s.city}, {s.countryCode} {s.accessLevel === "vip" && <Badge tone="brand">VIP</Badge>} {!s.active && <Badge>Inactive</Badge>}
                      </p>
                    </td>
                    <td className="py-2 pr-4">
                      <Badge tone={s.status === "online" ? "success" : "danger"} dot>
                        {s.status === "online" ? "Online" : "Offline"}
                      </Badge>
                    </td>
                    <td className="py-2 pr-4 tabular-nums">
                      {s.peerCount} / {s.capacity}
                    </td>
                    <td className="py-2 pr-4 tabular-nums">{(s.loadPermille / 10).toFixed(1)}%</td>
                    <td className="py-2 pr-4 tabular-nums">
                      {s.sync.desiredSerial} ({s.sync.appliedSerial}) {s.sync.inSync ? <Badge tone="success">In sync</Badge> : <Badge tone="warning">Behind</Badge>}
                    </td>
                    <td className="py-2 whitespace-nowrap text-muted">{formatDateTime(s.lastSeenAt)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </CardContent>
        </Card>
      )}
    </div>
  );
}
