import "server-only";
/**
 * Stable per-device addresses. A device gets one pool offset `n` and with it both addresses:
 * ipv4 = v4 pool + n and ipv6 = v6 pool + n (100.96.1.2 ↔ fd5c:7a10:9e00::102), the same at every location.
 * Offset 0 is the network address and 1 the servers' own tunnel address (100.96.0.1); the IPv4 broadcast
 * address is never handed out.
 *
 * Picking a candidate is O(log n): the high-water mark (max offset ever handed out, counting quarantined ones)
 * + 1 while the pool lasts, then the longest-expired quarantined offset, then (only when the pool is nearly
 * full) an index-backed gap search. The UNIQUE indexes on devices.ipv4/ipv6 are the real guard: callers insert
 * inside a write transaction and retry on a unique violation, so concurrent allocations never share an address.
 */
import { and, asc, eq, gt, inArray, lte, max, sql } from "drizzle-orm";
import ipaddr from "ipaddr.js";
import { addressQuarantine, devices } from "@/db/vpn/schema";
import { AppError } from "@/lib/errors";
import type { VpnExecutor } from "./db";

/** The first offset handed to a device: 0 is the network, 1 the servers' tunnel address. */
export const FIRST_DEVICE_OFFSET = 2;
/** The offset of the servers' own tunnel address (100.96.0.1, fd5c:7a10:9e00::1). */
export const SERVER_OFFSET = 1;

export interface PoolLayout {
  ipv4Pool: string;
  ipv6Pool: string;
  /** Network address of the v4 pool as an unsigned 32-bit number. */
  v4Base: number;
  v6Base: bigint;
  /** Largest usable offset (the IPv4 broadcast address and the smaller pool bound it). */
  maxOffset: number;
}

export function poolLayout(pools: { ipv4Pool: string; ipv6Pool: string }): PoolLayout {
  const [v4, v4Bits] = ipaddr.IPv4.parseCIDR(pools.ipv4Pool);
  const [v6, v6Bits] = ipaddr.IPv6.parseCIDR(pools.ipv6Pool);
  if (v4Bits > 30) throw new AppError("VALIDATION", `IPv4 pool ${pools.ipv4Pool} is too small`);
  if (v6Bits > 126) throw new AppError("VALIDATION", `IPv6 pool ${pools.ipv6Pool} is too small`);
  const v4Size = 2 ** (32 - v4Bits);
  const v4Mask = v4Bits === 0 ? 0 : (~0 << (32 - v4Bits)) >>> 0;
  const v4Base = (v4ToNumber(v4) & v4Mask) >>> 0;
  const v6Size = 1n << BigInt(128 - v6Bits);
  const v6Base = v6ToBigInt(v6) & ~(v6Size - 1n);
  // Offsets live in SQLite INTEGER and JS numbers: the IPv4 pool (≤ 2^32) always bounds them.
  const maxOffset = Math.min(v4Size - 2, Number(v6Size > BigInt(v4Size) ? BigInt(v4Size) : v6Size - 1n));
  return { ipv4Pool: pools.ipv4Pool, ipv6Pool: pools.ipv6Pool, v4Base, v6Base, maxOffset };
}

/** The servers' tunnel addresses in a layout (what the server interface is configured with). */
export function serverAddresses(layout: PoolLayout): { ipv4: string; ipv6: string } {
  return addressesForOffset(layout, SERVER_OFFSET);
}

export function addressesForOffset(layout: PoolLayout, offset: number): { ipv4: string; ipv6: string } {
  if (!Number.isInteger(offset) || offset < 1 || offset > layout.maxOffset) throw new RangeError(`offset ${offset} outside the pool`);
  const v4 = (layout.v4Base + offset) >>> 0;
  const ipv4 = [v4 >>> 24, (v4 >>> 16) & 255, (v4 >>> 8) & 255, v4 & 255].join(".");
  const v6 = layout.v6Base + BigInt(offset);
  const bytes: number[] = [];
  for (let i = 15; i >= 0; i--) bytes.push(Number((v6 >> BigInt(i * 8)) & 0xffn));
  return { ipv4, ipv6: ipaddr.fromByteArray(bytes).toString() };
}

/** The pool offset of an address, or null when it is outside the current pools. */
export function offsetOfAddress(layout: PoolLayout, address: string): number | null {
  if (!ipaddr.isValid(address)) return null;
  const parsed = ipaddr.parse(address);
  let offset: number;
  if (parsed.kind() === "ipv4") offset = v4ToNumber(parsed as ipaddr.IPv4) - layout.v4Base;
  else {
    const diff = v6ToBigInt(parsed as ipaddr.IPv6) - layout.v6Base;
    if (diff < 0n || diff > BigInt(layout.maxOffset)) return null;
    offset = Number(diff);
  }
  return offset >= FIRST_DEVICE_OFFSET && offset <= layout.maxOffset ? offset : null;
}

export interface Allocation {
  offset: number;
  ipv4: string;
  ipv6: string;
}

/**
 * Picks the next free offset. Call inside the write transaction that inserts the device (SQLite's write lock then
 * makes pick + insert atomic); if the insert still hits the unique index (another writer on a remote database,
 * or an address taken outside the allocator), retry the transaction.
 */
