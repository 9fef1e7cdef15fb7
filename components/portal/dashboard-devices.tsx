import { MonitorSmartphone } from "lucide-react";
import Link from "next/link";
import { StatusBadge } from "@/components/ui/badge";
import { ButtonLink } from "@/components/ui/button-link";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { formatBytes } from "@/components/vpn/format";
import { formatDateTime } from "@/lib/format/dates";
import type { DeviceView } from "@/lib/vpn/devices";

const SHOWN = 5;

/**
 * The dashboard's devices card: each device's online status, last handshake and data this month. Without devices
 * it leads to one next step: add a device when the plan is active, else choose a plan (as the devices page decides).
 */
export function DashboardDevices({ devices, canAdd }: { devices: DeviceView[]; canAdd: boolean }) {
  const shown = devices.slice(0, SHOWN);
  return (
    <Card as="section" aria-labelledby="portal-devices">
      <CardHeader className="flex-row items-center justify-between gap-4">
        <CardTitle id="portal-devices">Devices</CardTitle>
        {devices.length > 0 && (
          <Link href="/portal/devices" className="text-sm font-medium text-brand hover:underline">
            All devices
          </Link>
        )}
      </CardHeader>
      <CardContent>
        {shown.length === 0 ? (
          canAdd ? (
            <EmptyState
              bordered={false}
              size="sm"
              icon={MonitorSmartphone}
              title="No devices yet"
              description="Add a phone or computer, then scan the QR code with the WireGuard app."
              action={<ButtonLink href="/portal/devices">Add your first device</ButtonLink>}
            />
          ) : (
            <EmptyState
              bordered={false}
              size="sm"
              icon={MonitorSmartphone}
              title="No devices yet"
              description="You need an active VPN plan before you can add devices."
              action={<ButtonLink href="/vpn">Choose a plan</ButtonLink>}
            />
          )
        ) : (
          <ul className="divide-y divide-border text-sm" data-testid="dashboard-devices">
            {shown.map((device) => (
              <li key={device.id} className="grid gap-1 py-3 first:pt-0 last:pb-0">
                <div className="flex flex-wrap items-center justify-between gap-2">
                  <span className="min-w-0 truncate font-medium text-fg">{device.name}</span>
                  <StatusBadge status={device.status === "disabled" ? "disabled" : device.online ? "online" : "offline"} />
                </div>
                <p className="flex flex-wrap gap-x-4 gap-y-1 text-muted">
                  <span>
                    Last handshake:{" "}
                    {device.lastHandshakeAt ? <time dateTime={device.lastHandshakeAt.toISOString()}>{formatDateTime(device.lastHandshakeAt)}</time> : "never"}
                  </span>
                  <span>
                    This month: <span className="tabular-nums">{formatBytes(device.usage.rxBytes + device.usage.txBytes)}</span>
                  </span>
                </p>
              </li>
            ))}
          </ul>
        )}
      </CardContent>
    </Card>
  );
}
