import "server-only";
/**
 * A customer's devices. Every function takes the signed-in user's id and puts it in the WHERE clause, so another
 * user's device id behaves exactly like one that does not exist (NOT_FOUND), never FORBIDDEN.
 *
 * Key modes: `browser` (default) — the key pair is made in the browser and only the public key reaches us; the
 * config we return carries a placeholder the browser replaces. `server` — we generate the pair and keep the
 * private key encrypted (bound to the device id), for customers who want to re-download configs.
 */
import { and, desc, eq, inArray, sql } from "drizzle-orm";
import { zipSync, strToU8 } from "fflate";
import { z } from "zod";
import { newId } from "@/db/columns";
import { vpnDb } from "@/db/vpn/client";
import { auditLog, DEVICE_PLATFORMS, deviceServerKeys, deviceUsageMonthly, devices, entitlements, KEY_MODES, servers } from "@/db/vpn/schema";
import { writeAudit, type AuditActor } from "@/lib/audit";
import { AppError, notFound, validation } from "@/lib/errors";
import { allocateAddresses, poolLayout, releaseDeviceAddresses } from "./addresses";
import { renderClientConfig, PRIVATE_KEY_PLACEHOLDER } from "./config";
import { bumpServers, bumpServersForUser, uniqueViolation, userHasVip, type VpnExecutor, type VpnTx } from "./db";
import { generateKeyPair, generatePresharedKey, isValidWireGuardKey } from "./keys";
import { listLocationsForUser } from "./locations";
import { deliverNoticesNow, noticeKey, queueNotice } from "./notify";
import { decryptPresharedKey, decryptPrivateKey, encryptPresharedKey, encryptPrivateKey } from "./secrets";
import { ONLINE_WINDOW_MS, usageMonth } from "./status";
import { getVpnSettings } from "./settings";

export type DevicePlatform = (typeof DEVICE_PLATFORMS)[number];
export type KeyMode = (typeof KEY_MODES)[number];

export const DEVICE_NAME_MAX = 50;
export const INVALID_KEY_MESSAGE = "This isn't a valid WireGuard public key";
export const DUPLICATE_KEY_MESSAGE = "This public key is already used by a device. Generate a new key pair for this device.";
const ALLOCATION_ATTEMPTS = 5;

export interface DeviceView {
  id: string;
  name: string;
  platform: DevicePlatform;
  keyMode: KeyMode;
  publicKey: string;
  ipv4: string;
  ipv6: string;
  status: "active" | "disabled";
  /** `user`, `plan_limit` or `admin` when disabled. */
  disabledReason: string | null;
  createdAt: Date;
  keyRotatedAt: Date | null;
  lastHandshakeAt: Date | null;
  /** The location of that last handshake. */
  lastServerId: string | null;
  online: boolean;
  /** Data through all locations this calendar month (UTC). */
  usage: { month: string; rxBytes: number; txBytes: number };
}

/** Names are plain text: trimmed, control characters (newlines, tabs) turned into spaces; markup is kept as typed and escaped when rendered. */
const nameSchema = z
  .string({ error: "Give the device a name" })
  .transform((v) => v.replace(/\p{Cc}+/gu, " ").replace(/\s+/g, " ").trim())
  .pipe(z.string().min(1, "Give the device a name").max(DEVICE_NAME_MAX, `Keep the name to ${DEVICE_NAME_MAX} characters or fewer`));

const addSchema = z.object({
  name: nameSchema,
  platform: z.enum(DEVICE_PLATFORMS, { error: "Choose a platform" }).default("other"),
  keyMode: z.enum(KEY_MODES, { error: "Choose how the key is made" }).default("browser"),
  publicKey: z.string().trim().optional(),
});

export type AddDeviceInput = z.input<typeof addSchema>;

export interface DeviceActionOptions {
  /** Who acts (staff impersonating a customer pass themselves with onBehalfOf); defaults to the user. */
  actor?: AuditActor;
  /** The customer's email for the notice email (looked up in identity when omitted). */
  email?: string | null;
  now?: Date;
}

function parse<T>(schema: z.ZodType<T>, input: unknown): T {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const fieldErrors: Record<string, string[]> = {};
  for (const issue of result.error.issues) (fieldErrors[String(issue.path[0] ?? "form")] ??= []).push(issue.message);
  throw validation(fieldErrors);
}

