import "server-only";
/**
 * Blocked addresses and ranges, refused before any credential is looked at. The identity database is the
 * source of truth for every instance; each process keeps the (small) list for at most 5 seconds, so a block
 * added on one instance takes effect everywhere within that time, and at once on the instance that added it.
 */
import { desc, eq } from "drizzle-orm";
import ipaddr from "ipaddr.js";
import { z } from "zod";
import { identityDb } from "@/db/identity/client";
import { auditLog, blockedIps } from "@/db/identity/schema";
import { writeAudit, type AuditActor } from "@/lib/audit";
import { databaseConfig } from "@/lib/env";
import { AppError, notFound, validation } from "@/lib/errors";
import { normalizeIp } from "./request-context";

const CACHE_TTL_MS = 5_000;
/** Narrowest prefix we accept: a wider block would shut out a large part of the internet (and probably the admin). */
const MIN_PREFIX = { ipv4: 8, ipv6: 16 } as const;

type Range = [ipaddr.IPv4 | ipaddr.IPv6, number];

/**
 * Canonical form of an address or CIDR range, or null if it is neither: the network address of the range
 * (`203.0.113.77/24` → `203.0.113.0/24`), a single address without a prefix, IPv6 in RFC 5952 form, and
 * IPv4-mapped IPv6 ranges as IPv4.
 */
export function normalizeCidr(input: string): string | null {
  if (typeof input !== "string") return null;
  const text = input.trim();
  if (text.length === 0 || text.length > 64) return null;
  if (!text.includes("/")) return normalizeIp(text);
  if (!ipaddr.isValidCIDR(text)) return null;
  if (!text.includes(":") && !ipaddr.IPv4.isValidCIDRFourPartDecimal(text)) return null;
  let [address, bits] = ipaddr.parseCIDR(text) as Range;
  if (address.kind() === "ipv6" && (address as ipaddr.IPv6).isIPv4MappedAddress() && bits >= 96) {
    address = (address as ipaddr.IPv6).toIPv4Address();
    bits -= 96;
  }
  if (address.kind() === "ipv4") {
    if (bits === 32) return address.toString();
    return `${ipaddr.IPv4.networkAddressFromCIDR(`${address.toString()}/${bits}`).toString()}/${bits}`;
  }
  if (bits === 128) return (address as ipaddr.IPv6).toRFC5952String();
  return `${ipaddr.IPv6.networkAddressFromCIDR(`${(address as ipaddr.IPv6).toNormalizedString()}/${bits}`).toRFC5952String()}/${bits}`;
}

function rangeOf(cidr: string): Range | null {
  try {
    if (cidr.includes("/")) return ipaddr.parseCIDR(cidr) as Range;
    const address = ipaddr.process(cidr);
    return [address, address.kind() === "ipv4" ? 32 : 128];
  } catch {
    return null;
  }
}

function prefixOf(cidr: string): { kind: "ipv4" | "ipv6"; bits: number } | null {
  const range = rangeOf(cidr);
  return range ? { kind: range[0].kind(), bits: range[1] } : null;
}

export const blockIpSchema = z.object({
  cidr: z
    .string({ error: "Enter an IP address or CIDR range." })
    .trim()
    .min(1, "Enter an IP address or CIDR range.")
    .max(64, "Enter an IP address or CIDR range.")
    .transform((value, ctx) => {
      const cidr = normalizeCidr(value);
      if (!cidr) {
        ctx.addIssue({ code: "custom", message: "Enter a valid IPv4 or IPv6 address or CIDR range (e.g. 203.0.113.0/24)." });
        return z.NEVER;
      }
      const prefix = prefixOf(cidr)!;
      if (prefix.bits < MIN_PREFIX[prefix.kind]) {
        ctx.addIssue({ code: "custom", message: `Ranges wider than /${MIN_PREFIX[prefix.kind]} cannot be blocked.` });
        return z.NEVER;
      }
      return cidr;
    }),
  reason: z.string({ error: "Give a reason." }).trim().min(1, "Give a reason.").max(200, "Keep the reason under 200 characters."),
  expiresAt: z.date().nullable().optional(),
});
export type BlockIpInput = z.input<typeof blockIpSchema>;

export interface BlockedIp {
  id: string;
  cidr: string;
  reason: string;
  createdBy: string | null;
  expiresAt: Date | null;
  createdAt: Date;
  /** False once expiresAt has passed (expired blocks stay listed until removed, but refuse nothing). */
  active: boolean;
}

interface CachedBlock {
  id: string;
  cidr: string;
  reason: string;
  expiresAt: Date | null;
  range: Range;
}

let cache: { source: string; loadedAt: number; blocks: CachedBlock[] } | null = null;

/** Forget the per-process copy (after a change here, and in tests). */
export function clearBlockedIpCache(): void {
  cache = null;
}

