import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { opsDb } from "@/db/ops/client";
import { settings } from "@/db/ops/schema";
import { vpnDb } from "@/db/vpn/client";
import { addressQuarantine, devices } from "@/db/vpn/schema";
import type { TempDatabases } from "@/lib/testing/temp-databases";
import { addressesForOffset, offsetOfAddress, poolLayout, serverAddresses } from "./addresses";
import { addDevice, deleteDevice } from "./devices";
import { browserKey, customerWithPlan, setupVpnTest } from "./testing/fixtures";

const run = promisify(execFile);
let temp: TempDatabases;

beforeAll(async () => {
  temp = await setupVpnTest();
});
afterAll(() => temp?.cleanup());

const add = (userId: string, name = "device") => addDevice(userId, { name, platform: "linux", keyMode: "browser", publicKey: browserKey().publicKey }, { email: null });

describe("pool layout", () => {
  const layout = poolLayout({ ipv4Pool: "100.96.0.0/16", ipv6Pool: "fd5c:7a10:9e00::/64" });

  it("maps one offset to both families and reserves network, server and broadcast", () => {
    expect(serverAddresses(layout)).toEqual({ ipv4: "100.96.0.1", ipv6: "fd5c:7a10:9e00::1" });
    expect(addressesForOffset(layout, 2)).toEqual({ ipv4: "100.96.0.2", ipv6: "fd5c:7a10:9e00::2" });
    expect(addressesForOffset(layout, 258)).toEqual({ ipv4: "100.96.1.2", ipv6: "fd5c:7a10:9e00::102" });
    expect(layout.maxOffset).toBe(65534);
    expect(addressesForOffset(layout, 65534).ipv4).toBe("100.96.255.254");
    expect(() => addressesForOffset(layout, 65535)).toThrow(RangeError); // broadcast
    expect(offsetOfAddress(layout, "100.96.1.2")).toBe(258);
    expect(offsetOfAddress(layout, "fd5c:7a10:9e00::102")).toBe(258);
    expect(offsetOfAddress(layout, "100.96.0.1")).toBeNull(); // the servers' address is never a device's
    expect(offsetOfAddress(layout, "10.0.0.5")).toBeNull();
  });

  it("normalises pools given with host bits and bounds by the smaller pool", () => {
    const small = poolLayout({ ipv4Pool: "10.1.2.3/24", ipv6Pool: "fd00::/120" });
    expect(addressesForOffset(small, 2)).toEqual({ ipv4: "10.1.2.2", ipv6: "fd00::2" });
    expect(small.maxOffset).toBe(254);
  });
});