function checkPublicKey(publicKey: string | undefined): string {
  if (!publicKey || !isValidWireGuardKey(publicKey)) throw validation({ publicKey: [INVALID_KEY_MESSAGE] });
  return publicKey;
}

const duplicateKey = () => validation({ publicKey: [DUPLICATE_KEY_MESSAGE] });

/** Runs a write transaction, mapping unique violations: public key → VALIDATION; addresses → retry (fresh pick). */
async function withAllocationRetry<T>(fn: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (error) {
      const columns = uniqueViolation(error);
      if (columns?.includes("devices.public_key")) throw duplicateKey();
      if (columns?.some((c) => c === "devices.ipv4" || c === "devices.ipv6") && attempt < ALLOCATION_ATTEMPTS) continue;
      throw error;
    }
  }
}

/**
 * Adds a device under the user's active plan. The limit counts enabled devices across all servers; the count and
 * the insert share one write transaction, so two simultaneous adds cannot both take the last slot.
 */
export async function addDevice(userId: string, input: AddDeviceInput, options: DeviceActionOptions = {}): Promise<DeviceView> {
  const data = parse(addSchema, input);
  const now = options.now ?? new Date();
  const deviceId = newId();
  let publicKey: string;
  let privateKeyEncrypted: string | null = null;
  if (data.keyMode === "browser") publicKey = checkPublicKey(data.publicKey);
  else {
    const pair = generateKeyPair();
    publicKey = pair.publicKey;
    privateKeyEncrypted = encryptPrivateKey(pair.privateKey, deviceId);
  }
  const settings = await getVpnSettings();
  const layout = poolLayout(settings);
  const notice = noticeKey("vpn.device_added");

  const device = await withAllocationRetry(() =>
    vpnDb().transaction(async (tx) => {
      const entitlement = await entitlementWithRoom(tx, userId);
      const [taken] = await tx.select({ id: devices.id }).from(devices).where(eq(devices.publicKey, publicKey)).limit(1);
      if (taken) throw duplicateKey();
      const addresses = await allocateAddresses(tx, layout, now);
      const [row] = await tx
        .insert(devices)
        .values({
          id: deviceId,
          userId,
          serviceId: entitlement.serviceId,
          name: data.name,
          platform: data.platform,
          publicKey,
          keyMode: data.keyMode,
          privateKeyEncrypted,
          ipv4: addresses.ipv4,
          ipv6: addresses.ipv6,
          addressIndex: addresses.offset,
          createdAt: now,
          updatedAt: now,
        })
        .returning();
      await writeAudit(tx, auditLog, options.actor ?? { id: userId }, {
        action: "vpn.device.add",
        entityType: "device",
        entityId: deviceId,
        after: { name: data.name, platform: data.platform, keyMode: data.keyMode, publicKey, ipv4: addresses.ipv4, ipv6: addresses.ipv6 },
      });
      await bumpServersForUser(tx, userId);
      await queueNotice(
        tx,
        userId,
        {
          kind: "vpn.device_added",
          title: `New VPN device: ${row!.name}`,
          paragraphs: [
            `The device “${row!.name}” (${row!.platform}) was added to your account and can now connect.`,
            "If this wasn't you, delete the device and change your password.",
          ],
        },
        { key: notice, email: options.email },
      );
      return row!;
    }),
  );

  await deliverNoticesNow(notice);
  return toView(device, null, now);
}

/** The user's active entitlement with a free slot (oldest first), or the reason there is none. */
async function entitlementWithRoom(tx: VpnTx, userId: string, exceptDeviceId?: string) {
  const active = await tx
    .select()
    .from(entitlements)
    .where(and(eq(entitlements.userId, userId), eq(entitlements.status, "active")))
    .orderBy(entitlements.createdAt);
  if (active.length === 0) throw new AppError("FORBIDDEN", "You need an active VPN plan to add a device.");
  const counts = await tx
    .select({
      serviceId: devices.serviceId,
      enabled: sql<number>`sum(case when ${devices.status} = 'active' then 1 else 0 end)`,
      total: sql<number>`count(*)`,
    })
    .from(devices)
    .where(and(eq(devices.userId, userId), exceptDeviceId ? sql`${devices.id} <> ${exceptDeviceId}` : undefined))
    .groupBy(devices.serviceId);
  const byService = new Map(counts.map((c) => [c.serviceId, c]));
  const limit = active.reduce((sum, e) => sum + e.deviceLimit, 0);
  for (const e of active) {
    const used = byService.get(e.serviceId);
    // Disabled devices still hold addresses; a ceiling on them stops a disable-and-add loop draining the pool.
    if (Number(used?.enabled ?? 0) < e.deviceLimit && Number(used?.total ?? 0) < storedDeviceCeiling(e.deviceLimit)) return e;
  }
  const enabled = active.reduce((sum, e) => sum + Number(byService.get(e.serviceId)?.enabled ?? 0), 0);
  if (enabled >= limit) {
    throw new AppError("CONFLICT", `Your plan allows ${limit} ${limit === 1 ? "device" : "devices"} and all are in use. Disable or delete one first, or upgrade your plan.`);
  }
  throw new AppError("CONFLICT", "You have too many disabled devices. Delete one you no longer use first.");
}

