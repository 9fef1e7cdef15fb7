import "server-only";
/** Database handles and small shared queries of the VPN domain. */
import { and, eq, inArray, or, sql } from "drizzle-orm";
import { vpnDb } from "@/db/vpn/client";
import { entitlements, servers, vipList } from "@/db/vpn/schema";

export type VpnDb = ReturnType<typeof vpnDb>;
export type VpnTx = Parameters<Parameters<VpnDb["transaction"]>[0]>[0];
/** The database or a transaction of it. */
export type VpnExecutor = VpnDb | VpnTx;

/**
 * The columns of a UNIQUE constraint a write violated (e.g. ["devices.public_key"]), or null for other errors.
 * Drizzle wraps the driver's error, so the cause chain is walked.
 */
export function uniqueViolation(error: unknown): string[] | null {
  for (let e = error as { message?: string; cause?: unknown } | undefined, depth = 0; e && depth < 5; e = e.cause as typeof e, depth++) {
    const match = /UNIQUE constraint failed: ([\w., ]+)/.exec(e.message ?? "");
    if (match) return match[1]!.split(",").map((c) => c.trim());
  }
  return null;
}

/** Lower-cased, trimmed email as the VIP list stores it. */
export const normalizeEmail = (email: string) => email.trim().toLowerCase();

/** Whether an email is on the VIP list. */
export async function isVipEmail(db: VpnExecutor, email: string | null | undefined): Promise<boolean> {
  if (!email) return false;
  const [row] = await db.select({ id: vipList.id }).from(vipList).where(eq(vipList.email, normalizeEmail(email))).limit(1);
  return Boolean(row);
}

/**
 * SQL predicate "this entitlement may use VIP-only servers": its plan grants VIP access, or the customer's email is
 * on the VIP list. Used by the peer set and by every listing so the rule lives in one place.
 */
export const entitlementHasVip = sql`(${entitlements.vipAccess} = 1 or ${entitlements.email} in (select ${vipList.email} from ${vipList}))`;

/** Whether a user may see VIP-only locations (the email is passed in: identity lives in another database). */
export async function userHasVip(db: VpnExecutor, userId: string, email?: string | null): Promise<boolean> {
  if (await isVipEmail(db, email)) return true;
  const [row] = await db
    .select({ id: entitlements.id })
    .from(entitlements)
    .where(and(eq(entitlements.userId, userId), eq(entitlements.status, "active"), entitlementHasVip))
    .limit(1);
  return Boolean(row);
}

/**
 * Raises the config serial of every active server whose desired peer set may include this user's devices:
 * public servers always, VIP-only ones when the user has VIP access now or had it before the change (`alsoVip`).
 * Agents refetch when the serial moves.
 */
export async function bumpServersForUser(tx: VpnExecutor, userId: string, options: { alsoVip?: boolean } = {}): Promise<void> {
  const vip = options.alsoVip || (await userHasVip(tx, userId));
  await tx
    .update(servers)
    .set({ configSerial: sql`${servers.configSerial} + 1` })
    .where(and(eq(servers.active, true), vip ? undefined : eq(servers.accessLevel, "public")));
}

/** Raises the serial of the given servers (or all VIP-only ones). */
export async function bumpServers(tx: VpnExecutor, which: { ids?: string[]; vipOnly?: boolean }): Promise<void> {
  const conditions = [];
  if (which.ids) conditions.push(inArray(servers.id, which.ids.length ? which.ids : ["-"]));
  if (which.vipOnly) conditions.push(eq(servers.accessLevel, "vip"));
  await tx
    .update(servers)
    .set({ configSerial: sql`${servers.configSerial} + 1` })
    .where(conditions.length ? or(...conditions) : undefined);
}
