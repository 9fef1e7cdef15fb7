import "server-only";
/**
 * Staff views across customers: find devices (by name, public key or the owner's email) and a customer's VPN
 * access (entitlements) with grant/suspend/unsuspend. Permission checks belong to the caller (admin actions).
 * Identity lives in another database, so emails are looked up there and joined in memory.
 */
import { desc, eq, inArray, or, sql, type SQLWrapper } from "drizzle-orm";
import { identityDb } from "@/db/identity/client";
import { users } from "@/db/identity/schema";
import { vpnDb } from "@/db/vpn/client";
import { devices, entitlements, servers } from "@/db/vpn/schema";
import type { AuditActor } from "@/lib/audit";
import { AppError, notFound } from "@/lib/errors";
import { isVipEmail } from "./db";
import { activateEntitlement, suspendEntitlement, unsuspendEntitlement } from "./entitlements";
import { ONLINE_WINDOW_MS } from "./status";

export interface StaffDeviceRow {
  id: string;
  userId: string;
  email: string | null;
  name: string;
  platform: string;
  publicKey: string;
  ipv4: string;
  status: "active" | "disabled";
  disabledReason: string | null;
  lastHandshakeAt: Date | null;
  online: boolean;
  createdAt: Date;
}

const escapeLike = (v: string) => v.replace(/[\\%_]/g, (c) => `\\${c}`);
/** LIKE with backslash escapes, so a search for "100%" means the characters typed (SQLite needs the ESCAPE clause). */
const like = (column: SQLWrapper, pattern: string) => sql`${column} like ${pattern} escape '\\'`;

/** Devices matching `query` in name, public key or owner email (newest first, at most `limit`). */
export async function searchDevicesAdmin(query: string, options: { limit?: number; now?: Date } = {}): Promise<StaffDeviceRow[]> {
  const q = query.trim().slice(0, 200);
  const limit = Math.min(options.limit ?? 100, 500);
  const now = options.now ?? new Date();
  let ownerIds: string[] = [];
  if (q) {
    const owners = await identityDb()
      .select({ id: users.id })
      .from(users)
      .where(like(users.email, `%${escapeLike(q.toLowerCase())}%`))
      .limit(200);
    ownerIds = owners.map((o) => o.id);
  }
  const pattern = `%${escapeLike(q)}%`;
  const rows = await vpnDb()
    .select()
    .from(devices)
    .where(q ? or(like(devices.name, pattern), like(devices.publicKey, pattern), ownerIds.length ? inArray(devices.userId, ownerIds) : undefined) : undefined)
    .orderBy(desc(devices.createdAt))
    .limit(limit);
  const emails = await emailsFor(rows.map((r) => r.userId));
  return rows.map((r) => ({
    id: r.id,
    userId: r.userId,
    email: emails.get(r.userId) ?? null,
    name: r.name,
    platform: r.platform,
    publicKey: r.publicKey,
    ipv4: r.ipv4,
    status: r.status,
    disabledReason: r.disabledReason,
    lastHandshakeAt: r.lastHandshakeAt,
    online: r.lastHandshakeAt !== null && now.getTime() - r.lastHandshakeAt.getTime() < ONLINE_WINDOW_MS,
    createdAt: r.createdAt,
  }));
}

async function emailsFor(userIds: string[]): Promise<Map<string, string>> {
  const ids = [...new Set(userIds)];
  if (ids.length === 0) return new Map();
  const rows = await identityDb().select({ id: users.id, email: users.email }).from(users).where(inArray(users.id, ids));
  return new Map(rows.map((r) => [r.id, r.email]));
}

export async function findUserByEmail(email: string): Promise<{ id: string; email: string }> {
  const [user] = await identityDb()
    .select({ id: users.id, email: users.email })
    .from(users)
    .where(eq(users.email, email.trim().toLowerCase()))
    .limit(1);
  if (!user) throw notFound("No customer has this email address");
  return user;
}

/** A customer's VPN entitlements (newest first). */
export async function entitlementsForUser(userId: string) {
  return vpnDb().select().from(entitlements).where(eq(entitlements.userId, userId)).orderBy(desc(entitlements.createdAt));
}

/** The service id of a staff grant: one per customer, so granting twice changes the limit instead of stacking plans. */
export const grantServiceId = (userId: string) => `vip-grant-${userId}`;

/** A VPN plan without payment for a customer on the VIP list (audited by the entitlement module). */
export async function grantVipPlan(actor: AuditActor, email: string, deviceLimit: number) {
  const user = await findUserByEmail(email);
  if (!(await isVipEmail(vpnDb(), user.email))) throw new AppError("CONFLICT", "Add this email to the VIP list first: only VIP customers get a plan without payment.");
  const ctx = { serviceId: grantServiceId(user.id), userId: user.id, email: user.email, config: { deviceLimit, vipAccess: true }, actor };
  await activateEntitlement(ctx);
  // A grant that staff suspended earlier comes back when granted again.
  await unsuspendEntitlement(ctx);
  return user;
}

/** Suspends (or lifts the suspension of) every entitlement of the customer: their peers leave (or return to) every server. */
export async function setVpnAccessSuspended(actor: AuditActor, email: string, suspended: boolean) {
  const user = await findUserByEmail(email);
  const rows = await entitlementsForUser(user.id);
  if (rows.length === 0) throw new AppError("CONFLICT", "This customer has no VPN plan.");
  let changed = 0;
  for (const row of rows) {
    // Staff acting outside billing: nothing else tells the customer, so the VPN module does (once per change).
    const ctx = { serviceId: row.serviceId, userId: user.id, email: user.email, config: { deviceLimit: row.deviceLimit, vipAccess: row.vipAccess }, actor, notifyCustomer: true };
    const result = suspended ? await suspendEntitlement(ctx) : await unsuspendEntitlement(ctx);
    if (result.changed) changed += 1;
  }
  return { user, changed };
}

/** A server by id with its carried peers, for the admin detail page. */
export async function getServerAdmin(serverId: string) {
  const [server] = await vpnDb().select().from(servers).where(eq(servers.id, serverId)).limit(1);
  if (!server) throw notFound("Server not found");
  const { agentTokenHash, agentTokenRetiredHash: _retired, ...rest } = server;
  return { ...rest, hasAgentToken: agentTokenHash !== null };
}
