import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { newId } from "@/db/columns";
import { identityDb } from "@/db/identity/client";
import { users } from "@/db/identity/schema";
import { opsDb } from "@/db/ops/client";
import { emailOutbox, notifications } from "@/db/ops/schema";
import { vpnDb } from "@/db/vpn/client";
import { addressQuarantine, devices, entitlements, servers } from "@/db/vpn/schema";
import type { ProvisioningContext as BillingContext } from "@/lib/provisioning/types";
import type { TempDatabases } from "@/lib/testing/temp-databases";
import { desiredPeerSet } from "./agent-api";
import { addDevice, listDevices, setDeviceEnabled } from "./devices";
import { getEntitlementSummary } from "./entitlements";
import { vpnBillingModule, vpnProvisioningModule as vpn } from "./provisioning-module";
import { browserKey, createServer, customerWithPlan, setupVpnTest } from "./testing/fixtures";

let temp: TempDatabases;
let pub: Awaited<ReturnType<typeof createServer>>;
let pub2: Awaited<ReturnType<typeof createServer>>;
let vipServer: Awaited<ReturnType<typeof createServer>>;

beforeAll(async () => {
  temp = await setupVpnTest();
  pub = await createServer();
  pub2 = await createServer();
  vipServer = await createServer({ accessLevel: "vip" });
});
afterAll(() => temp?.cleanup());

const add = (userId: string, name: string, email: string | null = null) =>
  addDevice(userId, { name, keyMode: "browser", publicKey: browserKey().publicKey }, { email });
const keysOn = async (serverId: string) => (await desiredPeerSet(serverId, { recordFetch: false })).peers.map((p) => p.publicKey);
const serialOf = async (serverId: string) => (await vpnDb().select({ s: servers.configSerial }).from(servers).where(eq(servers.id, serverId)))[0]!.s;