export const storedDeviceCeiling = (deviceLimit: number) => Math.max(deviceLimit * 2, deviceLimit + 5);

async function ownDevice(db: VpnExecutor, userId: string, deviceId: string) {
  if (typeof deviceId !== "string" || deviceId.length > 64) throw notFound("Device not found");
  const [row] = await db
    .select()
    .from(devices)
    .where(and(eq(devices.id, deviceId), eq(devices.userId, userId)))
    .limit(1);
  if (!row) throw notFound("Device not found");
  return row;
}

export async function renameDevice(userId: string, deviceId: string, name: string, options: DeviceActionOptions = {}): Promise<DeviceView> {
  const clean = parse(z.object({ name: nameSchema }), { name }).name;
  const row = await vpnDb().transaction(async (tx) => {
    const before = await ownDevice(tx, userId, deviceId);
    const [after] = await tx
      .update(devices)
      .set({ name: clean })
      .where(and(eq(devices.id, deviceId), eq(devices.userId, userId)))
      .returning();
    await writeAudit(tx, auditLog, options.actor ?? { id: userId }, {
      action: "vpn.device.rename",
      entityType: "device",
      entityId: deviceId,
      before: { name: before.name },
      after: { name: clean },
    });
    return after!;
  });
  return (await viewsFor(userId, [row], options.now))[0]!;
}

/** Disabling drops the peer from every server; enabling puts it back if the plan has room. */
export async function setDeviceEnabled(userId: string, deviceId: string, enabled: boolean, options: DeviceActionOptions = {}): Promise<DeviceView> {
  const row = await vpnDb().transaction(async (tx) => {
    const before = await ownDevice(tx, userId, deviceId);
    if ((before.status === "active") === enabled) return before;
    if (enabled) {
      const [entitlement] = await tx.select().from(entitlements).where(and(eq(entitlements.serviceId, before.serviceId), eq(entitlements.userId, userId)));
      if (!entitlement || entitlement.status === "terminated") throw new AppError("CONFLICT", "This device's plan has ended.");
      const [count] = await tx
        .select({ n: sql<number>`count(*)` })
        .from(devices)
        .where(and(eq(devices.serviceId, before.serviceId), eq(devices.status, "active")));
      if (Number(count?.n ?? 0) >= entitlement.deviceLimit) {
        throw new AppError("CONFLICT", `Your plan allows ${entitlement.deviceLimit} active ${entitlement.deviceLimit === 1 ? "device" : "devices"}. Disable another device first, or upgrade your plan.`);
      }
    }
    const [after] = await tx
      .update(devices)
      .set(enabled ? { status: "active", disabledReason: null } : { status: "disabled", disabledReason: "user" })
      .where(and(eq(devices.id, deviceId), eq(devices.userId, userId)))
      .returning();
    await writeAudit(tx, auditLog, options.actor ?? { id: userId }, {
      action: enabled ? "vpn.device.enable" : "vpn.device.disable",
      entityType: "device",
      entityId: deviceId,
      before: { status: before.status },
      after: { status: after!.status },
    });
    await bumpServersForUser(tx, userId);
    return after!;
  });
  return (await viewsFor(userId, [row], options.now))[0]!;
}

