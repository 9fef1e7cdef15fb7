import { and, eq } from "drizzle-orm";
import { unzipSync, strFromU8 } from "fflate";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { opsDb } from "@/db/ops/client";
import { emailOutbox, notifications } from "@/db/ops/schema";
import { vpnDb } from "@/db/vpn/client";
import { addressQuarantine, auditLog, deviceServerKeys, devices, servers } from "@/db/vpn/schema";
import type { TempDatabases } from "@/lib/testing/temp-databases";
import { PRIVATE_KEY_PLACEHOLDER } from "./config";
import {
  addDevice,
  deleteDevice,
  DUPLICATE_KEY_MESSAGE,
  getDevice,
  getDeviceConfig,
  getDeviceConfigZip,
  INVALID_KEY_MESSAGE,
  listDevices,
  renameDevice,
  rotateDeviceKey,
  setDeviceEnabled,
} from "./devices";
import { suspendEntitlement } from "./entitlements";
import { isValidWireGuardKey, publicKeyFromPrivate } from "./keys";
import { listLocationsForUser, listPublicLocations } from "./locations";
import { addVip, browserKey, createServer, customerWithPlan, setupVpnTest } from "./testing/fixtures";

let temp: TempDatabases;
let fra: Awaited<ReturnType<typeof createServer>>;
let ams: Awaited<ReturnType<typeof createServer>>;
let vip: Awaited<ReturnType<typeof createServer>>;

beforeAll(async () => {
  temp = await setupVpnTest();
  fra = await createServer({ slug: "de-fra", name: "Frankfurt", endpointHost: "de-fra.vpn.skyport.test" });
  ams = await createServer({ slug: "nl-ams", name: "Amsterdam", endpointHost: "2001:db8::10" });
  vip = await createServer({ slug: "us-stl", name: "St. Louis (VIP)", accessLevel: "vip" });
});
afterAll(() => temp?.cleanup());

const browser = (name = "Laptop") => ({ name, platform: "linux" as const, keyMode: "browser" as const, publicKey: browserKey().publicKey });
const serials = async () => Object.fromEntries((await vpnDb().select({ slug: servers.slug, s: servers.configSerial }).from(servers)).map((r) => [r.slug, r.s]));

