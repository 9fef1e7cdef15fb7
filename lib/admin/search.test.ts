import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { billingDb } from "@/db/billing/client";
import { invoices } from "@/db/billing/schema";
import { identityDb } from "@/db/identity/client";
import { users } from "@/db/identity/schema";
import { supportDb } from "@/db/support/client";
import { departments, tickets } from "@/db/support/schema";
import { vpnDb } from "@/db/vpn/client";
import { devices } from "@/db/vpn/schema";
import { useTempDatabases, type TempDatabases } from "@/lib/testing/temp-databases";
import { globalSearch } from "./search";

let temp: TempDatabases;
let customerId = "";

beforeAll(async () => {
  process.env.AUTH_SECRET = "test-auth-secret-0123456789-abcdefghijkl";
  process.env.ENCRYPTION_KEY = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
  temp = await useTempDatabases();
  const [c] = await identityDb()
    .insert(users)
    .values([
      { email: "grace.hopper@example.test", name: "Grace Hopper" },
      { email: "grace-staff@example.test", name: "Grace Staff", role: "support" },
    ])
    .returning({ id: users.id });
  customerId = c!.id;
  await billingDb().insert(invoices).values({ number: "INV-2026-000042", customerId, currency: "USD", status: "unpaid", total: 100 });
  await vpnDb().insert(devices).values({
    userId: customerId,
    serviceId: "svc",
    name: "Grace laptop",
    publicKey: "GrAcEkEy0123456789abcdefghijklmnopqrstuvwx=",
    ipv4: "100.96.0.2",
    ipv6: "fd5c:7a10:9e00::2",
    addressIndex: 2,
  });
  const [d] = await supportDb().insert(departments).values({ slug: "general", name: "General" }).returning({ id: departments.id });
  await supportDb().insert(tickets).values({ number: "T-100042", customerId, departmentId: d!.id, subject: "Grace cannot connect" });
});
afterAll(() => temp?.cleanup());

const kinds = (results: Awaited<ReturnType<typeof globalSearch>>) => results.map((r) => `${r.kind}:${r.title}`);

describe("global search", () => {
  it("finds customers by name or email, invoices by number, devices by name or key, tickets by subject", async () => {
    const all = new Set(["customers.read", "invoices.read", "tickets.read"]);
    expect(kinds(await globalSearch("grace", all))).toEqual(["customer:Grace Hopper", "device:Grace laptop", "ticket:Grace cannot connect"]);
    expect(kinds(await globalSearch("hopper@", all))).toEqual(["customer:Grace Hopper"]);
    expect(kinds(await globalSearch("000042", all))).toEqual(["invoice:INV-2026-000042"]);
    expect(kinds(await globalSearch("t-1000", all))).toEqual(["ticket:Grace cannot connect"]);
    expect(kinds(await globalSearch("inv-2026", all))).toEqual(["invoice:INV-2026-000042"]);
    expect(kinds(await globalSearch("GrAcEkEy01", all))).toEqual(["device:Grace laptop"]);
    expect((await globalSearch("grace", all))[0]).toMatchObject({ href: `/admin/customers/${customerId}` });
    // The ticket page is addressed by its number.
    expect((await globalSearch("t-1000", all))[0]).toMatchObject({ href: "/admin/tickets/T-100042" });
  });

  it("returns only the kinds the staff member may read", async () => {
    expect(kinds(await globalSearch("grace", new Set(["tickets.read"])))).toEqual(["ticket:Grace cannot connect"]);
    expect(kinds(await globalSearch("000042", new Set(["customers.read"])))).toEqual([]);
    expect(await globalSearch("grace", new Set())).toEqual([]);
  });

  it("ignores too-short queries and does not treat % or _ as wildcards", async () => {
    expect(await globalSearch("g", new Set(["customers.read"]))).toEqual([]);
    expect(await globalSearch("%%", new Set(["customers.read"]))).toEqual([]);
    // "gr_ce" is searched as "grce": no wildcard match for "grace".
    expect(kinds(await globalSearch("gr_ce", new Set(["customers.read"])))).toEqual([]);
  });
});