describe("VPN provisioning module", () => {
  it("activate grants the entitlement once; repeating it changes nothing", async () => {
    const userId = newId();
    const ctx = { serviceId: newId(), userId, email: "Buyer@Example.test", config: { deviceLimit: 2, vipAccess: false } };
    expect(await vpn.activate(ctx)).toEqual({ changed: true });
    expect(await vpn.activate(ctx)).toEqual({ changed: false });
    const rows = await vpnDb().select().from(entitlements).where(eq(entitlements.userId, userId));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ status: "active", deviceLimit: 2, vipAccess: false, email: "buyer@example.test" });
    expect(await getEntitlementSummary(userId)).toMatchObject({ status: "active", deviceLimit: 2, activeDevices: 0 });
    // A service cannot move to another user.
    await expect(vpn.activate({ ...ctx, userId: newId() })).rejects.toMatchObject({ code: "CONFLICT" });
  });

  it("suspend removes the customer's peers from every server; unsuspend restores them; both idempotent", async () => {
    const { userId, ctx } = await customerWithPlan({ deviceLimit: 3 });
    const other = await customerWithPlan();
    const mine = await add(userId, "mine");
    const theirs = await add(other.userId, "theirs");
    for (const s of [pub, pub2]) expect(await keysOn(s.id)).toEqual(expect.arrayContaining([mine.publicKey, theirs.publicKey]));

    const before = await Promise.all([pub, pub2].map((s) => serialOf(s.id)));
    expect(await vpn.suspend(ctx)).toEqual({ changed: true });
    expect(await vpn.suspend(ctx)).toEqual({ changed: false });
    const after = await Promise.all([pub, pub2].map((s) => serialOf(s.id)));
    expect(after).toEqual(before.map((s) => s + 1));
    for (const s of [pub, pub2]) {
      const keys = await keysOn(s.id);
      expect(keys).not.toContain(mine.publicKey);
      expect(keys).toContain(theirs.publicKey);
    }
    // Re-delivered activation does not lift a suspension.
    expect(await vpn.activate(ctx)).toEqual({ changed: false });
    expect(await keysOn(pub.id)).not.toContain(mine.publicKey);
    expect((await listDevices(userId)).map((d) => d.status)).toEqual(["active"]); // devices kept

    expect(await vpn.unsuspend(ctx)).toEqual({ changed: true });
    expect(await vpn.unsuspend(ctx)).toEqual({ changed: false });
    for (const s of [pub, pub2]) expect(await keysOn(s.id)).toContain(mine.publicKey);
  });

  it("a lower limit disables the newest devices and tells the customer; a higher one brings them back", async () => {
    const { userId, email, ctx } = await customerWithPlan({ deviceLimit: 4 });
    const d1 = await add(userId, "first");
    const d2 = await add(userId, "second");
    const d3 = await add(userId, "third");
    const d4 = await add(userId, "fourth");
    await setDeviceEnabled(userId, d2.id, false); // the customer's own choice stays untouched

    const down = await vpn.changePackage({ ...ctx, config: { deviceLimit: 1, vipAccess: false } });
    expect(down.changed).toBe(true);
    expect(down.disabledDeviceIds?.sort()).toEqual([d3.id, d4.id].sort());
    const statuses = Object.fromEntries((await listDevices(userId)).map((d) => [d.name, [d.status, d.disabledReason]]));
    expect(statuses).toEqual({ first: ["active", null], second: ["disabled", "user"], third: ["disabled", "plan_limit"], fourth: ["disabled", "plan_limit"] });
    expect(await keysOn(pub.id)).toEqual(expect.arrayContaining([d1.publicKey]));
    expect(await keysOn(pub.id)).not.toContain(d4.publicKey);
    const feed = await opsDb().select().from(notifications).where(and(eq(notifications.userId, userId), eq(notifications.kind, "vpn.devices_disabled")));
    expect(feed).toHaveLength(1);
    expect(feed[0]!.title).toContain("2 devices");
    expect((await opsDb().select().from(emailOutbox).where(eq(emailOutbox.toAddress, email))).length).toBeGreaterThan(0);
    expect(await vpn.changePackage({ ...ctx, config: { deviceLimit: 1, vipAccess: false } })).toEqual({ changed: false });
    await expect(add(userId, "fifth")).rejects.toMatchObject({ code: "CONFLICT" });

    const up = await vpn.changePackage({ ...ctx, config: { deviceLimit: 2, vipAccess: false } });
    expect(up.enabledDeviceIds).toEqual([d3.id]); // oldest plan-disabled first
    expect((await listDevices(userId)).find((d) => d.id === d4.id)?.status).toBe("disabled");
  });

  it("VIP access from the plan puts devices on VIP-only servers", async () => {
    const { userId, ctx } = await customerWithPlan({ deviceLimit: 2 });
    const device = await add(userId, "vip-to-be");
    expect(await keysOn(vipServer.id)).not.toContain(device.publicKey);
    const serial = await serialOf(vipServer.id);
    await vpn.changePackage({ ...ctx, config: { deviceLimit: 2, vipAccess: true } });
    expect(await serialOf(vipServer.id)).toBe(serial + 1);
    expect(await keysOn(vipServer.id)).toContain(device.publicKey);
    await vpn.changePackage({ ...ctx, config: { deviceLimit: 2, vipAccess: false } });
    expect(await serialOf(vipServer.id)).toBe(serial + 2); // losing VIP must also reach the VIP server
    expect(await keysOn(vipServer.id)).not.toContain(device.publicKey);
  });

  it("terminate deletes the devices and quarantines their addresses; repeating it is harmless", async () => {
    const { userId, ctx } = await customerWithPlan({ deviceLimit: 2 });
    const a = await add(userId, "a");
    const b = await add(userId, "b");
    expect(await vpn.terminate(ctx)).toEqual({ changed: true });
    expect(await vpn.terminate(ctx)).toEqual({ changed: false });
    expect(await vpnDb().select().from(devices).where(eq(devices.userId, userId))).toEqual([]);
    const quarantined = (await vpnDb().select().from(addressQuarantine)).map((q) => q.address);
    expect(quarantined).toEqual(expect.arrayContaining([a.ipv4, a.ipv6, b.ipv4, b.ipv6]));
    expect(await keysOn(pub.id)).not.toContain(a.publicKey);
    expect(await vpn.activate(ctx)).toEqual({ changed: false }); // a late activation does not resurrect it
    expect(await vpn.unsuspend(ctx)).toEqual({ changed: false });
    expect((await getEntitlementSummary(userId)).status).toBe("terminated");
  });

  it("bridges to lib/provisioning's interface (customerId, productConfig, step log)", async () => {
    const customerId = newId();
    await identityDb().insert(users).values({ id: customerId, email: "bridge@example.test" });
    const log: string[] = [];
    const ctx: BillingContext = {
      serviceId: newId(),
      customerId,
      productConfig: { deviceLimit: 3, vipAccess: false },
      serviceConfig: {},
      action: "create",
      attempt: 1,
      now: new Date(),
      log: async (step, message) => void log.push(`${step}: ${message}`),
    };
    expect(await vpnBillingModule.activate(ctx)).toEqual({ label: "Up to 3 devices" });
    await vpnBillingModule.suspend({ ...ctx, action: "suspend" });
    await vpnBillingModule.suspend({ ...ctx, action: "suspend" });
    expect(log).toEqual([
      "Grant VPN access: Done.",
      "Suspend VPN access: Done.",
      "Suspend VPN access: Already done; nothing changed.",
    ]);
    const [row] = await vpnDb().select().from(entitlements).where(eq(entitlements.serviceId, ctx.serviceId));
    expect(row).toMatchObject({ userId: customerId, email: "bridge@example.test", status: "suspended", deviceLimit: 3 });
    await expect(vpnBillingModule.activate({ ...ctx, serviceId: newId(), productConfig: { deviceLimit: "lots" } })).rejects.toThrow(/deviceLimit/);
  });
});
