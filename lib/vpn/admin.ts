import "server-only";
/**
 * Staff operations on locations and the VIP list. Permission checks belong to the caller (admin pages check
 * `vpn.manage` or similar before calling); every change is audited in the same transaction.
 */
import { and, desc, eq, gte, lt, sql } from "drizzle-orm";
import ipaddr from "ipaddr.js";
import { z } from "zod";
import { vpnDb } from "@/db/vpn/client";
import { ACCESS_LEVELS, agentSyncState, auditLog, serverHealthSamples, servers, vipList } from "@/db/vpn/schema";
import { writeAudit, type AuditActor } from "@/lib/audit";
import { notFound, validation } from "@/lib/errors";
import { bumpServers, normalizeEmail, uniqueViolation } from "./db";
import { isValidWireGuardKey } from "./keys";
import { getVpnSettings } from "./settings";
import { serverStatus } from "./status";

const hostname = /^(?=.{1,253}$)([a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)(\.[a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)*$/;

export const serverInputSchema = z.object({
  slug: z
    .string()
    .trim()
    .toLowerCase()
    .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, "Use lower-case letters, digits and dashes (e.g. de-fra)")
    .max(40),
  name: z.string().trim().min(1, "Name is required").max(80),
  countryCode: z.string().trim().toUpperCase().regex(/^[A-Z]{2}$/, "Two-letter country code"),
  city: z.string().trim().min(1, "City is required").max(80),
  description: z.string().trim().max(500).nullish(),
  endpointHost: z
    .string()
    .trim()
    .refine((v) => ipaddr.isValid(v.replace(/^\[|\]$/g, "")) || hostname.test(v), "A host name or IP address"),
  endpointPort: z.coerce.number().int().min(1).max(65535).default(51820),
  publicKey: z.string().trim().refine(isValidWireGuardKey, "This isn't a valid WireGuard public key"),
  accessLevel: z.enum(ACCESS_LEVELS).default("public"),
  capacity: z.coerce.number().int().min(1).max(1_000_000).default(250),
  active: z.boolean().default(true),
  provider: z.string().trim().max(80).nullish(),
  monthlyCost: z.coerce.number().int().min(0).nullish(),
  monthlyCostCurrency: z.string().trim().toUpperCase().regex(/^[A-Z]{3}$/).nullish(),
  sortOrder: z.coerce.number().int().default(0),
});
export type ServerInput = z.input<typeof serverInputSchema>;

function parse<T>(schema: z.ZodType<T>, input: unknown): T {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const fieldErrors: Record<string, string[]> = {};
  for (const issue of result.error.issues) (fieldErrors[String(issue.path[0] ?? "form")] ??= []).push(issue.message);
  throw validation(fieldErrors);
}

function mapUnique(error: unknown): never {
  const columns = uniqueViolation(error);
  if (columns?.includes("servers.slug")) throw validation({ slug: ["Another location already uses this slug"] });
  if (columns?.includes("servers.public_key")) throw validation({ publicKey: ["Another location already uses this public key"] });
  throw error;
}

export async function createServer(actor: AuditActor, input: ServerInput) {
  const data = parse(serverInputSchema, input);
  try {
    return await vpnDb().transaction(async (tx) => {
      const [row] = await tx.insert(servers).values(data).returning();
      await writeAudit(tx, auditLog, actor, { action: "vpn.server.create", entityType: "server", entityId: row!.id, after: data });
      return row!;
    });
  } catch (error) {
    mapUnique(error);
  }
}

/** Edits a location. Changing access level or the active flag changes who it carries, so its serial rises. */
export async function updateServer(actor: AuditActor, serverId: string, input: Partial<ServerInput>) {
  const data = parse(serverInputSchema.partial(), input);
  try {
    return await vpnDb().transaction(async (tx) => {
      const [before] = await tx.select().from(servers).where(eq(servers.id, serverId)).limit(1);
      if (!before) throw notFound("Server not found");
      const carriesDifferently =
        (data.accessLevel !== undefined && data.accessLevel !== before.accessLevel) || (data.active !== undefined && data.active !== before.active);
      const [after] = await tx
        .update(servers)
        .set({ ...data, ...(carriesDifferently ? { configSerial: sql`${servers.configSerial} + 1` } : {}) })
        .where(eq(servers.id, serverId))
        .returning();
      const changed = Object.fromEntries(Object.keys(data).map((k) => [k, before[k as keyof typeof before]]));
      await writeAudit(tx, auditLog, actor, { action: "vpn.server.update", entityType: "server", entityId: serverId, before: changed, after: data });
      return after!;
    });
  } catch (error) {
    mapUnique(error);
  }
}

/** Every location with live status, agent token hint and sync state, for the admin list. */
export async function listServersAdmin(now: Date = new Date()) {
  const { offlineAfterMs } = await getVpnSettings();
  const rows = await vpnDb()
    .select({ server: servers, sync: agentSyncState })
    .from(servers)
    .leftJoin(agentSyncState, eq(agentSyncState.serverId, servers.id))
    .orderBy(servers.sortOrder, servers.name);
  return rows.map(({ server, sync }) => {
    const { agentTokenHash, agentTokenRetiredHash: _retired, ...rest } = server;
    return {
      ...rest,
      hasAgentToken: agentTokenHash !== null,
      status: serverStatus(server, now, offlineAfterMs),
      sync: {
        desiredSerial: server.configSerial,
        servedSerial: sync?.servedSerial ?? 0,
        appliedSerial: sync?.appliedSerial ?? 0,
        inSync: (sync?.appliedSerial ?? 0) === server.configSerial && !sync?.lastError,
        lastFetchAt: sync?.lastFetchAt ?? null,
        lastReportAt: sync?.lastReportAt ?? null,
        ackedAt: sync?.ackedAt ?? null,
        agentVersion: sync?.agentVersion ?? null,
        lastError: sync?.lastError ?? null,
        lastRejectedAt: sync?.lastRejectedAt ?? null,
        rejectedCount: sync?.rejectedCount ?? 0,
      },
    };
  });
}

/** Health samples of one server, newest first. */
export async function serverHealthHistory(serverId: string, options: { since?: Date; limit?: number } = {}) {
  return vpnDb()
    .select()
    .from(serverHealthSamples)
    .where(and(eq(serverHealthSamples.serverId, serverId), options.since ? gte(serverHealthSamples.sampledAt, options.since) : undefined))
    .orderBy(desc(serverHealthSamples.sampledAt))
    .limit(Math.min(options.limit ?? 500, 5000));
}

/** Deletes health samples older than `before` (agents report every few seconds; keep e.g. 30 days). Schedule daily. */
export async function pruneHealthSamples(before: Date): Promise<number> {
  const deleted = await vpnDb().delete(serverHealthSamples).where(lt(serverHealthSamples.sampledAt, before)).returning({ id: serverHealthSamples.id });
  return deleted.length;
}

// ── VIP list ───────────────────────────────────────────────────────────────────────────────────────────────────

export async function listVipEmails() {
  return vpnDb().select().from(vipList).orderBy(vipList.email);
}

/** Adds an email to the VIP list; VIP-only servers' peer sets may change, so their serials rise. */
export async function addVipEmail(actor: AuditActor, input: { email: string; note?: string | null }) {
  const data = parse(z.object({ email: z.string().trim().pipe(z.email("Enter an email address")).transform(normalizeEmail), note: z.string().trim().max(200).nullish() }), input);
  return vpnDb().transaction(async (tx) => {
    const [row] = await tx
      .insert(vipList)
      .values({ email: data.email, note: data.note ?? null, addedBy: actor.id })
      .onConflictDoNothing({ target: vipList.email })
      .returning();
    if (!row) throw validation({ email: ["This email is already on the VIP list"] });
    await writeAudit(tx, auditLog, actor, { action: "vpn.vip.add", entityType: "vip_list", entityId: row.id, after: { email: row.email, note: row.note } });
    await bumpServers(tx, { vipOnly: true });
    return row;
  });
}

export async function removeVipEmail(actor: AuditActor, id: string) {
  await vpnDb().transaction(async (tx) => {
    const [row] = await tx.delete(vipList).where(eq(vipList.id, id)).returning();
    if (!row) throw notFound("Not on the VIP list");
    await writeAudit(tx, auditLog, actor, { action: "vpn.vip.remove", entityType: "vip_list", entityId: id, before: { email: row.email, note: row.note } });
    await bumpServers(tx, { vipOnly: true });
  });
}
