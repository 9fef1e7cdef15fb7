/** Shared set-up for the VPN benchmarks: temp databases, a plan, and bulk-inserted devices. */
import { randomBytes } from "node:crypto";
import { newId } from "@/db/columns";
import { vpnDb } from "@/db/vpn/client";
import { devices, deviceServerKeys } from "@/db/vpn/schema";
import { useTempDatabases } from "@/lib/testing/temp-databases";
import { addressesForOffset, FIRST_DEVICE_OFFSET, poolLayout } from "@/lib/vpn/addresses";
import { activateEntitlement } from "@/lib/vpn/entitlements";
import { generatePresharedKey } from "@/lib/vpn/keys";
import { encryptPresharedKey } from "@/lib/vpn/secrets";

export async function benchDatabases() {
  process.env.AUTH_SECRET ??= "bench-secret-".padEnd(40, "x");
  process.env.ENCRYPTION_KEY ??= "7b".repeat(32);
  return useTempDatabases();
}

/** A random, well-formed WireGuard public key (the bench does not need real curve points). */
export const fakeKey = () => randomBytes(32).toString("base64");

export async function planFor(deviceLimit: number) {
  const userId = newId();
  const serviceId = newId();
  await activateEntitlement({ serviceId, userId, email: `${userId}@bench.test`, config: { deviceLimit, vipAccess: false } });
  return { userId, serviceId };
}

/** Inserts `count` active devices (spread over users of 5 devices each) with a preshared key for `serverId`. */
export async function bulkDevices(count: number, serverId: string | null): Promise<void> {
  const layout = poolLayout({ ipv4Pool: "100.96.0.0/16", ipv6Pool: "fd5c:7a10:9e00::/64" });
  const db = vpnDb();
  let plan = await planFor(5);
  for (let start = 0; start < count; start += 500) {
    const rows: Array<typeof devices.$inferInsert> = [];
    const keys: Array<typeof deviceServerKeys.$inferInsert> = [];
    for (let i = start; i < Math.min(count, start + 500); i++) {
      if (i % 5 === 0 && i > 0) plan = await planFor(5);
      const offset = FIRST_DEVICE_OFFSET + i;
      const id = newId();
      rows.push({ id, userId: plan.userId, serviceId: plan.serviceId, name: `bench ${i}`, publicKey: fakeKey(), addressIndex: offset, ...addressesForOffset(layout, offset) });
      if (serverId) keys.push({ deviceId: id, serverId, presharedKeyEncrypted: encryptPresharedKey(generatePresharedKey(), id, serverId) });
    }
    await db.insert(devices).values(rows);
    if (keys.length) await db.insert(deviceServerKeys).values(keys);
  }
}

export const ms = (n: number) => `${n.toFixed(1)} ms`;
export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}