/** Deletes the device; its addresses wait in quarantine before anyone else gets them. */
export async function deleteDevice(userId: string, deviceId: string, options: DeviceActionOptions = {}): Promise<void> {
  const { addressQuarantineDays } = await getVpnSettings();
  await vpnDb().transaction(async (tx) => {
    const before = await ownDevice(tx, userId, deviceId);
    await releaseDeviceAddresses(tx, before, { quarantineDays: addressQuarantineDays, now: options.now });
    await tx.delete(devices).where(and(eq(devices.id, deviceId), eq(devices.userId, userId)));
    await writeAudit(tx, auditLog, options.actor ?? { id: userId }, {
      action: "vpn.device.delete",
      entityType: "device",
      entityId: deviceId,
      before: { name: before.name, publicKey: before.publicKey, ipv4: before.ipv4, ipv6: before.ipv6 },
    });
    await bumpServersForUser(tx, userId);
  });
}

/**
 * New key pair for a device (lost or leaked key). `publicKey` given → browser mode with that key; omitted → the
 * device's current mode, where browser mode then requires one. Preshared keys are renewed with it.
 */
export async function rotateDeviceKey(
  userId: string,
  deviceId: string,
  input: { publicKey?: string; keyMode?: KeyMode } = {},
  options: DeviceActionOptions = {},
): Promise<DeviceView> {
  const now = options.now ?? new Date();
  const notice = noticeKey("vpn.key_rotated");
  const row = await withAllocationRetry(() =>
    vpnDb().transaction(async (tx) => {
      const before = await ownDevice(tx, userId, deviceId);
      const keyMode = input.keyMode ?? (input.publicKey ? "browser" : before.keyMode);
      let publicKey: string;
      let privateKeyEncrypted: string | null = null;
      if (keyMode === "browser") publicKey = checkPublicKey(input.publicKey?.trim());
      else {
        const pair = generateKeyPair();
        publicKey = pair.publicKey;
        privateKeyEncrypted = encryptPrivateKey(pair.privateKey, deviceId);
      }
      if (publicKey === before.publicKey) throw validation({ publicKey: ["Use a new key pair: this is the device's current key."] });
      const [taken] = await tx.select({ id: devices.id }).from(devices).where(eq(devices.publicKey, publicKey)).limit(1);
      if (taken) throw duplicateKey();
      const [after] = await tx
        .update(devices)
        .set({ publicKey, keyMode, privateKeyEncrypted, keyRotatedAt: now })
        .where(and(eq(devices.id, deviceId), eq(devices.userId, userId)))
        .returning();
      await tx.delete(deviceServerKeys).where(eq(deviceServerKeys.deviceId, deviceId));
      await writeAudit(tx, auditLog, options.actor ?? { id: userId }, {
        action: "vpn.device.rotate_key",
        entityType: "device",
        entityId: deviceId,
        before: { publicKey: before.publicKey, keyMode: before.keyMode },
        after: { publicKey, keyMode },
      });
      await bumpServersForUser(tx, userId);
      await queueNotice(
        tx,
        userId,
        {
          kind: "vpn.key_rotated",
          title: `New key for ${after!.name}`,
          paragraphs: [
            `The key of your device “${after!.name}” was replaced. Its old configuration files stop working; download a new one for each location you use.`,
            "If this wasn't you, change your password and check your devices.",
          ],
        },
        { key: notice, email: options.email },
      );
      return after!;
    }),
  );
  await deliverNoticesNow(notice);
  return (await viewsFor(userId, [row], now))[0]!;
}

/** The user's devices, newest first, with online status and this month's usage. Never includes private keys. */
export async function listDevices(userId: string, options: { now?: Date } = {}): Promise<DeviceView[]> {
  const rows = await vpnDb().select().from(devices).where(eq(devices.userId, userId)).orderBy(desc(devices.createdAt), desc(devices.id));
  return viewsFor(userId, rows, options.now);
}

export async function getDevice(userId: string, deviceId: string, options: { now?: Date } = {}): Promise<DeviceView> {
  const row = await ownDevice(vpnDb(), userId, deviceId);
  return (await viewsFor(userId, [row], options.now))[0]!;
}

async function viewsFor(userId: string, rows: Array<typeof devices.$inferSelect>, now = new Date()): Promise<DeviceView[]> {
  if (rows.length === 0) return [];
  const month = usageMonth(now);
  const usage = await vpnDb()
    .select({ deviceId: deviceUsageMonthly.deviceId, rx: sql<number>`sum(${deviceUsageMonthly.rxBytes})`, tx: sql<number>`sum(${deviceUsageMonthly.txBytes})` })
    .from(deviceUsageMonthly)
    .innerJoin(devices, eq(devices.id, deviceUsageMonthly.deviceId))
    .where(and(eq(devices.userId, userId), eq(deviceUsageMonthly.month, month), inArray(deviceUsageMonthly.deviceId, rows.map((r) => r.id))))
    .groupBy(deviceUsageMonthly.deviceId);
  const byDevice = new Map(usage.map((u) => [u.deviceId, u]));
  return rows.map((row) => toView(row, byDevice.get(row.id) ?? null, now));
}

