import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq, sql } from "drizzle-orm";
import { billingDb } from "@/db/billing/client";
import { invoiceItems, invoices } from "@/db/billing/schema";
import type { TempDatabases } from "@/lib/testing/temp-databases";
import { addTaxRate, priceOf, setupBillingDatabases } from "./__fixtures__/setup";
import { COUNT_CAP, listAdminInvoices } from "./admin";
import { saveBillingProfile } from "./profile";
import "./register-jobs";
import { runRenewals } from "./renewals";

let temp: TempDatabases;
beforeAll(async () => {
  temp = await setupBillingDatabases();
  await addTaxRate({ name: "USt", country: "DE", rateBps: 1900 });
});
afterAll(() => temp.cleanup());

describe("renewal runs in batches", () => {
  it("issues one invoice per service with gap-free numbers, the right tax per customer, and nothing on a re-run", async () => {
    const price = await priceOf("vpn-personal", "monthly", "USD");
    const end = Date.parse("2027-01-31T12:00:00Z");
    const N = 620; // more than one batch
    await billingDb().run(sql`
      with recursive seq(i) as (select 0 union all select i + 1 from seq where i < ${N - 1})
      insert into services (id, customer_id, product_id, price_id, cycle, currency, amount, status, provisioning_status, config, next_due_at, current_period_start, current_period_end, cancel_at_period_end, created_at, updated_at)
      select printf('svc-%04d', i), 'batch-' || (i % 7), ${price.productId}, ${price.id}, 'monthly', 'USD', 499, 'active', 'succeeded', '{}', ${end}, ${end - 31 * 86_400_000}, ${end}, 0, 0, 0 from seq`);
    await saveBillingProfile({ id: null, email: "system" }, "batch-3", { name: "Taxed", country: "DE" });
    const now = new Date("2027-01-25T12:00:00Z");
    const [a, b] = await Promise.all([runRenewals({ now }), runRenewals({ now })]);
    expect(a.created.length + b.created.length).toBe(N);
    expect((await runRenewals({ now })).created).toEqual([]);
    const rows = await billingDb().select().from(invoices).where(eq(invoices.kind, "renewal"));
    expect(rows).toHaveLength(N);
    const numbers = rows.map((r) => Number(r.number!.slice(-6))).sort((x, y) => x - y);
    expect(numbers).toEqual(Array.from({ length: N }, (_, i) => numbers[0]! + i));
    expect(rows.every((r) => r.number!.startsWith("INV-2027-"))).toBe(true);
    const taxed = rows.filter((r) => r.customerId === "batch-3");
    expect(taxed.every((r) => r.tax === 95 && r.total === 594)).toBe(true); // 499 × 19 % = 94.81
    expect(rows.filter((r) => r.customerId !== "batch-3").every((r) => r.tax === 0 && r.total === 499)).toBe(true);
    const [item] = await billingDb().select().from(invoiceItems).where(eq(invoiceItems.serviceId, "svc-0001"));
    expect(item).toMatchObject({ description: "Personal (monthly, 2027-01-31 – 2027-02-28)", unitAmount: 499, quantity: 1 });
  });

  it("staff search and totals stay cheap: numbers by prefix or digits, capped totals", async () => {
    const [first] = await billingDb().select().from(invoices).where(eq(invoices.kind, "renewal")).limit(1);
    const digits = String(Number(first!.number!.slice(-6)));
    expect((await listAdminInvoices({ search: digits })).rows.map((r) => r.id)).toEqual([first!.id]);
    expect((await listAdminInvoices({ search: first!.number!.toLowerCase() })).rows.map((r) => r.id)).toEqual([first!.id]);
    expect((await listAdminInvoices({ search: "INV-2027-" })).total).toBe(620);
    const all = await listAdminInvoices({});
    expect(all.total).toBe(620);
    expect(all.totalIsLowerBound).toBe(false);
    expect(COUNT_CAP).toBe(10_000);
  });
});
