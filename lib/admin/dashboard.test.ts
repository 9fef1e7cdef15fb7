import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { billingDb } from "@/db/billing/client";
import { invoices, jobs as billingJobs, payments, prices, products, serviceChanges, services } from "@/db/billing/schema";
import { identityDb } from "@/db/identity/client";
import { users } from "@/db/identity/schema";
import { jobs as opsJobs } from "@/db/ops/schema";
import { opsDb } from "@/db/ops/client";
import { supportDb } from "@/db/support/client";
import { departments, tickets } from "@/db/support/schema";
import { vpnDb } from "@/db/vpn/client";
import { servers } from "@/db/vpn/schema";
import { useTempDatabases, type TempDatabases } from "@/lib/testing/temp-databases";
import {
  activeServicesByProduct,
  failedJobs,
  mrrThisMonth,
  revenueForDashboard,
  startOfUtcMonth,
  loadDashboard,
  monthlyAmount,
  mrrMovement,
  newSignUps,
  openTicketsByPriority,
  overdueInvoices,
  revenueByMonth,
  vpnServerHealth,
} from "./dashboard";

let temp: TempDatabases;
const now = new Date("2026-11-22T12:00:00Z");
const d = (iso: string) => new Date(`${iso}T00:00:00Z`);
let vpnProduct = "";
let hostingProduct = "";

