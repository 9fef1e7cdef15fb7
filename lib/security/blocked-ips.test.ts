import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { eq } from "drizzle-orm";
import { identityDb } from "@/db/identity/client";
import { auditLog, blockedIps } from "@/db/identity/schema";
import type { AuditActor } from "@/lib/audit";
import { AppError } from "@/lib/errors";
import type { TempDatabases } from "@/lib/testing/temp-databases";
import { restartInstance, setupIdentity } from "./__fixtures__/identity";
import { blockIp, clearBlockedIpCache, findIpBlock, isIpBlocked, listBlockedIps, normalizeCidr, unblockIp } from "./blocked-ips";

let temp: TempDatabases;
beforeEach(async () => {
  temp = await setupIdentity();
});
afterEach(() => {
  vi.useRealTimers();
  temp.cleanup();
});

const admin: AuditActor = { id: "admin-1", email: "admin@skyport.test", ip: "198.51.100.1", userAgent: "vitest" };
const HOUR = 60 * 60_000;

async function validationErrors(promise: Promise<unknown>): Promise<Record<string, string[]>> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  expect((error as AppError).code).toBe("VALIDATION");
  return (error as AppError).fieldErrors ?? {};
}

describe("normalizeCidr", () => {
  it("canonicalises addresses and ranges", () => {
    expect(normalizeCidr("203.0.113.7")).toBe("203.0.113.7");
    expect(normalizeCidr("203.0.113.7/32")).toBe("203.0.113.7");
    expect(normalizeCidr("203.0.113.77/24")).toBe("203.0.113.0/24");
    expect(normalizeCidr(" 2001:DB8::ff/64 ")).toBe("2001:db8::/64");
    expect(normalizeCidr("2001:db8::1/128")).toBe("2001:db8::1");
    expect(normalizeCidr("::ffff:203.0.113.0/120")).toBe("203.0.113.0/24");
    expect(normalizeCidr("::ffff:203.0.113.9")).toBe("203.0.113.9");
  });

  it("rejects what is not an address or range", () => {
    for (const bad of ["", "203.0.113.0/33", "2001:db8::/129", "10/8", "10.1/16", "203.0.113.0/-1", "example.com", "1.2.3.4/24/8", "x".repeat(200)]) {
      expect(normalizeCidr(bad)).toBeNull();
    }
  });
});

describe("isIpBlocked", () => {
  it("blocks an exact IPv4 address and nothing next to it", async () => {
    await blockIp(admin, { cidr: "203.0.113.7", reason: "credential stuffing" });
    expect(await isIpBlocked("203.0.113.7")).toBe(true);
    expect(await isIpBlocked("203.0.113.8")).toBe(false);
    expect(await isIpBlocked("::ffff:203.0.113.7")).toBe(true);
  });

  it("blocks every address of an IPv4 CIDR range", async () => {
    await blockIp(admin, { cidr: "198.51.100.0/24", reason: "abusive network" });
    expect(await isIpBlocked("198.51.100.0")).toBe(true);
    expect(await isIpBlocked("198.51.100.255")).toBe(true);
    expect(await isIpBlocked("::ffff:198.51.100.42")).toBe(true);
    expect(await isIpBlocked("198.51.101.1")).toBe(false);
  });

  it("blocks IPv6 addresses and ranges, and keeps the families apart", async () => {
    await blockIp(admin, { cidr: "2001:db8:abcd::/48", reason: "v6 range" });
    await blockIp(admin, { cidr: "2001:db8::1", reason: "v6 host" });
    expect(await isIpBlocked("2001:db8:abcd:12::5")).toBe(true);
    expect(await isIpBlocked("2001:DB8:0::1")).toBe(true);
    expect(await isIpBlocked("2001:db8::2")).toBe(false);
    expect(await isIpBlocked("32.1.13.184")).toBe(false);
  });

  it("ignores expired blocks", async () => {
    const now = new Date();
    await blockIp(admin, { cidr: "192.0.2.0/24", reason: "temporary", expiresAt: new Date(now.getTime() + HOUR) }, now);
    expect(await isIpBlocked("192.0.2.10", now)).toBe(true);
    expect(await isIpBlocked("192.0.2.10", new Date(now.getTime() + HOUR))).toBe(false);
    expect(await findIpBlock("192.0.2.10", new Date(now.getTime() + HOUR - 1))).toMatchObject({ cidr: "192.0.2.0/24", reason: "temporary" });
  });

  it("never blocks a missing or unparsable address", async () => {
    await blockIp(admin, { cidr: "10.0.0.0/8", reason: "everything private" });
    for (const ip of [null, undefined, "", "unknown", "10.1", "10.0.0.1/8"]) expect(await isIpBlocked(ip)).toBe(false);
  });

  it("sees a block added by another instance within the 5-second cache", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    expect(await isIpBlocked("203.0.113.50")).toBe(false);
    // Another instance writes straight to the shared database.
    await identityDb().insert(blockedIps).values({ cidr: "203.0.113.50", reason: "from elsewhere" });
    vi.setSystemTime(Date.now() + 5_001);
    expect(await isIpBlocked("203.0.113.50")).toBe(true);
  });

  it("reads the database again after a restart (nothing survives in memory)", async () => {
    await identityDb().insert(blockedIps).values({ cidr: "203.0.113.60", reason: "seeded" });
    restartInstance();
    expect(await isIpBlocked("203.0.113.60")).toBe(true);
  });
});