async function activeBlocks(): Promise<CachedBlock[]> {
  // Keyed by the database URL so a process that switches databases (tests) never reads another one's list.
  const source = databaseConfig("identity").url;
  if (cache && cache.source === source && Date.now() - cache.loadedAt < CACHE_TTL_MS) return cache.blocks;
  const rows = await identityDb()
    .select({ id: blockedIps.id, cidr: blockedIps.cidr, reason: blockedIps.reason, expiresAt: blockedIps.expiresAt })
    .from(blockedIps);
  const blocks = rows.flatMap((row) => {
    const range = rangeOf(row.cidr);
    return range ? [{ ...row, range }] : [];
  });
  cache = { source, loadedAt: Date.now(), blocks };
  return blocks;
}

/** The block that refuses `ip` at `now`, or null. An unparsable or missing address is never blocked. */
export async function findIpBlock(
  ip: string | null | undefined,
  now: Date = new Date(),
): Promise<{ id: string; cidr: string; reason: string; expiresAt: Date | null } | null> {
  const normalized = normalizeIp(ip);
  if (!normalized) return null;
  const address = ipaddr.process(normalized);
  for (const block of await activeBlocks()) {
    if (block.expiresAt && block.expiresAt.getTime() <= now.getTime()) continue;
    if (block.range[0].kind() !== address.kind()) continue;
    if (address.match(block.range)) return { id: block.id, cidr: block.cidr, reason: block.reason, expiresAt: block.expiresAt };
  }
  return null;
}

export async function isIpBlocked(ip: string | null | undefined, now: Date = new Date()): Promise<boolean> {
  return (await findIpBlock(ip, now)) !== null;
}

function shape(row: typeof blockedIps.$inferSelect, now: Date): BlockedIp {
  return {
    id: row.id,
    cidr: row.cidr,
    reason: row.reason,
    createdBy: row.createdBy,
    expiresAt: row.expiresAt,
    createdAt: row.createdAt,
    active: !row.expiresAt || row.expiresAt.getTime() > now.getTime(),
  };
}

/** Blocks an address or range (audited). An expired block of the same range is replaced; an active one is a field error. */
export async function blockIp(actor: AuditActor, input: BlockIpInput, now: Date = new Date()): Promise<BlockedIp> {
  const parsed = blockIpSchema.safeParse(input);
  if (!parsed.success) throw validation(z.flattenError(parsed.error).fieldErrors as Record<string, string[]>);
  const { cidr, reason, expiresAt } = parsed.data;
  if (expiresAt && expiresAt.getTime() <= now.getTime()) throw validation({ expiresAt: ["The expiry must be in the future."] });
  const row = await identityDb().transaction(async (tx) => {
    const [existing] = await tx.select().from(blockedIps).where(eq(blockedIps.cidr, cidr)).limit(1);
    if (existing) {
      if (shape(existing, now).active) throw validation({ cidr: [`${cidr} is already blocked.`] });
      await tx.delete(blockedIps).where(eq(blockedIps.id, existing.id));
    }
    const [created] = await tx
      .insert(blockedIps)
      .values({ cidr, reason, createdBy: actor.id, expiresAt: expiresAt ?? null, createdAt: now })
      .returning();
    if (!created) throw new AppError("INTERNAL", "Could not block the address.");
    await writeAudit(tx, auditLog, actor, {
      action: "security.ip_blocked",
      entityType: "blocked_ip",
      entityId: created.id,
      before: existing ? { cidr: existing.cidr, reason: existing.reason, expiresAt: existing.expiresAt } : null,
      after: { cidr, reason, expiresAt: expiresAt ?? null },
    });
    return created;
  });
  clearBlockedIpCache();
  return shape(row, now);
}

export async function unblockIp(actor: AuditActor, id: string): Promise<void> {
  if (typeof id !== "string" || id.length === 0 || id.length > 64) throw notFound("That block does not exist.");
  await identityDb().transaction(async (tx) => {
    const [removed] = await tx.delete(blockedIps).where(eq(blockedIps.id, id)).returning();
    if (!removed) throw notFound("That block does not exist.");
    await writeAudit(tx, auditLog, actor, {
      action: "security.ip_unblocked",
      entityType: "blocked_ip",
      entityId: id,
      before: { cidr: removed.cidr, reason: removed.reason, expiresAt: removed.expiresAt },
    });
  });
  clearBlockedIpCache();
}

/** Every block, newest first, with `active` telling expired ones apart. */
export async function listBlockedIps(options: { includeExpired?: boolean; now?: Date } = {}): Promise<BlockedIp[]> {
  const now = options.now ?? new Date();
  const rows = await identityDb().select().from(blockedIps).orderBy(desc(blockedIps.createdAt), desc(blockedIps.id));
  const shaped = rows.map((row) => shape(row, now));
  return options.includeExpired === false ? shaped.filter((b) => b.active) : shaped;
}