beforeAll(async () => {
  process.env.AUTH_SECRET = "test-auth-secret-0123456789-abcdefghijkl";
  process.env.ENCRYPTION_KEY = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
  temp = await useTempDatabases();
  const billing = billingDb();
  const [vpn, hosting] = await billing
    .insert(products)
    .values([
      { slug: "vpn", type: "vpn", name: "VPN" },
      { slug: "web", type: "hosting", name: "Web hosting" },
    ])
    .returning({ id: products.id });
  vpnProduct = vpn!.id;
  hostingProduct = hosting!.id;
  const [a, b, c] = await billing
    .insert(prices)
    .values([
      { productId: vpnProduct, cycle: "monthly", currency: "USD", amount: 1000 },
      { productId: vpnProduct, cycle: "yearly", currency: "USD", amount: 30000 },
      { productId: hostingProduct, cycle: "monthly", currency: "USD", amount: 500 },
    ])
    .returning({ id: prices.id });
  const priceA = a!.id; // 1000 / month
  const priceB = b!.id; // 30000 / year = 2500 / month
  const priceC = c!.id; // 500 / month

  const svc = (over: Partial<typeof services.$inferInsert> & { id: string }) => ({
    customerId: `cust-${over.id}`,
    productId: vpnProduct,
    cycle: "monthly" as const,
    currency: "USD",
    amount: 1000,
    status: "active" as const,
    createdAt: d("2026-10-01"),
    ...over,
  });
  await billing.insert(services).values([
    svc({ id: "s1" }), // steady 1000
    svc({ id: "s2", cycle: "yearly", amount: 12000, createdAt: d("2026-09-01") }), // steady 1000
    svc({ id: "s3", amount: 2000, createdAt: d("2026-11-10") }), // new 2000
    svc({ id: "s4", amount: 1500, createdAt: d("2026-10-05"), status: "cancelled", cancelledAt: d("2026-11-15") }), // churn 1500
    svc({ id: "s5", amount: 30000, cycle: "yearly", priceId: priceB }), // upgraded A→B on 11-20: expansion 1500
    svc({ id: "s6", amount: 500, priceId: priceC, productId: hostingProduct }), // downgraded A→C on 11-12: contraction 500
    svc({ id: "s7", createdAt: d("2026-11-03"), status: "cancelled", cancelledAt: d("2026-11-20") }), // in and out: nothing
    svc({ id: "s8", status: "pending", createdAt: d("2026-11-05") }), // never active: nothing
    svc({ id: "s9", cycle: "one_time", amount: 9900 }), // not recurring: nothing
    svc({ id: "s10", createdAt: d("2026-08-01"), status: "terminated", terminatedAt: d("2026-10-20") }), // gone before
    svc({ id: "s11", cycle: "quarterly", amount: 2999 }), // (5998 + 3) / 6 = 1000
    svc({ id: "s12", amount: 30000, cycle: "yearly", priceId: priceB }), // upgraded after the period: 1000 both ends
    svc({ id: "s13", currency: "EUR", amount: 900 }),
    svc({ id: "s14", currency: "EUR", amount: 450, createdAt: d("2026-11-02") }), // new EUR 450
    svc({ id: "s15", status: "suspended" }), // still billed: 1000
  ]);
  await billing.insert(serviceChanges).values([
    { serviceId: "s5", fromPriceId: priceA, toPriceId: priceB, kind: "upgrade", prorationAmount: 0, currency: "USD", status: "applied", appliedAt: d("2026-11-20") },
    { serviceId: "s6", fromPriceId: priceA, toPriceId: priceC, kind: "downgrade", prorationAmount: 0, currency: "USD", status: "applied", appliedAt: d("2026-11-12") },
    { serviceId: "s12", fromPriceId: priceA, toPriceId: priceB, kind: "upgrade", prorationAmount: 0, currency: "USD", status: "applied", appliedAt: d("2026-12-02") },
    // A pending change has not happened: ignored.
    { serviceId: "s1", fromPriceId: priceA, toPriceId: priceB, kind: "upgrade", prorationAmount: 0, currency: "USD", status: "pending" },
  ]);

  const pay = (over: Partial<typeof payments.$inferInsert>) => ({
    customerId: "cust-1",
    gateway: "stripe" as const,
    amount: 1000,
    currency: "USD",
    status: "succeeded" as const,
    paidAt: d("2026-11-05"),
    ...over,
  });
  await billing.insert(payments).values([
    pay({ gatewayRef: "p1" }),
    pay({ gatewayRef: "p2", amount: 3000, amountRefunded: 500, status: "partially_refunded", paidAt: d("2026-11-06") }),
    pay({ gatewayRef: "p3", gateway: "paypal", amount: 2000, paidAt: d("2026-10-10") }),
    pay({ gatewayRef: "p4", gateway: "credit", amount: 700 }), // spending credit is not new revenue
    pay({ gatewayRef: "p5", status: "failed", paidAt: null }),
    pay({ gatewayRef: "p6", paidAt: new Date("2025-11-30T23:59:59Z") }), // just outside the 12 months
    pay({ gatewayRef: "p7", gateway: "bank_transfer", currency: "EUR", amount: 1200, paidAt: d("2025-12-01") }),
  ]);

  const inv = (over: Partial<typeof invoices.$inferInsert>) => ({ customerId: "cust-1", currency: "USD", status: "overdue" as const, ...over });
  await billing.insert(invoices).values([
    inv({ number: "INV-1", total: 5000, amountPaid: 1000 }),
    inv({ number: "INV-2", total: 2000 }),
    inv({ number: "INV-3", total: 300, currency: "EUR" }),
    inv({ number: "INV-4", total: 800, status: "unpaid" }),
  ]);

  await identityDb()
    .insert(users)
    .values([
      { email: "today@x.test", createdAt: new Date("2026-11-22T08:00:00Z") },
      { email: "first-day@x.test", createdAt: d("2026-10-24") },
      { email: "too-old@x.test", createdAt: new Date("2026-10-23T23:00:00Z") }, // previous window
      { email: "ancient@x.test", createdAt: d("2026-01-01") },
      { email: "staff@x.test", role: "support", createdAt: d("2026-11-20") },
    ]);

  const [dept] = await supportDb().insert(departments).values({ slug: "general", name: "General" }).returning({ id: departments.id });
  const t = (number: string, priority: "low" | "normal" | "high" | "urgent", status: "open" | "awaiting_customer" | "closed" | "awaiting_staff") => ({
    number,
    customerId: "cust-1",
    departmentId: dept!.id,
    subject: number,
    priority,
    status,
  });
  await supportDb().insert(tickets).values([t("T-1", "urgent", "open"), t("T-2", "high", "awaiting_customer"), t("T-3", "high", "closed"), t("T-4", "low", "awaiting_staff")]);

  const srv = (slug: string, lastSeenAt: Date | null, over: Partial<typeof servers.$inferInsert> = {}) => ({
    slug,
    name: slug,
    countryCode: "DE",
    city: "Frankfurt",
    endpointHost: `${slug}.example.test`,
    publicKey: `${slug}-key`,
    lastSeenAt,
    ...over,
  });
  await vpnDb().insert(servers).values([
    srv("de-1", new Date(now.getTime() - 30_000), { peerCount: 50, capacity: 250, loadPermille: 200, sortOrder: 1 }),
    srv("de-2", new Date(now.getTime() - 600_000), { sortOrder: 2 }),
    srv("off", null, { active: false }),
  ]);

  await opsDb().insert(opsJobs).values([
    { type: "x", payload: {}, status: "failed" },
    { type: "x", payload: {}, status: "dead" },
    { type: "x", payload: {}, status: "succeeded" },
  ]);
  await billingDb().insert(billingJobs).values([{ type: "y", payload: {}, status: "dead" }]);
});

afterAll(() => temp?.cleanup());