function toView(row: typeof devices.$inferSelect, usage: { rx: number; tx: number } | null, now: Date): DeviceView {
  return {
    id: row.id,
    name: row.name,
    platform: row.platform,
    keyMode: row.keyMode,
    publicKey: row.publicKey,
    ipv4: row.ipv4,
    ipv6: row.ipv6,
    status: row.status,
    disabledReason: row.disabledReason,
    createdAt: row.createdAt,
    keyRotatedAt: row.keyRotatedAt,
    lastHandshakeAt: row.lastHandshakeAt,
    lastServerId: row.lastServerId,
    online: row.lastHandshakeAt !== null && now.getTime() - row.lastHandshakeAt.getTime() < ONLINE_WINDOW_MS,
    usage: { month: usageMonth(now), rxBytes: Number(usage?.rx ?? 0), txBytes: Number(usage?.tx ?? 0) },
  };
}

export interface DeviceConfigOptions {
  /** The customer's email, for the VIP rule (identity lives in another database). */
  email?: string | null;
  /** Full tunnel (default) or split tunnel CIDRs. */
  allowedIps?: "full" | string[];
  /** A named DNS profile from the `vpn.dnsProfiles` setting instead of the default resolvers. */
  dnsProfile?: string;
  /** `download` (default) records the download and notifies the customer; `view` (e.g. a QR preview) does neither. */
  purpose?: "download" | "view";
  now?: Date;
}

export interface DeviceConfig {
  /** A valid wg-quick interface name + `.conf` (≤ 15 characters before the extension). */
  filename: string;
  text: string;
  /** False for browser-mode devices: `PrivateKey = <PLACEHOLDER>` must be filled in by the browser. */
  privateKeyIncluded: boolean;
  placeholder: string | null;
  server: { id: string; slug: string; name: string };
}

/** The wg-quick config of one device for one location, creating the device+server preshared key on first use. */
export async function getDeviceConfig(userId: string, deviceId: string, serverSlug: string, options: DeviceConfigOptions = {}): Promise<DeviceConfig> {
  const db = vpnDb();
  const device = await ownDevice(db, userId, deviceId);
  const [server] = await db
    .select()
    .from(servers)
    .where(and(eq(servers.slug, String(serverSlug)), eq(servers.active, true)))
    .limit(1);
  if (!server) throw notFound("Location not found");
  if (server.accessLevel === "vip" && !(await userHasVip(db, userId, options.email))) throw notFound("Location not found");
  const config = await renderFor(device, server, options);
  if ((options.purpose ?? "download") === "download") {
    const now = options.now ?? new Date();
    // One notice per device, location and day: the key names the day, so further downloads add nothing.
    const notice = `vpn.config_downloaded:${device.id}:${server.id}:${now.toISOString().slice(0, 10)}`;
    await db.transaction(async (tx) => {
      await tx
        .update(deviceServerKeys)
        .set({ configDownloadedAt: now })
        .where(and(eq(deviceServerKeys.deviceId, device.id), eq(deviceServerKeys.serverId, server.id)));
      await queueNotice(
        tx,
        userId,
        {
          kind: "vpn.config_downloaded",
          title: `Configuration downloaded for ${device.name}`,
          paragraphs: [`A configuration for “${device.name}” at ${server.name} was downloaded from your account.`, "If this wasn't you, rotate the device's key and change your password."],
        },
        { key: notice, email: options.email },
      );
    });
    await deliverNoticesNow(notice);
  }
  return config;
}