describe("adding devices", () => {
  it("rejects malformed and missing public keys with a field error", async () => {
    const { userId } = await customerWithPlan();
    for (const publicKey of ["nope", "", "  ", "A".repeat(44), browserKey().publicKey.slice(0, 43), undefined]) {
      await expect(addDevice(userId, { name: "x", keyMode: "browser", publicKey })).rejects.toMatchObject({
        code: "VALIDATION",
        fieldErrors: { publicKey: [INVALID_KEY_MESSAGE] },
      });
    }
  });

  it("rejects a public key that is already in use, by anyone", async () => {
    const a = await customerWithPlan();
    const b = await customerWithPlan();
    const input = browser();
    await addDevice(a.userId, input, { email: a.email });
    for (const userId of [a.userId, b.userId]) {
      await expect(addDevice(userId, { ...input, name: "copy" })).rejects.toMatchObject({ code: "VALIDATION", fieldErrors: { publicKey: [DUPLICATE_KEY_MESSAGE] } });
    }
  });

  it("stores names as typed plain text (markup kept, trimmed, control characters flattened) and limits length", async () => {
    const { userId, email } = await customerWithPlan({ deviceLimit: 5 });
    const markup = `  <img src=x onerror="alert(1)"> & <b>Bo's</b>\n\tpc  `;
    const device = await addDevice(userId, browser(markup), { email });
    expect(device.name).toBe(`<img src=x onerror="alert(1)"> & <b>Bo's</b> pc`);
    const [row] = await vpnDb().select({ name: devices.name }).from(devices).where(eq(devices.id, device.id));
    expect(row!.name).toBe(device.name);
    await expect(addDevice(userId, browser("x".repeat(51)))).rejects.toMatchObject({ code: "VALIDATION", fieldErrors: { name: [expect.stringContaining("50")] } });
    await expect(addDevice(userId, browser("   "))).rejects.toMatchObject({ code: "VALIDATION", fieldErrors: { name: expect.any(Array) } });
    await expect(addDevice(userId, { ...browser(), platform: "amiga" as never })).rejects.toMatchObject({ code: "VALIDATION", fieldErrors: { platform: expect.any(Array) } });
    expect((await addDevice(userId, browser("y".repeat(50)), { email })).name).toHaveLength(50);
  });

  it("needs an active plan", async () => {
    await expect(addDevice("no-such-user", browser())).rejects.toMatchObject({ code: "FORBIDDEN" });
    const { userId, ctx } = await customerWithPlan();
    await suspendEntitlement(ctx);
    await expect(addDevice(userId, browser())).rejects.toMatchObject({ code: "FORBIDDEN" });
  });

  it("enforces the device limit across all servers, counting enabled devices", async () => {
    const { userId, email } = await customerWithPlan({ deviceLimit: 2 });
    const one = await addDevice(userId, browser("one"), { email });
    await addDevice(userId, browser("two"), { email });
    // Configs for several locations do not use more of the limit: a device is one device everywhere.
    await getDeviceConfig(userId, one.id, "de-fra", { email });
    await getDeviceConfig(userId, one.id, "nl-ams", { email });
    await expect(addDevice(userId, browser("three"))).rejects.toMatchObject({ code: "CONFLICT", message: expect.stringContaining("2 devices") });
    await setDeviceEnabled(userId, one.id, false);
    const three = await addDevice(userId, browser("three"), { email });
    await expect(setDeviceEnabled(userId, one.id, true)).rejects.toMatchObject({ code: "CONFLICT" });
    await deleteDevice(userId, three.id);
    expect((await setDeviceEnabled(userId, one.id, true)).status).toBe("active");
  });

  it("two (or ten) simultaneous adds cannot exceed the limit", async () => {
    const { userId } = await customerWithPlan({ deviceLimit: 3 });
    const results = await Promise.allSettled(Array.from({ length: 10 }, (_, i) => addDevice(userId, browser(`race ${i}`), { email: null })));
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(3);
    expect(results.filter((r) => r.status === "rejected").every((r) => (r as PromiseRejectedResult).reason.code === "CONFLICT")).toBe(true);
  });

  it("caps disabled devices so a disable-and-add loop cannot drain the pool", async () => {
    const { userId } = await customerWithPlan({ deviceLimit: 1 });
    for (let i = 0; i < 6; i++) {
      const d = await addDevice(userId, browser(`loop ${i}`), { email: null });
      await setDeviceEnabled(userId, d.id, false);
    }
    await expect(addDevice(userId, browser("seventh"))).rejects.toMatchObject({ code: "CONFLICT", message: expect.stringContaining("disabled") });
  });

  it("bumps the serial of the servers the device may use, audits, and notifies by portal feed and email", async () => {
    const { userId, email } = await customerWithPlan();
    const before = await serials();
    const device = await addDevice(userId, browser("Work laptop"), { email });
    const after = await serials();
    expect(after["de-fra"]).toBe(before["de-fra"]! + 1);
    expect(after["nl-ams"]).toBe(before["nl-ams"]! + 1);
    expect(after["us-stl"]).toBe(before["us-stl"]); // not VIP: the VIP server's set cannot change
    const feed = await opsDb().select().from(notifications).where(eq(notifications.userId, userId));
    expect(feed.map((n) => n.kind)).toEqual(["vpn.device_added"]);
    expect(feed[0]!.title).toContain("Work laptop");
    const mail = await opsDb().select().from(emailOutbox).where(eq(emailOutbox.userId, userId));
    expect(mail.map((m) => m.toAddress)).toEqual([email]);
    const audit = await vpnDb().select().from(auditLog).where(and(eq(auditLog.entityId, device.id), eq(auditLog.action, "vpn.device.add")));
    expect(audit).toHaveLength(1);
  });
});