describe("admin dashboard queries", () => {
  it("normalises cycles to whole minor units per month, rounding half up", () => {
    expect(monthlyAmount(1000, "monthly")).toBe(1000);
    expect(monthlyAmount(2999, "quarterly")).toBe(1000);
    expect(monthlyAmount(1000, "yearly")).toBe(83); // 83.33
    expect(monthlyAmount(1002, "yearly")).toBe(84); // 83.5 rounds up
    expect(monthlyAmount(5000, "one_time")).toBe(0);
  });

  it("computes MRR movement exactly, per currency, from services and applied plan changes", async () => {
    const movement = await mrrMovement(d("2026-11-01"), d("2026-12-01"));
    expect(movement).toEqual([
      { currency: "EUR", start: 900, new: 450, expansion: 0, contraction: 0, churn: 0, end: 1350, services: 2 },
      { currency: "USD", start: 8500, new: 2000, expansion: 1500, contraction: 500, churn: 1500, end: 10000, services: 8 },
    ]);
    for (const m of movement) expect(m.start + m.new + m.expansion - m.contraction - m.churn).toBe(m.end);
  });

  it("reconstructs an earlier period from the changes applied since", async () => {
    // October: s5 and s6 were still on price A (1000), s12 too; s4 and s7 … s4 was live; s10 churned on 10-20.
    const [eur, usd] = await mrrMovement(d("2026-10-01"), d("2026-11-01"));
    expect(eur).toMatchObject({ start: 0, new: 900, end: 900 });
    // live at 10-01 (created before): s2 (09-01), s10 (08-01). s1, s5, s6, s11, s12, s15 created exactly 10-01 are new.
    expect(usd).toMatchObject({ start: 2000, churn: 1000, new: 7500, expansion: 0, contraction: 0, end: 8500 });
  });

  it("the page's fast paths (rollups + ranges since the month began) give exactly the reference numbers", async () => {
    for (const at of [now, d("2026-11-01"), new Date("2026-11-30T23:59:59Z"), d("2026-12-05"), d("2026-10-15")]) {
      expect(await mrrThisMonth(at)).toEqual(await mrrMovement(startOfUtcMonth(at), at));
      expect(await revenueForDashboard(at)).toEqual(await revenueByMonth(at));
    }
  });

  it("sums revenue of the last 12 months per month and gateway, net of refunds, without account credit", async () => {
    const revenue = await revenueByMonth(now);
    expect(revenue.months[0]).toBe("2025-12");
    expect(revenue.months[11]).toBe("2026-11");
    expect(revenue.points).toEqual([
      { month: "2025-12", gateway: "bank_transfer", currency: "EUR", amount: 1200 },
      { month: "2026-10", gateway: "paypal", currency: "USD", amount: 2000 },
      { month: "2026-11", gateway: "stripe", currency: "USD", amount: 3500 },
    ]);
  });

  it("counts active services by product, overdue totals, open tickets, sign-ups, servers and failed jobs", async () => {
    expect(await activeServicesByProduct()).toEqual([
      { productId: vpnProduct, name: "VPN", count: 9 }, // the one-time service is active too,
      { productId: hostingProduct, name: "Web hosting", count: 1 },
    ]);
    expect(await overdueInvoices()).toEqual([
      { currency: "EUR", invoices: 1, amount: 300 },
      { currency: "USD", invoices: 2, amount: 6000 },
    ]);
    expect(await openTicketsByPriority()).toEqual([
      { priority: "urgent", count: 1 },
      { priority: "high", count: 1 },
      { priority: "normal", count: 0 },
      { priority: "low", count: 1 },
    ]);
    const signUps = await newSignUps(now);
    expect(signUps.last30Days).toBe(2);
    expect(signUps.previous30Days).toBe(1);
    expect(signUps.daily).toHaveLength(30);
    expect(signUps.daily[0]).toEqual({ day: "2026-10-24", count: 1 });
    expect(signUps.daily[29]).toEqual({ day: "2026-11-22", count: 1 });
    const health = await vpnServerHealth(now);
    expect(health.map((s) => [s.name, s.online, s.loadPermille])).toEqual([
      ["de-1", true, 200],
      ["de-2", false, 0],
    ]);
    expect(await failedJobs()).toEqual([
      { database: "billing", failed: 0, dead: 1 },
      { database: "ops", failed: 1, dead: 1 },
    ]);
  });

  it("queries only what the staff member may see", async () => {
    const data = await loadDashboard({ billing: false, customers: false, tickets: true, jobs: false }, now);
    expect(data.revenue).toBeNull();
    expect(data.mrr).toBeNull();
    expect(data.overdue).toBeNull();
    expect(data.signUps).toBeNull();
    expect(data.jobs).toBeNull();
    expect(data.tickets).toHaveLength(4);
    expect(data.slaBreaches).toEqual({ firstResponse: 0, resolution: 0, total: 0 });
    // A ticket past its first-response target counts as a breach on the dashboard.
    await supportDb().update(tickets).set({ firstResponseDueAt: new Date(now.getTime() - 60_000) }).where(eq(tickets.number, "T-1"));
    const later = await loadDashboard({ billing: false, customers: false, tickets: true, jobs: false }, now);
    expect(later.slaBreaches).toEqual({ firstResponse: 1, resolution: 0, total: 1 });
  });
});