export async function allocateAddresses(tx: VpnExecutor, layout: PoolLayout, now: Date = new Date()): Promise<Allocation> {
  // 1. Fresh addresses above the high-water mark. Quarantined offsets count towards it, so deleting the newest
  //    device does not hand its address straight back out.
  const [deviceMax] = await tx.select({ m: max(devices.addressIndex) }).from(devices);
  const [quarantineMax] = await tx.select({ m: max(addressQuarantine.addressIndex) }).from(addressQuarantine);
  const highWater = Math.max(deviceMax?.m ?? 0, quarantineMax?.m ?? 0, FIRST_DEVICE_OFFSET - 1);
  if (highWater < layout.maxOffset) return { offset: highWater + 1, ...addressesForOffset(layout, highWater + 1) };

  // 2. The pool's fresh range is used up: reuse the address whose quarantine ended longest ago.
  const expired = await tx
    .select({ address: addressQuarantine.address })
    .from(addressQuarantine)
    .where(
      and(
        eq(addressQuarantine.family, "ipv4"),
        lte(addressQuarantine.availableAt, now),
        sql`not exists (select 1 from ${devices} d where d.ipv4 = ${addressQuarantine.address})`,
      ),
    )
    .orderBy(asc(addressQuarantine.availableAt))
    .limit(20);
  for (const row of expired) {
    const offset = offsetOfAddress(layout, row.address);
    if (offset === null) {
      // Released from an earlier pool: it can never be handed out again, so stop tripping over it.
      await tx.delete(addressQuarantine).where(eq(addressQuarantine.address, row.address));
      continue;
    }
    const candidate = addressesForOffset(layout, offset);
    // Both families were quarantined together; the v6 twin must be free too.
    const [blocked] = await tx.all<{ n: number }>(sql`
      select 1 as n from ${addressQuarantine} where address = ${candidate.ipv6} and available_at > ${now.getTime()}
      union all select 1 from ${devices} where ipv6 = ${candidate.ipv6} limit 1`);
    if (blocked) continue;
    await tx.delete(addressQuarantine).where(inArray(addressQuarantine.address, [candidate.ipv4, candidate.ipv6]));
    return { offset, ...candidate };
  }

  // 3. Gaps nobody accounts for (e.g. rows from before address_index existed, or a pool change): the first offset
  //    whose successor is neither held nor quarantined, found through the address_index indexes.
  const gap = await tx.get<{ candidate: number | null }>(sql`
    select min(c) as candidate from (
      select ${FIRST_DEVICE_OFFSET} as c
      union all select ${devices.addressIndex} + 1 from ${devices} where ${devices.addressIndex} is not null
      union all select ${addressQuarantine.addressIndex} + 1 from ${addressQuarantine} where ${addressQuarantine.addressIndex} is not null
    ) where c <= ${layout.maxOffset}
      and not exists (select 1 from ${devices} d where d.address_index = c)
      and not exists (select 1 from ${addressQuarantine} q where q.address_index = c)`);
  if (gap?.candidate != null) return { offset: gap.candidate, ...addressesForOffset(layout, gap.candidate) };

  throw new AppError("UNAVAILABLE", "The VPN address pool is exhausted. Please contact support.");
}

/**
 * Moves a device's addresses into quarantine until `now + days`. Call in the transaction that deletes the device
 * (or changes its addresses).
 */
export async function releaseDeviceAddresses(
  tx: VpnExecutor,
  device: { id: string; ipv4: string; ipv6: string; addressIndex: number | null },
  options: { quarantineDays: number; now?: Date },
): Promise<void> {
  const now = options.now ?? new Date();
  const availableAt = new Date(now.getTime() + options.quarantineDays * 86_400_000);
  const rows = (["ipv4", "ipv6"] as const).map((family) => ({
    address: device[family],
    family,
    formerDeviceId: device.id,
    addressIndex: device.addressIndex,
    releasedAt: now,
    availableAt,
  }));
  await tx
    .insert(addressQuarantine)
    .values(rows)
    .onConflictDoUpdate({
      target: addressQuarantine.address,
      set: {
        formerDeviceId: sql`excluded.former_device_id`,
        addressIndex: sql`excluded.address_index`,
        releasedAt: sql`excluded.released_at`,
        availableAt: sql`excluded.available_at`,
      },
    });
}

/** Counts for admin: quarantined addresses still waiting, and the pool's size. */
export async function addressPoolUsage(db: VpnExecutor, layout: PoolLayout, now: Date = new Date()) {
  const [held] = await db.select({ n: sql<number>`count(*)` }).from(devices);
  const [waiting] = await db
    .select({ n: sql<number>`count(*)` })
    .from(addressQuarantine)
    .where(and(eq(addressQuarantine.family, "ipv4"), gt(addressQuarantine.availableAt, now)));
  return { size: layout.maxOffset - FIRST_DEVICE_OFFSET + 1, allocated: held?.n ?? 0, quarantined: waiting?.n ?? 0 };
}

function v4ToNumber(addr: ipaddr.IPv4): number {
  const [a, b, c, d] = addr.octets as [number, number, number, number];
  return ((a << 24) | (b << 16) | (c << 8) | d) >>> 0;
}

function v6ToBigInt(addr: ipaddr.IPv6): bigint {
  return addr.parts.reduce((acc, part) => (acc << 16n) | BigInt(part), 0n);
}