describe("configs", () => {
  it("browser mode: a placeholder private key, a per-server preshared key made on first use", async () => {
    const { userId, email } = await customerWithPlan();
    const device = await addDevice(userId, browser(), { email });
    const before = await serials();
    const config = await getDeviceConfig(userId, device.id, "de-fra", { email });
    expect(config.privateKeyIncluded).toBe(false);
    expect(config.placeholder).toBe(PRIVATE_KEY_PLACEHOLDER);
    expect(config.filename).toBe("sky-de-fra.conf");
    expect(config.text).toContain(`PrivateKey = ${PRIVATE_KEY_PLACEHOLDER}\n`);
    expect(config.text).toContain(`Address = ${device.ipv4}/32, ${device.ipv6}/128\n`);
    expect(config.text).toContain(`PublicKey = ${fra.publicKey}\n`);
    expect(config.text).toContain("Endpoint = de-fra.vpn.skyport.test:51820\n");
    expect(config.text).toContain("AllowedIPs = 0.0.0.0/0, ::/0\n");
    expect(config.text).toContain("PersistentKeepalive = 25\n");
    expect(config.text).toContain("MTU = 1420\n");
    const psk = /PresharedKey = (\S+)/.exec(config.text)![1]!;
    expect(isValidWireGuardKey(psk)).toBe(true);
    // Stored encrypted, created once, and the server's peer set changed with it.
    const [row] = await vpnDb().select().from(deviceServerKeys).where(eq(deviceServerKeys.deviceId, device.id));
    expect(row!.presharedKeyEncrypted).not.toContain(psk);
    expect(row!.configDownloadedAt).not.toBeNull();
    expect((await serials())["de-fra"]).toBe(before["de-fra"]! + 1);
    const again = await getDeviceConfig(userId, device.id, "de-fra", { email, purpose: "view" });
    expect(again.text).toContain(`PresharedKey = ${psk}\n`);
    expect((await serials())["de-fra"]).toBe(before["de-fra"]! + 1);
    // Another location gets its own preshared key; IPv6 endpoints are bracketed.
    const ams = await getDeviceConfig(userId, device.id, "nl-ams", { email, allowedIps: ["10.0.0.0/8"] });
    expect(ams.text).not.toContain(psk);
    expect(ams.text).toContain("Endpoint = [2001:db8::10]:51820\n");
    expect(ams.text).toContain("AllowedIPs = 10.0.0.0/8\n");
    await expect(getDeviceConfig(userId, device.id, "nl-ams", { allowedIps: ["nonsense"] })).rejects.toMatchObject({ code: "VALIDATION" });
    // One download notice per device, location and day.
    await getDeviceConfig(userId, device.id, "de-fra", { email });
    const notices = await opsDb().select().from(notifications).where(and(eq(notifications.userId, userId), eq(notifications.kind, "vpn.config_downloaded")));
    expect(notices).toHaveLength(2);
  });

  it("server mode: the private key is generated, stored encrypted, and only appears in the config", async () => {
    const { userId, email } = await customerWithPlan();
    const device = await addDevice(userId, { name: "Router", platform: "router", keyMode: "server" }, { email });
    const [row] = await vpnDb().select().from(devices).where(eq(devices.id, device.id));
    expect(row!.privateKeyEncrypted).toMatch(/^v1\./);
    expect(JSON.stringify(await listDevices(userId))).not.toContain("privateKey");
    expect(Object.keys(device)).not.toContain("privateKeyEncrypted");
    const config = await getDeviceConfig(userId, device.id, "de-fra", { email });
    expect(config.privateKeyIncluded).toBe(true);
    const privateKey = /PrivateKey = (\S+)/.exec(config.text)![1]!;
    expect(publicKeyFromPrivate(privateKey)).toBe(device.publicKey);
    expect(row!.privateKeyEncrypted).not.toContain(privateKey);
    // The blob is bound to its device: copied onto another device it does not decrypt.
    const other = await addDevice(userId, { name: "Other", keyMode: "server" }, { email });
    await vpnDb().update(devices).set({ privateKeyEncrypted: row!.privateKeyEncrypted }).where(eq(devices.id, other.id));
    await expect(getDeviceConfig(userId, other.id, "de-fra", { email })).rejects.toThrow(/could not be decrypted/);
  });

  it("zips every location the user may use", async () => {
    const { userId, email } = await customerWithPlan();
    const device = await addDevice(userId, browser("Phone"), { email });
    const { zip, files, filename } = await getDeviceConfigZip(userId, device.id, { email });
    expect(filename).toBe("skyport-Phone.zip");
    const entries = unzipSync(zip);
    expect(Object.keys(entries).sort()).toEqual(files.map((f) => f.filename).sort());
    expect(Object.keys(entries)).not.toContain("sky-us-stl.conf");
    expect(strFromU8(entries["sky-de-fra.conf"]!)).toContain(fra.publicKey);
  });
});

describe("VIP locations", () => {
  it("are offered only to emails on the VIP list (or plans with VIP access)", async () => {
    const regular = await customerWithPlan();
    const listed = await customerWithPlan({ email: "Vip.Person@Example.test" });
    const planVip = await customerWithPlan({ vipAccess: true });
    await addVip("vip.person@example.test");
    expect((await listLocationsForUser(regular.userId, regular.email)).map((l) => l.slug)).not.toContain("us-stl");
    expect((await listLocationsForUser(listed.userId, "VIP.person@example.test")).map((l) => l.slug)).toContain("us-stl");
    expect((await listLocationsForUser(planVip.userId, planVip.email)).map((l) => l.slug)).toContain("us-stl");
    expect((await listPublicLocations()).map((l) => l.slug)).not.toContain("us-stl");

    const d = await addDevice(regular.userId, browser(), { email: regular.email });
    await expect(getDeviceConfig(regular.userId, d.id, "us-stl", { email: regular.email })).rejects.toMatchObject({ code: "NOT_FOUND" });
    const v = await addDevice(listed.userId, browser(), { email: listed.email });
    expect((await getDeviceConfig(listed.userId, v.id, "us-stl", { email: listed.email })).server.slug).toBe("us-stl");
    expect(vip.accessLevel).toBe("vip");
  });
});

