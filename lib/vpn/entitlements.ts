import "server-only";
/**
 * Entitlements: what a billing service grants (device limit, VIP access, status), written only by the VPN
 * provisioning module. Every operation is idempotent (billing jobs are delivered at least once) and raises the
 * config serial of the servers whose peer sets it changes, so agents add or drop the customer's peers.
 */
import { and, asc, desc, eq, inArray, sql } from "drizzle-orm";
import { vpnDb } from "@/db/vpn/client";
import { auditLog, devices, entitlements } from "@/db/vpn/schema";
import { SYSTEM_ACTOR, writeAudit, type AuditActor } from "@/lib/audit";
import { AppError } from "@/lib/errors";
import { releaseDeviceAddresses } from "./addresses";
import { bumpServersForUser, normalizeEmail, userHasVip, type VpnTx } from "./db";
import { deliverNoticesNow, noticeKey, queueNotice } from "./notify";
import { getVpnSettings } from "./settings";

export type EntitlementStatus = (typeof entitlements.$inferSelect)["status"];

export interface EntitlementConfig {
  deviceLimit: number;
  vipAccess: boolean;
}

/** What billing hands the VPN module for one service. */
export interface ProvisioningContext {
  serviceId: string;
  userId: string;
  email: string;
  config: EntitlementConfig;
  /** Who caused it (staff granting a VIP plan, or the system for billing jobs); audited. */
  actor?: AuditActor;
  /**
   * Tell the customer about a suspension or its end (portal feed + email). Off for billing's calls: dunning
   * already emails about the suspension it causes, and a second notice would only repeat it.
   */
  notifyCustomer?: boolean;
}

export interface ProvisioningResult {
  /** False when the call found everything already in the requested state (a repeated delivery). */
  changed: boolean;
  /** Devices disabled or re-enabled because the limit changed. */
  disabledDeviceIds?: string[];
  enabledDeviceIds?: string[];
}

function checkConfig(config: EntitlementConfig): EntitlementConfig {
  if (!Number.isInteger(config.deviceLimit) || config.deviceLimit < 0 || config.deviceLimit > 10_000) {
    throw new AppError("VALIDATION", `deviceLimit must be a whole number between 0 and 10000, got ${config.deviceLimit}`);
  }
  return { deviceLimit: config.deviceLimit, vipAccess: Boolean(config.vipAccess) };
}

async function findForService(tx: VpnTx, ctx: ProvisioningContext) {
  const [row] = await tx.select().from(entitlements).where(eq(entitlements.serviceId, ctx.serviceId)).limit(1);
  // A service moving between users would be a billing bug; refusing beats handing one customer's devices to another.
  if (row && row.userId !== ctx.userId) throw new AppError("CONFLICT", `Service ${ctx.serviceId} belongs to another user`);
  return row;
}

/** Grants the entitlement (first activation). Repeating it, or activating a suspended one, changes no status. */
export async function activateEntitlement(ctx: ProvisioningContext): Promise<ProvisioningResult> {
  const config = checkConfig(ctx.config);
  const actor = ctx.actor ?? SYSTEM_ACTOR;
  const notices = limitNoticeKeys();
  const result = await vpnDb().transaction(async (tx) => {
    const existing = await findForService(tx, ctx);
    if (existing) {
      if (existing.email !== normalizeEmail(ctx.email)) {
        await tx.update(entitlements).set({ email: normalizeEmail(ctx.email) }).where(eq(entitlements.id, existing.id));
      }
      if (existing.status === "terminated") {
        // A late re-delivery must not resurrect a terminated service.
        console.warn(`[vpn] activate for terminated service ${ctx.serviceId} ignored`);
        return { changed: false };
      }
      if (existing.deviceLimit === config.deviceLimit && existing.vipAccess === config.vipAccess) return { changed: false };
      return applyPackage(tx, existing, config, actor, notices, ctx.email);
    }
    const [created] = await tx
      .insert(entitlements)
      .values({
        userId: ctx.userId,
        serviceId: ctx.serviceId,
        deviceLimit: config.deviceLimit,
        vipAccess: config.vipAccess,
        email: normalizeEmail(ctx.email),
        status: "active",
        grantedBy: actor.id,
      })
      .returning();
    await writeAudit(tx, auditLog, actor, {
      action: "vpn.entitlement.activate",
      entityType: "entitlement",
      entityId: created!.id,
      after: { serviceId: ctx.serviceId, userId: ctx.userId, ...config },
    });
    // Devices kept from an earlier service of the same user may now be served.
    await bumpServersForUser(tx, ctx.userId);
    return { changed: true };
  });
  await deliverNoticesNow(notices.disabled, notices.enabled);
  return result;
}