async function renderFor(
  device: typeof devices.$inferSelect,
  server: typeof servers.$inferSelect,
  options: DeviceConfigOptions,
): Promise<DeviceConfig> {
  const settings = await getVpnSettings();
  const presharedKey = await ensurePresharedKey(device.id, server.id);
  let dns = settings.dns;
  if (options.dnsProfile) {
    const profile = settings.dnsProfiles[options.dnsProfile];
    if (!profile) throw validation({ dnsProfile: ["Unknown DNS profile"] });
    dns = profile;
  }
  const privateKeyIncluded = device.keyMode === "server";
  const privateKey = privateKeyIncluded ? decryptPrivateKey(device.privateKeyEncrypted!, device.id) : PRIVATE_KEY_PLACEHOLDER;
  let text: string;
  try {
    text = renderClientConfig({
      privateKey,
      addresses: { ipv4: device.ipv4, ipv6: device.ipv6 },
      dns,
      mtu: settings.mtu,
      server: { publicKey: server.publicKey, endpointHost: server.endpointHost, endpointPort: server.endpointPort },
      presharedKey,
      allowedIps: options.allowedIps ?? "full",
      keepalive: settings.persistentKeepalive || null,
      comment: `Skyport – ${server.name} – ${device.name}`,
    });
  } catch (error) {
    if (error instanceof TypeError && /AllowedIPs|allowedIps/.test(error.message)) throw validation({ allowedIps: ["Enter networks like 10.0.0.0/8, separated by commas"] });
    throw error;
  }
  return {
    filename: configFilename(server.slug),
    text,
    privateKeyIncluded,
    placeholder: privateKeyIncluded ? null : PRIVATE_KEY_PLACEHOLDER,
    server: { id: server.id, slug: server.slug, name: server.name },
  };
}

/** wg-quick takes the interface name from the file name: at most 15 of [a-zA-Z0-9_=+.-]. */
export function configFilename(slug: string): string {
  const base = `sky-${slug}`.replace(/[^a-zA-Z0-9_=+.-]/g, "-").slice(0, 15).replace(/[-.]+$/, "");
  return `${base}.conf`;
}

/** The device+server preshared key, created on first use; a new one changes that server's peer set. */
async function ensurePresharedKey(deviceId: string, serverId: string): Promise<string> {
  const db = vpnDb();
  const read = async (x: VpnExecutor) =>
    (await x.select().from(deviceServerKeys).where(and(eq(deviceServerKeys.deviceId, deviceId), eq(deviceServerKeys.serverId, serverId))).limit(1))[0];
  let row = await read(db);
  if (!row) {
    row = await db.transaction(async (tx) => {
      const [created] = await tx
        .insert(deviceServerKeys)
        .values({ deviceId, serverId, presharedKeyEncrypted: encryptPresharedKey(generatePresharedKey(), deviceId, serverId) })
        .onConflictDoNothing()
        .returning();
      if (created) await bumpServers(tx, { ids: [serverId] });
      return created ?? (await read(tx))!;
    });
  }
  return decryptPresharedKey(row.presharedKeyEncrypted, deviceId, serverId);
}

/** Every location's config of a device in one zip (one `.conf` per location the user may use). */
export async function getDeviceConfigZip(
  userId: string,
  deviceId: string,
  options: Omit<DeviceConfigOptions, "purpose"> = {},
): Promise<{ filename: string; zip: Uint8Array; files: DeviceConfig[] }> {
  const device = await ownDevice(vpnDb(), userId, deviceId);
  const locations = await listLocationsForUser(userId, options.email ?? null, options.now);
  const files: DeviceConfig[] = [];
  for (const location of locations) {
    const [server] = await vpnDb().select().from(servers).where(eq(servers.id, location.id)).limit(1);
    if (server) files.push(await renderFor(device, server, options));
  }
  const zip = zipSync(Object.fromEntries(files.map((f) => [f.filename, strToU8(f.text)])));
  const now = options.now ?? new Date();
  const notice = `vpn.config_downloaded:${device.id}:all:${now.toISOString().slice(0, 10)}`;
  await vpnDb().transaction(async (tx) => {
    await tx.update(deviceServerKeys).set({ configDownloadedAt: now }).where(eq(deviceServerKeys.deviceId, device.id));
    await queueNotice(
      tx,
      userId,
      {
        kind: "vpn.config_downloaded",
        title: `Configurations downloaded for ${device.name}`,
        paragraphs: [`The configurations of “${device.name}” for all ${files.length} locations were downloaded from your account.`, "If this wasn't you, rotate the device's key and change your password."],
      },
      { key: notice, email: options.email },
    );
  });
  await deliverNoticesNow(notice);
  const safeName = device.name.replace(/[^a-zA-Z0-9_-]+/g, "-").replace(/^-|-$/g, "").slice(0, 40) || "device";
  return { filename: `skyport-${safeName}.zip`, zip, files };
}