describe("ownership", () => {
  it("another user's device is NOT_FOUND everywhere", async () => {
    const owner = await customerWithPlan();
    const intruder = await customerWithPlan();
    const device = await addDevice(owner.userId, browser("Mine"), { email: owner.email });
    const attempts: Array<() => Promise<unknown>> = [
      () => getDevice(intruder.userId, device.id),
      () => renameDevice(intruder.userId, device.id, "Hijacked"),
      () => setDeviceEnabled(intruder.userId, device.id, false),
      () => deleteDevice(intruder.userId, device.id),
      () => rotateDeviceKey(intruder.userId, device.id, { publicKey: browserKey().publicKey }),
      () => getDeviceConfig(intruder.userId, device.id, "de-fra"),
      () => getDeviceConfigZip(intruder.userId, device.id),
    ];
    for (const attempt of attempts) await expect(attempt()).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(await listDevices(intruder.userId)).toEqual([]);
    const [row] = await vpnDb().select().from(devices).where(eq(devices.id, device.id));
    expect(row).toMatchObject({ name: "Mine", status: "active", publicKey: device.publicKey });
    await expect(getDevice(owner.userId, "../../etc/passwd")).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});

describe("managing devices", () => {
  it("renames, disables, rotates and deletes", async () => {
    const { userId, email } = await customerWithPlan();
    const device = await addDevice(userId, browser("Old name"), { email });
    expect((await renameDevice(userId, device.id, "  New <name>  ")).name).toBe("New <name>");
    const disabled = await setDeviceEnabled(userId, device.id, false);
    expect(disabled).toMatchObject({ status: "disabled", disabledReason: "user" });
    expect((await setDeviceEnabled(userId, device.id, true)).status).toBe("active");

    await getDeviceConfig(userId, device.id, "de-fra", { email });
    const oldPsk = await vpnDb().select().from(deviceServerKeys).where(eq(deviceServerKeys.deviceId, device.id));
    expect(oldPsk).toHaveLength(1);
    await expect(rotateDeviceKey(userId, device.id, {})).rejects.toMatchObject({ code: "VALIDATION", fieldErrors: { publicKey: [INVALID_KEY_MESSAGE] } });
    await expect(rotateDeviceKey(userId, device.id, { publicKey: device.publicKey })).rejects.toMatchObject({ code: "VALIDATION" });
    const fresh = browserKey().publicKey;
    const rotated = await rotateDeviceKey(userId, device.id, { publicKey: fresh }, { email });
    expect(rotated.publicKey).toBe(fresh);
    expect(rotated.keyRotatedAt).not.toBeNull();
    expect(rotated.ipv4).toBe(device.ipv4); // addresses are stable
    expect(await vpnDb().select().from(deviceServerKeys).where(eq(deviceServerKeys.deviceId, device.id))).toHaveLength(0);
    const toServer = await rotateDeviceKey(userId, device.id, { keyMode: "server" }, { email });
    expect(toServer.keyMode).toBe("server");
    const kinds = (await opsDb().select().from(notifications).where(eq(notifications.userId, userId))).map((n) => n.kind);
    expect(kinds.filter((k) => k === "vpn.key_rotated")).toHaveLength(2);

    await deleteDevice(userId, device.id);
    expect(await listDevices(userId)).toEqual([]);
    const quarantined = await vpnDb().select().from(addressQuarantine).where(eq(addressQuarantine.formerDeviceId, device.id));
    expect(quarantined.map((q) => q.address).sort()).toEqual([device.ipv4, device.ipv6].sort());
  });

  it("lists devices newest first with usage and online status, never private keys", async () => {
    const { userId, email } = await customerWithPlan();
    const a = await addDevice(userId, browser("A"), { email });
    const b = await addDevice(userId, { name: "B", keyMode: "server" }, { email });
    const now = new Date();
    await vpnDb().update(devices).set({ lastHandshakeAt: new Date(now.getTime() - 60_000) }).where(eq(devices.id, a.id));
    const list = await listDevices(userId, { now });
    expect(list.map((d) => d.name)).toEqual(["B", "A"]);
    expect(list[1]).toMatchObject({ online: true, usage: { rxBytes: 0, txBytes: 0 } });
    expect(list[0]).toMatchObject({ online: false, keyMode: "server", id: b.id });
  });
});
