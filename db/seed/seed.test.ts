import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { asc, eq } from "drizzle-orm";
import { useTempDatabases, type TempDatabases } from "@/lib/testing/temp-databases";
import { DATABASE_NAMES, databaseConfig } from "@/lib/env";
import { openClient } from "@/db/connection";
import { seedAll, type SeedResult } from "@/db/seed";
import { billingDb } from "@/db/billing/client";
import { prices, products } from "@/db/billing/schema";
import { vpnDb } from "@/db/vpn/client";
import { servers } from "@/db/vpn/schema";
import { identityDb } from "@/db/identity/client";
import { rolePermissions, users } from "@/db/identity/schema";
import { verifyPassword } from "@/lib/auth/password";

/** Row count of every table in every database. */
async function snapshotCounts(): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const name of DATABASE_NAMES) {
    const client = openClient(databaseConfig(name));
    const tables = await client.execute(
      "select name from sqlite_master where type = 'table' and name not like 'sqlite_%' and name <> '__drizzle_migrations' order by name",
    );
    for (const row of tables.rows) {
      const table = String(row.name);
      const result = await client.execute(`select count(*) as n from "${table}"`);
      counts[`${name}.${table}`] = Number(result.rows[0]!.n);
    }
  }
  return counts;
}

describe("seedAll", () => {
  let temp: TempDatabases;
  let first: SeedResult;
  let second: SeedResult;
  let afterFirst: Record<string, number>;
  let afterSecond: Record<string, number>;

  beforeAll(async () => {
    temp = await useTempDatabases();
    first = await seedAll();
    afterFirst = await snapshotCounts();
    second = await seedAll();
    afterSecond = await snapshotCounts();
  });
  afterAll(() => temp.cleanup());

  it("is idempotent: a second run inserts nothing and leaves the same rows", () => {
    expect(afterSecond).toEqual(afterFirst);
    for (const module of second.modules) for (const part of module.parts) expect(part.inserted, `${module.database} ${part.label}`).toBe(0);
    expect(afterFirst["content.blog_posts"]).toBe(3);
    expect(afterFirst["content.pages"]).toBe(3);
    expect(afterFirst["support.departments"]).toBe(4);
  });

  it("creates VPN plans with device limits 3/10/50, each with monthly and yearly prices, yearly cheaper", async () => {
    const db = billingDb();
    const plans = await db.select().from(products).where(eq(products.type, "vpn")).orderBy(asc(products.sortOrder));
    expect(plans.map((p) => p.name)).toEqual(["Personal", "Family", "Business"]);
    expect(plans.map((p) => p.moduleConfig.deviceLimit)).toEqual([3, 10, 50]);
    expect(plans.every((p) => p.module === "vpn" && p.moduleConfig.vipAccess === false)).toBe(true);
    for (const plan of plans) {
      const rows = await db.select().from(prices).where(eq(prices.productId, plan.id));
      for (const currency of ["USD", "EUR", "GBP"]) {
        const monthly = rows.find((r) => r.cycle === "monthly" && r.currency === currency);
        const yearly = rows.find((r) => r.cycle === "yearly" && r.currency === currency);
        expect(monthly, `${plan.slug} monthly ${currency}`).toBeDefined();
        expect(yearly, `${plan.slug} yearly ${currency}`).toBeDefined();
        expect(Number.isInteger(monthly!.amount)).toBe(true);
        expect(yearly!.amount).toBeLessThan(monthly!.amount * 12);
      }
    }
  });

  it("creates at least 4 VPN locations, exactly one VIP-only, with real X25519 public keys and reserved hosts", async () => {
    const rows = await vpnDb().select().from(servers);
    expect(rows.length).toBeGreaterThanOrEqual(4);
    expect(rows.filter((s) => s.accessLevel === "vip")).toHaveLength(1);
    for (const s of rows) {
      expect(Buffer.from(s.publicKey, "base64")).toHaveLength(32);
      expect(s.publicKey).toMatch(/^[A-Za-z0-9+/]{43}=$/);
      expect(s.endpointHost).toMatch(/\.test$/);
      expect(s.agentTokenHash).toBeNull();
    }
    expect(new Set(rows.map((s) => s.publicKey)).size).toBe(rows.length);
  });

  it("creates the admin with an argon2id hash of the generated password, returned only on the first run", async () => {
    expect(first.admin.created).toBe(true);
    expect(first.admin.email).toBe("admin@skyport.test");
    expect(first.admin.generatedPassword).toMatch(/^[A-Za-z0-9_-]{24}$/);
    expect(second.admin.created).toBe(false);
    expect(second.admin.generatedPassword).toBeUndefined();

    const admin = await identityDb().select().from(users).where(eq(users.email, "admin@skyport.test")).get();
    expect(admin?.role).toBe("admin");
    expect(admin?.emailVerified).toBeInstanceOf(Date);
    expect(admin?.passwordHash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(await verifyPassword(admin!.passwordHash, first.admin.generatedPassword!)).toBe(true);
    expect(await verifyPassword(admin!.passwordHash, "not-the-password")).toBe(false);
  });

  it("grants every permission to admin and none to customer", async () => {
    const grants = await identityDb().select().from(rolePermissions);
    const of = (role: string) => grants.filter((g) => g.roleKey === role).map((g) => g.permissionKey);
    expect(of("admin")).toEqual(expect.arrayContaining(["customers.impersonate", "invoices.refund", "staff.manage", "audit.read"]));
    expect(of("customer")).toEqual([]);
    expect(of("support")).not.toContain("invoices.refund");
    expect(of("support")).toEqual(expect.arrayContaining(["tickets.read", "tickets.reply", "tickets.manage", "support.settings.write"]));
  });
});

describe("seedAll with ADMIN_EMAIL / ADMIN_PASSWORD", () => {
  let temp: TempDatabases;
  beforeAll(async () => {
    temp = await useTempDatabases();
  });
  afterAll(() => temp.cleanup());

  it("uses the given credentials, never prints a password, and never changes an existing admin's password", async () => {
    const result = await seedAll({ adminEmail: "Boss@Example.COM", adminPassword: "correct horse battery" });
    expect(result.admin).toEqual({ email: "boss@example.com", created: true, generatedPassword: undefined });
    const before = await identityDb().select().from(users).where(eq(users.email, "boss@example.com")).get();
    expect(await verifyPassword(before!.passwordHash, "correct horse battery")).toBe(true);

    const again = await seedAll({ adminEmail: "boss@example.com", adminPassword: "a different password" });
    expect(again.admin.created).toBe(false);
    const after = await identityDb().select().from(users).where(eq(users.email, "boss@example.com")).get();
    expect(after!.passwordHash).toBe(before!.passwordHash);
  });

  it("refuses a short admin password", async () => {
    await expect(seedAll({ adminPassword: "short" })).rejects.toThrow(/at least 12/);
  });
});
