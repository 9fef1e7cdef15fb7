import type { Metadata } from "next";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Input } from "@/components/ui/input";
import { PageHeader } from "@/components/ui/page-header";
import { StaffDeviceActions, VpnAccessForm } from "@/components/vpn/admin-forms";
import { requireStaff } from "@/lib/auth/guards";
import { formatDateTime } from "@/lib/format/dates";
import { searchDevicesAdmin } from "@/lib/vpn/staff";

export const metadata: Metadata = { title: "Devices" };

export default async function AdminDevicesPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requireStaff("vpn.devices.write");
  const raw = (await searchParams).q;
  const q = (Array.isArray(raw) ? raw[0] : raw)?.slice(0, 200) ?? "";
  const devices = await searchDevicesAdmin(q);
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
      <Card as="section" aria-labelledby="devices-title">
        <CardHeader>
          <CardTitle id="devices-title">Find devices</CardTitle>
        </CardHeader>
        <CardContent className="grid gap-4">
          <form method="get" className="flex flex-wrap items-end gap-2" role="search">
            <label htmlFor="device-search" className="sr-only">
              Search by device name, public key or customer email
            </label>
            <Input id="device-search" name="q" defaultValue={q} placeholder="Name, public key or email" className="min-w-0 flex-1" />
            <Button type="submit" variant="secondary">
              Search
            </Button>
          </form>
          <div className="overflow-x-auto">
            {devices.length === 0 ? (
              <p className="text-sm text-muted">{q ? "No device matches." : "No devices yet."}</p>
            ) : (
              <table className="w-full text-left text-sm">
                <thead className="text-xs text-muted uppercase">
                  <tr>
                    <th scope="col" className="py-2 pr-4 font-medium">Device</th>
                    <th scope="col" className="py-2 pr-4 font-medium">Customer</th>
                    <th scope="col" className="py-2 pr-4 font-medium">Status</th>
                    <th scope="col" className="py-2 pr-4 font-medium">Last handshake</th>
                    <th scope="col" className="py-2 font-medium">
                      <span className="sr-only">Actions</span>
                    </th>
                  </tr>
                </thead>
                <tbody className="divide-y divide-border">
                  {devices.map((d) => (
                    <tr key={d.id} data-testid="admin-device-row">
                      <td className="py-2 pr-4">
                        <p className="font-medium break-words text-fg">{d.name}</p>
                        <p className="font-mono text-xs break-all text-muted">{d.publicKey}</p>
                        <p className="text-xs text-muted">{d.ipv4}</p>
                      </td>
                      <td className="py-2 pr-4 break-all">{d.email ?? d.userId}</td>
                      <td className="py-2 pr-4">
                        {d.status === "disabled" ? (
                          <Badge>Disabled{d.disabledReason ? ` (${d.disabledReason})` : ""}</Badge>
                        ) : (
                          <Badge tone={d.online ? "success" : "neutral"} dot>
                            {d.online ? "Online" : "Offline"}
                          </Badge>
                        )}
                      </td>
                      <td className="py-2 pr-4 whitespace-nowrap text-muted">{formatDateTime(d.lastHandshakeAt)}</td>
                      <td className="py-2">
                        <StaffDeviceActions userId={d.userId} deviceId={d.id} name={d.name} status={d.status} />
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </div>
        </CardContent>
      </Card>
    </div>
  );
}
