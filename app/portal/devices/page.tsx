import { MonitorSmartphone } from "lucide-react";
import type { Metadata } from "next";
import { DevicesManager, type ClientDevice } from "@/components/vpn/devices-manager";
import { Alert } from "@/components/ui/alert";
import { ButtonLink } from "@/components/ui/button-link";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { requireCustomer } from "@/lib/auth/guards";
import { formatDateTime } from "@/lib/format/dates";
import { listDevices } from "@/lib/vpn/devices";
import { getEntitlementSummary } from "@/lib/vpn/entitlements";
import { listLocationsForUser } from "@/lib/vpn/locations";

export const metadata: Metadata = { title: "Devices" };

const UPGRADE_HREF = "/vpn";

export default async function DevicesPage() {
  const actor = await requireCustomer();
  const [devices, summary, locations] = await Promise.all([
    listDevices(actor.userId),
    getEntitlementSummary(actor.userId),
    listLocationsForUser(actor.userId, actor.email),
  ]);
  const locationName = new Map(locations.map((l) => [l.id, `${l.name} (${l.city})`]));
  const active = summary.status === "active";
  const clientDevices: ClientDevice[] = devices.map((d) => ({
    id: d.id,
    name: d.name,
    platform: d.platform,
    keyMode: d.keyMode,
    publicKey: d.publicKey,
    ipv4: d.ipv4,
    status: d.status,
    disabledReason: d.disabledReason,
    online: d.online,
    lastHandshake: d.lastHandshakeAt ? formatDateTime(d.lastHandshakeAt) : null,
    lastLocation: d.lastServerId ? (locationName.get(d.lastServerId) ?? null) : null,
    usageBytes: d.usage.rxBytes + d.usage.txBytes,
  }));

  return (
    <div className="grid gap-6">
      <PageHeader
        title="Devices"
        description={
          active
            ? `Your plan allows ${summary.deviceLimit} ${summary.deviceLimit === 1 ? "device" : "devices"}; each gets a configuration for every location.`
            : "Each device you connect gets its own WireGuard key and a configuration for every location."
        }
      />
      {summary.status === "suspended" && (
        <Alert tone="warning" title="Your VPN access is suspended">
          Your devices can&apos;t connect until the service is active again. Check your invoices.
        </Alert>
      )}
      {devices.length === 0 &&
        (active ? (
          <EmptyState icon={MonitorSmartphone} title="Add your first device" description="Name it, and we make a configuration you can import into the WireGuard app." />
        ) : (
          <EmptyState
            icon={MonitorSmartphone}
            title="Choose a plan"
            description="You need an active VPN plan before you can add devices."
            action={<ButtonLink href={UPGRADE_HREF}>Choose a plan</ButtonLink>}
          />
        ))}
      <DevicesManager
        devices={clientDevices}
        locations={locations.map((l) => ({ slug: l.slug, name: l.name, city: l.city, countryCode: l.countryCode, recommended: l.recommended, vip: l.accessLevel === "vip" }))}
        canAdd={active}
        deviceLimit={summary.deviceLimit}
        upgradeHref={UPGRADE_HREF}
      />
    </div>
  );
}