async function setStatus(ctx: ProvisioningContext, from: EntitlementStatus, to: EntitlementStatus, action: string): Promise<ProvisioningResult> {
  const actor = ctx.actor ?? SYSTEM_ACTOR;
  const notice = noticeKey(to === "suspended" ? "vpn.access_suspended" : "vpn.access_restored");
  const result = await vpnDb().transaction(async (tx) => {
    const existing = await findForService(tx, ctx);
    if (!existing || existing.status !== from) return { changed: false };
    const hadVip = await userHasVip(tx, ctx.userId, ctx.email);
    await tx.update(entitlements).set({ status: to }).where(eq(entitlements.id, existing.id));
    await writeAudit(tx, auditLog, actor, {
      action,
      entityType: "entitlement",
      entityId: existing.id,
      before: { status: from },
      after: { status: to },
    });
    await bumpServersForUser(tx, ctx.userId, { alsoVip: hadVip });
    if (ctx.notifyCustomer) {
      await queueNotice(
        tx,
        ctx.userId,
        to === "suspended"
          ? {
              kind: "vpn.access_suspended",
              title: "Your VPN access is suspended",
              paragraphs: [
                "Our staff suspended your VPN access: your devices are kept but cannot connect to any location for now.",
                "If you think this is a mistake, open a support ticket from your portal.",
              ],
            }
          : {
              kind: "vpn.access_restored",
              title: "Your VPN access is back",
              paragraphs: ["The suspension of your VPN access was lifted: your enabled devices can connect again with their existing configurations."],
            },
        { key: notice, email: ctx.email },
      );
    }
    return { changed: true };
  });
  await deliverNoticesNow(notice);
  return result;
}

/** Removes the customer's peers from every server (devices are kept, ready for unsuspension). */
export const suspendEntitlement = (ctx: ProvisioningContext) => setStatus(ctx, "active", "suspended", "vpn.entitlement.suspend");

/** Puts the customer's enabled devices back on the servers. */
export const unsuspendEntitlement = (ctx: ProvisioningContext) => setStatus(ctx, "suspended", "active", "vpn.entitlement.unsuspend");

/** Ends the service: its devices are deleted and their addresses quarantined. */
export async function terminateEntitlement(ctx: ProvisioningContext): Promise<ProvisioningResult> {
  const actor = ctx.actor ?? SYSTEM_ACTOR;
  const { addressQuarantineDays } = await getVpnSettings();
  return vpnDb().transaction(async (tx) => {
    const existing = await findForService(tx, ctx);
    if (!existing) return { changed: false };
    const doomed = await tx
      .select({ id: devices.id, ipv4: devices.ipv4, ipv6: devices.ipv6, addressIndex: devices.addressIndex })
      .from(devices)
      .where(and(eq(devices.serviceId, ctx.serviceId), eq(devices.userId, ctx.userId)));
    if (existing.status === "terminated" && doomed.length === 0) return { changed: false };
    const hadVip = await userHasVip(tx, ctx.userId, ctx.email);
    const now = new Date();
    for (const device of doomed) await releaseDeviceAddresses(tx, device, { quarantineDays: addressQuarantineDays, now });
    if (doomed.length) await tx.delete(devices).where(inArray(devices.id, doomed.map((d) => d.id)));
    await tx.update(entitlements).set({ status: "terminated" }).where(eq(entitlements.id, existing.id));
    await writeAudit(tx, auditLog, actor, {
      action: "vpn.entitlement.terminate",
      entityType: "entitlement",
      entityId: existing.id,
      before: { status: existing.status, devices: doomed.length },
      after: { status: "terminated" },
    });
    await bumpServersForUser(tx, ctx.userId, { alsoVip: hadVip });
    return { changed: true };
  });
}