describe("blockIp / unblockIp / listBlockedIps", () => {
  it("stores the normalised range and audits the change with the actor", async () => {
    const block = await blockIp(admin, { cidr: "203.0.113.99/24", reason: "  spam  " });
    expect(block).toMatchObject({ cidr: "203.0.113.0/24", reason: "spam", createdBy: "admin-1", expiresAt: null, active: true });
    const [audit] = await identityDb().select().from(auditLog).where(eq(auditLog.entityId, block.id));
    expect(audit).toMatchObject({
      action: "security.ip_blocked",
      entityType: "blocked_ip",
      actorId: "admin-1",
      actorEmail: "admin@skyport.test",
      ip: "198.51.100.1",
      after: { cidr: "203.0.113.0/24", reason: "spam", expiresAt: null },
    });
  });

  it("refuses malformed, oversized and over-broad input with field errors", async () => {
    expect(await validationErrors(blockIp(admin, { cidr: "not-an-ip", reason: "x" }))).toHaveProperty("cidr");
    expect(await validationErrors(blockIp(admin, { cidr: "1.2.3.4".padEnd(500, "4"), reason: "x" }))).toHaveProperty("cidr");
    expect((await validationErrors(blockIp(admin, { cidr: "0.0.0.0/0", reason: "x" }))).cidr?.[0]).toMatch(/wider than \/8/);
    expect(await validationErrors(blockIp(admin, { cidr: "2000::/3", reason: "x" }))).toHaveProperty("cidr");
    expect(await validationErrors(blockIp(admin, { cidr: "203.0.113.1", reason: "" }))).toHaveProperty("reason");
    expect(await validationErrors(blockIp(admin, { cidr: "203.0.113.1", reason: "r".repeat(201) }))).toHaveProperty("reason");
    expect(await validationErrors(blockIp(admin, { cidr: 42 as unknown as string, reason: "x" }))).toHaveProperty("cidr");
    expect(await validationErrors(blockIp(admin, { cidr: "203.0.113.1", reason: "x", expiresAt: new Date(Date.now() - 1000) }))).toHaveProperty(
      "expiresAt",
    );
    expect(await identityDb().select().from(blockedIps)).toEqual([]);
    expect(await identityDb().select().from(auditLog)).toEqual([]);
  });

  it("refuses a second active block of the same range but replaces an expired one", async () => {
    const now = new Date();
    await blockIp(admin, { cidr: "203.0.113.0/24", reason: "first", expiresAt: new Date(now.getTime() + HOUR) }, now);
    expect((await validationErrors(blockIp(admin, { cidr: "203.0.113.5/24", reason: "again" }, now))).cidr?.[0]).toMatch(/already blocked/);
    const later = new Date(now.getTime() + 2 * HOUR);
    const replaced = await blockIp(admin, { cidr: "203.0.113.0/24", reason: "second" }, later);
    expect(replaced).toMatchObject({ reason: "second", active: true });
    expect(await listBlockedIps({ now: later })).toHaveLength(1);
  });

  it("lists blocks newest first with their state, and unblocks (audited)", async () => {
    const now = new Date();
    const a = await blockIp(admin, { cidr: "192.0.2.1", reason: "a", expiresAt: new Date(now.getTime() + 1000) }, now);
    const b = await blockIp(admin, { cidr: "192.0.2.2", reason: "b" }, new Date(now.getTime() + 10));
    const later = new Date(now.getTime() + 5000);
    const list = await listBlockedIps({ now: later });
    expect(list.map((x) => [x.cidr, x.active])).toEqual([
      ["192.0.2.2", true],
      ["192.0.2.1", false],
    ]);
    expect(Object.keys(list[0]!).sort()).toEqual(["active", "cidr", "createdAt", "createdBy", "expiresAt", "id", "reason"]);
    expect(await listBlockedIps({ now: later, includeExpired: false })).toHaveLength(1);

    await unblockIp(admin, b.id);
    expect(await isIpBlocked("192.0.2.2")).toBe(false);
    const actions = (await identityDb().select({ action: auditLog.action, entityId: auditLog.entityId }).from(auditLog)).map((r) => `${r.action}:${r.entityId}`);
    expect(actions).toContain(`security.ip_unblocked:${b.id}`);
    expect(actions).toContain(`security.ip_blocked:${a.id}`);
  });

  it("unblocking an unknown id is NOT_FOUND", async () => {
    await expect(unblockIp(admin, "00000000-0000-7000-8000-000000000000")).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(unblockIp(admin, "")).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("takes effect at once on this instance (its cache is dropped)", async () => {
    expect(await isIpBlocked("203.0.113.70")).toBe(false);
    const block = await blockIp(admin, { cidr: "203.0.113.70", reason: "now" });
    expect(await isIpBlocked("203.0.113.70")).toBe(true);
    await unblockIp(admin, block.id);
    expect(await isIpBlocked("203.0.113.70")).toBe(false);
    clearBlockedIpCache();
  });
});
