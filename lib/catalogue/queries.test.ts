import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { billingDb } from "@/db/billing/client";
import { prices, products } from "@/db/billing/schema";
import { useTempDatabases, type TempDatabases } from "@/lib/testing/temp-databases";
import { listVpnPlans, yearlySavingPercent } from "./queries";

let temp: TempDatabases;

beforeAll(async () => {
  temp = await useTempDatabases();
  const db = billingDb();
  const [personal, family, hidden, hosting, noUsd] = await db
    .insert(products)
    .values([
      { slug: "personal", type: "vpn", name: "Personal", tagline: "For one person", features: ["All locations"], moduleConfig: { deviceLimit: 3 }, sortOrder: 1 },
      { slug: "family", type: "vpn", name: "Family", features: [], moduleConfig: { deviceLimit: 10 }, featured: true, sortOrder: 2 },
      { slug: "old", type: "vpn", name: "Old plan", visible: false, moduleConfig: { deviceLimit: 1 }, sortOrder: 0 },
      { slug: "web", type: "hosting", name: "Web hosting", sortOrder: 0 },
      { slug: "eur-only", type: "vpn", name: "Euro plan", moduleConfig: {}, sortOrder: 3 },
    ])
    .returning({ id: products.id });
  await db.insert(prices).values([
    { productId: personal!.id, cycle: "monthly", currency: "USD", amount: 499 },
    { productId: personal!.id, cycle: "yearly", currency: "USD", amount: 4788 },
    { productId: personal!.id, cycle: "monthly", currency: "EUR", amount: 459 },
    { productId: family!.id, cycle: "monthly", currency: "USD", amount: 999 },
    { productId: family!.id, cycle: "yearly", currency: "USD", amount: 9588 },
    { productId: family!.id, cycle: "quarterly", currency: "USD", amount: 2799 },
    { productId: family!.id, cycle: "yearly", currency: "EUR", amount: 1, active: false },
    { productId: hidden!.id, cycle: "monthly", currency: "USD", amount: 100 },
    { productId: hosting!.id, cycle: "monthly", currency: "USD", amount: 300 },
    { productId: noUsd!.id, cycle: "monthly", currency: "EUR", amount: 700 },
  ]);
});

afterAll(() => temp?.cleanup());

describe("listVpnPlans", () => {
  it("returns visible VPN plans in order with monthly and yearly prices in the currency", async () => {
    const plans = await listVpnPlans();
    expect(plans.map((p) => p.slug)).toEqual(["personal", "family"]);
    expect(plans[0]).toEqual({
      slug: "personal",
      name: "Personal",
      tagline: "For one person",
      features: ["All locations"],
      deviceLimit: 3,
      featured: false,
      currency: "USD",
      prices: { monthly: 499, yearly: 4788 },
      yearlySavingPercent: 20,
      yearlyPerMonth: 399,
    });
    expect(plans[1]).toMatchObject({ slug: "family", deviceLimit: 10, featured: true, prices: { monthly: 999, yearly: 9588 } });
  });

  it("leaves out plans with no active price in the currency", async () => {
    const plans = await listVpnPlans("eur");
    expect(plans.map((p) => [p.slug, p.prices])).toEqual([
      ["personal", { monthly: 459, yearly: null }],
      ["eur-only", { monthly: 700, yearly: null }],
    ]);
    expect(plans[1]!.deviceLimit).toBeNull();
    expect(plans[0]!.yearlySavingPercent).toBeNull();
  });
});

describe("yearlySavingPercent", () => {
  it("rounds down and ignores non-savings", () => {
    expect(yearlySavingPercent(1000, 10000)).toBe(16);
    expect(yearlySavingPercent(1000, 12000)).toBeNull();
    expect(yearlySavingPercent(1000, 13000)).toBeNull();
    expect(yearlySavingPercent(null, 1000)).toBeNull();
  });
});