/**
 * A new plan: new device limit and VIP access. Over a lower limit the newest active devices are disabled
 * (reason `plan_limit`); under a higher one, devices the limit disabled come back, oldest first. The customer is told.
 */
export async function changeEntitlementPackage(ctx: ProvisioningContext): Promise<ProvisioningResult> {
  const config = checkConfig(ctx.config);
  const actor = ctx.actor ?? SYSTEM_ACTOR;
  const notices = limitNoticeKeys();
  const result = await vpnDb().transaction(async (tx) => {
    const existing = await findForService(tx, ctx);
    if (!existing) throw new AppError("NOT_FOUND", `No VPN entitlement for service ${ctx.serviceId}`);
    if (existing.status === "terminated") return { changed: false };
    return applyPackage(tx, existing, config, actor, notices, ctx.email);
  });
  await deliverNoticesNow(notices.disabled, notices.enabled);
  return result;
}

/** Fresh event keys for the two notices a limit change may send (only the ones queued are ever delivered). */
const limitNoticeKeys = () => ({ disabled: noticeKey("vpn.devices_disabled"), enabled: noticeKey("vpn.devices_enabled") });

async function applyPackage(
  tx: VpnTx,
  existing: typeof entitlements.$inferSelect,
  config: EntitlementConfig,
  actor: AuditActor,
  notices: ReturnType<typeof limitNoticeKeys>,
  email?: string,
): Promise<ProvisioningResult> {
  const hadVip = await userHasVip(tx, existing.userId, email);
  if (existing.deviceLimit !== config.deviceLimit || existing.vipAccess !== config.vipAccess) {
    await tx.update(entitlements).set(config).where(eq(entitlements.id, existing.id));
  }
  const active = await tx
    .select({ id: devices.id })
    .from(devices)
    .where(and(eq(devices.serviceId, existing.serviceId), eq(devices.status, "active")))
    .orderBy(desc(devices.createdAt), desc(devices.id));
  let disabledDeviceIds: string[] = [];
  let enabledDeviceIds: string[] = [];
  if (active.length > config.deviceLimit) {
    disabledDeviceIds = active.slice(0, active.length - config.deviceLimit).map((d) => d.id);
    await tx.update(devices).set({ status: "disabled", disabledReason: "plan_limit" }).where(inArray(devices.id, disabledDeviceIds));
  } else if (active.length < config.deviceLimit) {
    const parked = await tx
      .select({ id: devices.id })
      .from(devices)
      .where(and(eq(devices.serviceId, existing.serviceId), eq(devices.status, "disabled"), eq(devices.disabledReason, "plan_limit")))
      .orderBy(asc(devices.createdAt), asc(devices.id))
      .limit(config.deviceLimit - active.length);
    enabledDeviceIds = parked.map((d) => d.id);
    if (enabledDeviceIds.length) {
      await tx.update(devices).set({ status: "active", disabledReason: null }).where(inArray(devices.id, enabledDeviceIds));
    }
  }
  const changed =
    existing.deviceLimit !== config.deviceLimit || existing.vipAccess !== config.vipAccess || disabledDeviceIds.length > 0 || enabledDeviceIds.length > 0;
  if (!changed) return { changed: false };
  await writeAudit(tx, auditLog, actor, {
    action: "vpn.entitlement.change_package",
    entityType: "entitlement",
    entityId: existing.id,
    before: { deviceLimit: existing.deviceLimit, vipAccess: existing.vipAccess },
    after: { ...config, disabledDeviceIds, enabledDeviceIds },
  });
  await bumpServersForUser(tx, existing.userId, { alsoVip: hadVip });
  // The customer is told in this same transaction's outbox: the notice exists iff the devices really changed.
  await queueLimitNotices(tx, existing.userId, config.deviceLimit, disabledDeviceIds.length, enabledDeviceIds.length, notices, email ?? existing.email);
  return { changed: true, disabledDeviceIds, enabledDeviceIds };
}

