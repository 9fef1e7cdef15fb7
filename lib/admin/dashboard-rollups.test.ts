/**
 * The dashboard's rollups (revenue_monthly, service_totals — kept by triggers, drizzle/billing/0006) and the page's
 * fast paths against the straightforward queries, on generated data: random services, plan changes and payments,
 * then random updates and deletes (status changes, refunds, re-dated payments, repriced services), compared after
 * each round at several instants. Any drift between a trigger and the rows it sums shows up as a mismatch.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq, inArray, sql } from "drizzle-orm";
import { billingDb } from "@/db/billing/client";
import { BILLING_CYCLES, GATEWAYS, payments, prices, products, serviceChanges, services, SERVICE_STATUSES } from "@/db/billing/schema";
import { useTempDatabases, type TempDatabases } from "@/lib/testing/temp-databases";
import { activeServicesByProduct, mrrMovement, mrrThisMonth, revenueByMonth, revenueForDashboard, startOfUtcMonth } from "./dashboard";

let temp: TempDatabases;
const DAY = 86_400_000;
const BASE = Date.UTC(2026, 8, 1); // 2026-09-01: data spread over Sep 2026 – Jan 2027

/** Deterministic PRNG (mulberry32) so a failure reproduces. */
function prng(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const rand = prng(20261122);
const pick = <T,>(items: readonly T[]): T => items[Math.floor(rand() * items.length)]!;
const int = (n: number) => Math.floor(rand() * n);
const at = (days: number) => new Date(BASE + Math.floor(rand() * days * DAY));
const maybe = <T,>(p: number, value: () => T): T | null => (rand() < p ? value() : null);

const productIds: string[] = [];
const priceIds: string[] = [];
const serviceIds: string[] = [];
const paymentIds: string[] = [];

beforeAll(async () => {
  process.env.AUTH_SECRET = "test-auth-secret-0123456789-abcdefghijkl";
  process.env.ENCRYPTION_KEY = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
  temp = await useTempDatabases();
});

afterAll(() => temp?.cleanup());

async function insertRound(round: number) {
  const db = billingDb();
  if (!productIds.length) {
    const rows = await db
      .insert(products)
      .values([1, 2, 3].map((i) => ({ slug: `p${i}`, type: "vpn" as const, name: `Product ${i}` })))
      .returning({ id: products.id });
    productIds.push(...rows.map((r) => r.id));
    const priced = await db
      .insert(prices)
      .values(
        Array.from({ length: 8 }, (_, i) => ({
          productId: pick(productIds),
          cycle: BILLING_CYCLES[i % 6]!,
          currency: i % 3 ? "USD" : "EUR",
          amount: 100 + int(50_000),
        })),
      )
      .returning({ id: prices.id });
    priceIds.push(...priced.map((p) => p.id));
  }
  const newServices = Array.from({ length: 120 }, (_, i) => {
    const status = pick(SERVICE_STATUSES);
    const createdAt = at(150);
    const ended = status === "cancelled" || status === "terminated";
    const end = () => new Date(createdAt.getTime() + int(90) * DAY + int(DAY));
    return {
      id: `r${round}-s${i}`,
      customerId: `c${int(40)}`,
      productId: pick(productIds),
      cycle: pick(BILLING_CYCLES),
      currency: pick(["USD", "EUR", "GBP"]),
      amount: int(60_000),
      status,
      createdAt,
      updatedAt: new Date(createdAt.getTime() + int(120) * DAY),
      cancelledAt: ended ? maybe(0.7, end) : maybe(0.1, end),
      terminatedAt: status === "terminated" ? maybe(0.6, end) : null,
    };
  });
  await db.insert(services).values(newServices);
  serviceIds.push(...newServices.map((s) => s.id));
  await db.insert(serviceChanges).values(
    Array.from({ length: 40 }, () => ({
      serviceId: pick(serviceIds),
      fromPriceId: pick(priceIds),
      toPriceId: pick(priceIds),
      kind: pick(["upgrade", "downgrade"] as const),
      prorationAmount: 0,
      currency: "USD",
      status: pick(["applied", "applied", "applied", "pending", "cancelled"] as const),
      appliedAt: maybe(0.9, () => at(150)),
    })),
  );
  const newPayments = Array.from({ length: 150 }, (_, i) => {
    const amount = int(40_000);
    const status = pick(["succeeded", "succeeded", "partially_refunded", "refunded", "failed", "pending", "disputed"] as const);
    return {
      id: `r${round}-p${i}`,
      customerId: `c${int(40)}`,
      gateway: pick(GATEWAYS),
      gatewayRef: `r${round}-${i}`,
      amount,
      amountRefunded: status === "refunded" ? amount : status === "partially_refunded" ? int(amount + 1) : 0,
      currency: pick(["USD", "EUR"]),
      status,
      // From a year before the data window (outside the twelve months) to inside it.
      paidAt: maybe(0.9, () => new Date(BASE - 330 * DAY + int(480) * DAY + int(DAY))),
    };
  });
  await db.insert(payments).values(newPayments);
  paymentIds.push(...newPayments.map((p) => p.id));
}

/** Updates and deletes of every kind the triggers must follow. */
async function mutateRound() {
  const db = billingDb();
  for (let i = 0; i < 25; i++) {
    const id = pick(serviceIds);
    const status = pick(SERVICE_STATUSES);
    await db
      .update(services)
      .set({
        status,
        ...(rand() < 0.5 ? { amount: int(60_000) } : {}),
        ...(rand() < 0.3 ? { cycle: pick(BILLING_CYCLES) } : {}),
        ...(rand() < 0.2 ? { productId: pick(productIds), currency: pick(["USD", "EUR", "GBP"]) } : {}),
        ...(status === "cancelled" || status === "terminated" ? { cancelledAt: at(150) } : {}),
      })
      .where(eq(services.id, id));
  }
  for (let i = 0; i < 25; i++) {
    const id = pick(paymentIds);
    const change = int(4);
    if (change === 0) await db.update(payments).set({ status: "refunded", amountRefunded: sql`${payments.amount}` }).where(eq(payments.id, id));
    else if (change === 1) await db.update(payments).set({ paidAt: at(150) }).where(eq(payments.id, id));
    else if (change === 2) await db.update(payments).set({ gateway: pick(GATEWAYS), currency: pick(["USD", "EUR"]) }).where(eq(payments.id, id));
    else await db.update(payments).set({ status: pick(["succeeded", "disputed", "failed"] as const), amount: int(40_000) }).where(eq(payments.id, id));
  }
  const goneServices = serviceIds.splice(0, 6);
  await db.delete(serviceChanges).where(inArray(serviceChanges.serviceId, goneServices));
  await db.delete(services).where(inArray(services.id, goneServices));
  await db.delete(payments).where(inArray(payments.id, paymentIds.splice(0, 8)));
}

async function activeByCounting() {
  const rows = await billingDb().all<{ productId: string; name: string; count: number }>(sql`
    SELECT p.id AS productId, p.name AS name, COUNT(*) AS count FROM services s JOIN products p ON p.id = s.product_id
    WHERE s.status = 'active' GROUP BY p.id ORDER BY count DESC, p.name`);
  return rows.map((r) => ({ ...r, count: Number(r.count) }));
}

async function expectFastPathsExact() {
  for (const instant of ["2026-09-01T00:00:00Z", "2026-10-17T08:30:00Z", "2026-11-22T12:00:00Z", "2026-12-31T23:59:59Z", "2027-02-03T00:00:00Z"]) {
    const now = new Date(instant);
    expect(await mrrThisMonth(now), `MRR at ${instant}`).toEqual(await mrrMovement(startOfUtcMonth(now), now));
    expect(await revenueForDashboard(now), `revenue at ${instant}`).toEqual(await revenueByMonth(now));
  }
  expect(await activeServicesByProduct()).toEqual(await activeByCounting());
}

describe("dashboard rollups on generated data", () => {
  it("the triggers and the ended-services index exist after all migrations (a later table rebuild must recreate them)", async () => {
    // drizzle-kit does not know about triggers: a migration that rebuilds payments or services (`__new_` tables)
    // would drop them silently and the rollups would drift. This fails first.
    const objects = await billingDb().all<{ type: string; name: string; tbl_name: string }>(
      sql`SELECT type, name, tbl_name FROM sqlite_master WHERE type = 'trigger' OR name = 'services_ended_idx' ORDER BY name`,
    );
    expect(objects.map((o) => `${o.type} ${o.name} on ${o.tbl_name}`)).toEqual([
      "trigger revenue_monthly_after_delete on payments",
      "trigger revenue_monthly_after_insert on payments",
      "trigger revenue_monthly_after_update on payments",
      "trigger service_totals_after_delete on services",
      "trigger service_totals_after_insert on services",
      "trigger service_totals_after_update on services",
      "index services_ended_idx on services",
    ]);
  });

  it("equal the straightforward queries after inserts, updates and deletes", async () => {
    for (let round = 0; round < 3; round++) {
      await insertRound(round);
      await expectFastPathsExact();
      await mutateRound();
      await expectFastPathsExact();
    }
    // The generated data really exercises every part: movement in both directions, revenue in several months.
    const movement = await mrrMovement(new Date("2026-11-01T00:00:00Z"), new Date("2026-12-01T00:00:00Z"));
    const sum = (k: "new" | "churn" | "expansion" | "contraction") => movement.reduce((a, m) => a + m[k], 0);
    expect(sum("new")).toBeGreaterThan(0);
    expect(sum("churn")).toBeGreaterThan(0);
    expect(sum("expansion") + sum("contraction")).toBeGreaterThan(0);
    expect((await revenueByMonth(new Date("2026-11-22T12:00:00Z"))).points.length).toBeGreaterThan(10);
  });

  it("the backfill in the migration builds the rollups from rows that existed before it", async () => {
    // Rebuild both rollups the way migration 0006 backfilled them and compare with what the triggers kept.
    const db = billingDb();
    const kept = {
      revenue: await db.all(sql`SELECT month, gateway, currency, amount, payments FROM revenue_monthly WHERE payments > 0 ORDER BY 1, 2, 3`),
      totals: await db.all(sql`SELECT status, product_id, currency, cycle, services, monthly FROM service_totals WHERE services > 0 ORDER BY 1, 2, 3, 4`),
    };
    const migration = await import("node:fs/promises").then((fs) => fs.readFile("drizzle/billing/0008_dashboard_rollups.sql", "utf8"));
    const backfills = migration.split("--> statement-breakpoint").filter((s) => /^\s*INSERT INTO/m.test(s) && !/CREATE TRIGGER/.test(s));
    expect(backfills).toHaveLength(2);
    await db.run(sql`DELETE FROM revenue_monthly`);
    await db.run(sql`DELETE FROM service_totals`);
    for (const statement of backfills) await db.run(sql.raw(statement));
    expect(await db.all(sql`SELECT month, gateway, currency, amount, payments FROM revenue_monthly WHERE payments > 0 ORDER BY 1, 2, 3`)).toEqual(kept.revenue);
    expect(await db.all(sql`SELECT status, product_id, currency, cycle, services, monthly FROM service_totals WHERE services > 0 ORDER BY 1, 2, 3, 4`)).toEqual(kept.totals);
  });
});