describe("allocation", () => {
  it("gives every device a stable, distinct v4+v6 pair starting at .2", async () => {
    const { userId } = await customerWithPlan({ deviceLimit: 10 });
    const first = await add(userId);
    const second = await add(userId);
    expect(first.ipv4).toBe("100.96.0.2");
    expect(first.ipv6).toBe("fd5c:7a10:9e00::2");
    expect(second.ipv4).toBe("100.96.0.3");
  });

  it("50 concurrent adds in one process never collide", async () => {
    const { userId } = await customerWithPlan({ deviceLimit: 100 });
    const added = await Promise.all(Array.from({ length: 50 }, (_, i) => add(userId, `concurrent ${i}`)));
    expect(new Set(added.map((d) => d.ipv4)).size).toBe(50);
    expect(new Set(added.map((d) => d.ipv6)).size).toBe(50);
  });

  it("50 concurrent adds from 5 separate app instances (processes) never collide, and the limit holds across them", async () => {
    const big = await customerWithPlan({ deviceLimit: 1000 });
    const small = await customerWithPlan({ deviceLimit: 7 });
    const worker = path.join(import.meta.dirname, "testing/allocate-worker.ts");
    const spawnInstance = async (userId: string, count: number) => {
      const { stdout } = await run(process.execPath, ["--import", "tsx", "--conditions=react-server", worker, userId, String(count)], {
        env: { ...process.env },
        cwd: path.resolve(import.meta.dirname, "../.."),
      });
      return JSON.parse(stdout) as Array<{ ok: true; ipv4: string; ipv6: string } | { ok: false; code: string }>;
    };
    const outcomes = (
      await Promise.all([
        ...Array.from({ length: 5 }, () => spawnInstance(big.userId, 10)),
        ...Array.from({ length: 3 }, () => spawnInstance(small.userId, 4)),
      ])
    ).flat();
    const ok = outcomes.filter((o): o is { ok: true; ipv4: string; ipv6: string } => o.ok);
    expect(ok).toHaveLength(50 + 7);
    expect(outcomes.filter((o) => !o.ok).map((o) => (o as { code: string }).code)).toEqual(Array(5).fill("CONFLICT"));
    const all = await vpnDb().select({ ipv4: devices.ipv4, ipv6: devices.ipv6 }).from(devices);
    expect(new Set(all.map((d) => d.ipv4)).size).toBe(all.length);
    expect(new Set(all.map((d) => d.ipv6)).size).toBe(all.length);
  }, 60_000);

  it("quarantines freed addresses: the newest device's address is not handed straight back", async () => {
    const { userId } = await customerWithPlan({ deviceLimit: 10 });
    const device = await add(userId);
    await deleteDevice(userId, device.id);
    const [q] = await vpnDb().select().from(addressQuarantine).where(eq(addressQuarantine.address, device.ipv4));
    expect(q!.availableAt.getTime() - q!.releasedAt.getTime()).toBe(7 * 86_400_000);
    const next = await add(userId);
    expect(next.ipv4).not.toBe(device.ipv4);
    expect(offsetOfAddress(poolLayout({ ipv4Pool: "100.96.0.0/16", ipv6Pool: "fd5c:7a10:9e00::/64" }), next.ipv4)).toBeGreaterThan(
      offsetOfAddress(poolLayout({ ipv4Pool: "100.96.0.0/16", ipv6Pool: "fd5c:7a10:9e00::/64" }), device.ipv4)!,
    );
  });
});

describe("a full pool", () => {
  let localTemp: TempDatabases;
  beforeEach(async () => {
    localTemp?.cleanup();
    localTemp = await setupVpnTest();
    // Offsets 2..6: five device addresses.
    await opsDb()
      .insert(settings)
      .values([
        { key: "vpn.ipv4Pool", value: "10.99.0.0/29" },
        { key: "vpn.addressQuarantineDays", value: 3 },
      ]);
  });
  afterAll(() => localTemp?.cleanup());

  it("reuses a quarantined address only once its quarantine ended, then reports exhaustion", async () => {
    const { userId } = await customerWithPlan({ deviceLimit: 10 });
    const held = [];
    for (let i = 0; i < 5; i++) held.push(await add(userId, `d${i}`));
    expect(held.map((d) => d.ipv4)).toEqual(["10.99.0.2", "10.99.0.3", "10.99.0.4", "10.99.0.5", "10.99.0.6"]);
    await expect(add(userId)).rejects.toMatchObject({ code: "UNAVAILABLE" });

    const released = new Date();
    await deleteDevice(userId, held[1]!.id, { now: released });
    // Still quarantined (3 days): no address for anyone.
    await expect(addDevice(userId, { name: "x", keyMode: "browser", publicKey: browserKey().publicKey }, { now: new Date(released.getTime() + 2 * 86_400_000) })).rejects.toMatchObject({
      code: "UNAVAILABLE",
    });
    const later = new Date(released.getTime() + 3 * 86_400_000 + 1);
    const reused = await addDevice(userId, { name: "reuse", keyMode: "browser", publicKey: browserKey().publicKey }, { now: later, email: null });
    expect(reused.ipv4).toBe("10.99.0.3");
    expect(reused.ipv6).toBe(held[1]!.ipv6);
    expect(await vpnDb().select().from(addressQuarantine)).toHaveLength(0);
  });

  it("finds gaps nobody accounts for (addresses from before the allocator kept offsets)", async () => {
    const { userId } = await customerWithPlan({ deviceLimit: 10 });
    for (let i = 0; i < 5; i++) await add(userId, `d${i}`);
    // Simulate a device removed outside the allocator (no quarantine row): offset 4 becomes a plain gap.
    await vpnDb().delete(devices).where(eq(devices.ipv4, "10.99.0.4"));
    const filled = await add(userId, "gap");
    expect(filled.ipv4).toBe("10.99.0.4");
  });
});