async function queueLimitNotices(
  tx: VpnTx,
  userId: string,
  limit: number,
  disabled: number,
  enabled: number,
  keys: ReturnType<typeof limitNoticeKeys>,
  email: string | null,
): Promise<void> {
  if (disabled > 0) {
    await queueNotice(
      tx,
      userId,
      {
        kind: "vpn.devices_disabled",
        title: `${disabled} ${disabled === 1 ? "device was" : "devices were"} disabled by your plan change`,
        paragraphs: [
          `Your new plan allows ${limit} ${limit === 1 ? "device" : "devices"}. We disabled your newest ${disabled === 1 ? "device" : `${disabled} devices`} so you stay within it.`,
          "You can choose which devices stay on: disable or delete one and enable another on your devices page.",
        ],
      },
      { key: keys.disabled, email },
    );
  }
  if (enabled > 0) {
    await queueNotice(
      tx,
      userId,
      {
        kind: "vpn.devices_enabled",
        title: `${enabled} ${enabled === 1 ? "device is" : "devices are"} back on`,
        paragraphs: [`Your plan now allows ${limit} devices, so we re-enabled devices an earlier plan limit had switched off.`],
      },
      { key: keys.enabled, email },
    );
  }
}

/** Keeps the copy of the customer's email (used for the VIP rule) current; call when a user changes email. */
export async function syncEntitlementEmail(userId: string, email: string): Promise<void> {
  await vpnDb().transaction(async (tx) => {
    const hadVip = await userHasVip(tx, userId);
    await tx
      .update(entitlements)
      .set({ email: normalizeEmail(email) })
      .where(and(eq(entitlements.userId, userId), sql`${entitlements.email} is not ${normalizeEmail(email)}`));
    if (hadVip !== (await userHasVip(tx, userId))) await bumpServersForUser(tx, userId, { alsoVip: true });
  });
}

export interface EntitlementSummary {
  /** `none` when the user never had a VPN plan; otherwise the best status among their entitlements. */
  status: EntitlementStatus | "none";
  deviceLimit: number;
  activeDevices: number;
  totalDevices: number;
  vipAccess: boolean;
}

/** The dashboard's plan box: limits summed over the user's active entitlements. */
export async function getEntitlementSummary(userId: string): Promise<EntitlementSummary> {
  const db = vpnDb();
  const rows = await db.select().from(entitlements).where(eq(entitlements.userId, userId));
  const active = rows.filter((r) => r.status === "active");
  const [counts] = await db
    .select({
      total: sql<number>`count(*)`,
      active: sql<number>`coalesce(sum(case when ${devices.status} = 'active' then 1 else 0 end), 0)`,
    })
    .from(devices)
    .where(eq(devices.userId, userId));
  const status = active.length ? "active" : rows.some((r) => r.status === "suspended") ? "suspended" : rows.length ? "terminated" : "none";
  return {
    status,
    deviceLimit: active.reduce((sum, r) => sum + r.deviceLimit, 0),
    activeDevices: Number(counts?.active ?? 0),
    totalDevices: Number(counts?.total ?? 0),
    vipAccess: await userHasVip(db, userId),
  };
}
