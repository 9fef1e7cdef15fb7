/**
 * Address allocation at scale: 50,000 devices from the default pools (100.96.0.0/16 + fd5c:7a10:9e00::/64), each
 * allocated the way addDevice does it (one write transaction: pick the next candidate, insert the device), then
 * checked for collisions. Prints the rate, and the per-allocation cost early vs. late to show it does not grow with
 * the number of devices (no scan of allocated addresses).
 *
 *   npx tsx --conditions=react-server bench/vpn-addresses.ts [count]
 */
import { sql } from "drizzle-orm";
import { vpnDb } from "@/db/vpn/client";
import { devices } from "@/db/vpn/schema";
import { allocateAddresses, poolLayout } from "@/lib/vpn/addresses";
import { addDevice, deleteDevice } from "@/lib/vpn/devices";
import { benchDatabases, fakeKey, planFor } from "./vpn-bench-support";

const COUNT = Number(process.argv[2] ?? 50_000);
const temp = await benchDatabases();
try {
  const layout = poolLayout({ ipv4Pool: "100.96.0.0/16", ipv6Pool: "fd5c:7a10:9e00::/64" });
  const { userId, serviceId } = await planFor(10); // the allocator does not look at limits; addDevice does
  const db = vpnDb();

  const allocateOne = (i: number) =>
    db.transaction(async (tx) => {
      const a = await allocateAddresses(tx, layout);
      await tx.insert(devices).values({ userId, serviceId, name: `d${i}`, publicKey: fakeKey(), ipv4: a.ipv4, ipv6: a.ipv6, addressIndex: a.offset });
    });

  const windows: Array<{ from: number; perMs: number }> = [];
  const started = performance.now();
  let windowStart = started;
  const BATCH = 50; // 50 concurrent allocations at a time, as 50 simultaneous adds would issue them
  for (let i = 0; i < COUNT; i += BATCH) {
    await Promise.all(Array.from({ length: Math.min(BATCH, COUNT - i) }, (_, j) => allocateOne(i + j)));
    if ((i + BATCH) % 5000 === 0 || i + BATCH >= COUNT) {
      const now = performance.now();
      windows.push({ from: i + BATCH, perMs: (now - windowStart) / 5000 });
      windowStart = now;
    }
  }
  const elapsed = performance.now() - started;
  const [check] = await db.all<{ n: number; v4: number; v6: number }>(sql`select count(*) as n, count(distinct ipv4) as v4, count(distinct ipv6) as v6 from ${devices}`);
  if (!check || check.n !== COUNT || check.v4 !== COUNT || check.v6 !== COUNT) throw new Error(`collision or loss: ${JSON.stringify(check)}`);

  // The full addDevice path (validation, limit check, audit, serial bump, notice) for comparison, on the filled pool.
  const full = await planFor(1000);
  const t0 = performance.now();
  const added = [];
  for (let i = 0; i < 500; i++) added.push(await addDevice(full.userId, { name: `full ${i}`, keyMode: "browser", publicKey: fakeKey() }, { email: null }));
  const fullMs = (performance.now() - t0) / 500;
  for (const d of added.slice(0, 100)) await deleteDevice(full.userId, d.id);

  console.log(`vpn-addresses: ${COUNT} allocations, no collisions (distinct v4 = distinct v6 = ${check.n})`);
  console.log(`  total ${(elapsed / 1000).toFixed(2)} s → ${Math.round(COUNT / (elapsed / 1000))} allocations/s (${(elapsed / COUNT).toFixed(3)} ms each, 50 concurrent)`);
  console.log(`  per allocation at 5k: ${windows[0]!.perMs.toFixed(3)} ms, at ${windows.at(-1)!.from}: ${windows.at(-1)!.perMs.toFixed(3)} ms (ratio ${(windows.at(-1)!.perMs / windows[0]!.perMs).toFixed(2)})`);
  console.log(`  full addDevice on a pool of ${COUNT}: ${fullMs.toFixed(2)} ms each`);
} finally {
  temp.cleanup();
}
