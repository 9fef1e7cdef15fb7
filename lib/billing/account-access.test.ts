/**
 * The billing access rule on real libSQL files: an order billed to an organization, then what each role sees and
 * may do (owner, admin, billing, member), a non-member (NOT_FOUND, never FORBIDDEN), a removed member (loses it
 * on the next call, even the member who bought it), the personal account unchanged, who may bill an order to the
 * organization, its currency lock, and account credit kept personal.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { billingDb } from "@/db/billing/client";
import { invoices, orders, services } from "@/db/billing/schema";
import { identityDb } from "@/db/identity/client";
import { organizationMembers, users } from "@/db/identity/schema";
import { createOrganization, removeMember, type OrganizationRole } from "@/lib/auth/organizations";
import { AppError } from "@/lib/errors";
import { startInvoicePayment } from "@/lib/payments/pay";
import type { TempDatabases } from "@/lib/testing/temp-databases";
import { priceOf, setupBillingDatabases } from "./__fixtures__/setup";
import { billingAccessFor, roleAllows, scopeFor, BILLING_CAPABILITIES } from "./account-access";
import { placeOrder } from "./checkout";
import { cancelPlanChange, requestPlanChange } from "./plan-changes";
import { createRenewalInvoice } from "./renewals";
import { appendCredit, creditBalance } from "./credit";
import { getAccountService, listAccountInvoices, listAccountServices, openOrderInvoicesByService, requireAccountInvoice, requireAccountService } from "./portal";

let temp: TempDatabases;
const now = new Date("2026-11-22T09:00:00Z");
let seq = 0;
const key = () => `org-access-${++seq}`;

async function createUser(label: string) {
  const [row] = await identityDb()
    .insert(users)
    .values({ email: `${label}-${++seq}@example.com`, emailVerified: new Date() })
    .returning({ id: users.id });
  return row!.id;
}

async function addMember(orgId: string, userId: string, role: OrganizationRole) {
  await identityDb().insert(organizationMembers).values({ organizationId: orgId, userId, role });
}

async function codeOf(promise: Promise<unknown>): Promise<string | null> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  if (error === null) return null;
  expect(error).toBeInstanceOf(AppError);
  return (error as AppError).code;
}

const order = (currency = "USD", useCredit = false) => ({
  currency,
  items: [{ productSlug: "vpn-family", cycle: "yearly" as const, quantity: 1 }],
  billingCountry: "US",
  billingState: "NY",
  useCredit,
});

let owner: string, admin: string, billing: string, member: string, outsider: string;
let orgId: string;
let orgService: string, orgInvoice: string;
let personalService: string, personalInvoice: string;

beforeAll(async () => {
  temp = await setupBillingDatabases();
  [owner, admin, billing, member, outsider] = await Promise.all(["owner", "admin", "billing", "member", "outsider"].map(createUser)) as [string, string, string, string, string];
  orgId = (await createOrganization(owner, { name: "Acme Networks" })).id;
  await addMember(orgId, admin, "admin");
  await addMember(orgId, billing, "billing");
  await addMember(orgId, member, "member");

  // The admin buys for the organization; the member also has a personal order of their own.
  const placed = await placeOrder(admin, order(), { idempotencyKey: key(), now, organizationId: orgId });
  orgService = placed.services[0]!.id;
  orgInvoice = placed.invoice.id;
  const mine = await placeOrder(member, order(), { idempotencyKey: key(), now });
  personalService = mine.services[0]!.id;
  personalInvoice = mine.invoice.id;
});
afterAll(() => temp.cleanup());

describe("an order billed to an organization", () => {
  it("puts the organization on the order, its services and its invoice; the buyer stays the customer", async () => {
    const db = billingDb();
    const [svc] = await db.select().from(services).where(eq(services.id, orgService));
    const [inv] = await db.select().from(invoices).where(eq(invoices.id, orgInvoice));
    const [ord] = await db.select().from(orders).where(eq(orders.id, svc!.orderId!));
    for (const row of [svc!, inv!, ord!]) expect(row).toMatchObject({ organizationId: orgId, customerId: admin });
    const [personal] = await db.select().from(services).where(eq(services.id, personalService));
    expect(personal!.organizationId).toBeNull();
  });

  it("is refused (NOT_FOUND) for a member role, a non-member and an unknown organization; allowed for billing", async () => {
    expect(await codeOf(placeOrder(member, order(), { idempotencyKey: key(), now, organizationId: orgId }))).toBe("NOT_FOUND");
    expect(await codeOf(placeOrder(outsider, order(), { idempotencyKey: key(), now, organizationId: orgId }))).toBe("NOT_FOUND");
    expect(await codeOf(placeOrder(owner, order(), { idempotencyKey: key(), now, organizationId: "no-such-org" }))).toBe("NOT_FOUND");
    const byBilling = await placeOrder(billing, order(), { idempotencyKey: key(), now, organizationId: orgId });
    expect(byBilling.invoice.organizationId).toBe(orgId);
  });

  it("keeps the organization in the currency of its first order, whoever buys", async () => {
    const error = await placeOrder(owner, order("EUR"), { idempotencyKey: key(), now, organizationId: orgId }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe("VALIDATION");
    expect((error as AppError).message).toMatch(/organization is billed in USD/);
    // The owner's own account has no currency yet: a personal EUR order is fine.
    const personal = await placeOrder(owner, order("EUR"), { idempotencyKey: key(), now });
    expect(personal.invoice.currency).toBe("EUR");
  });

  it("never spends the buyer's personal credit, at checkout or when paying later", async () => {
    const buyer = await createUser("creditor");
    await addMember(orgId, buyer, "owner");
    await billingDb().transaction((tx) => appendCredit(tx, { customerId: buyer, currency: "USD", amount: 50_000, reason: "add_funds" }));
    const placed = await placeOrder(buyer, order("USD", true), { idempotencyKey: key(), now, organizationId: orgId });
    expect(placed.invoice.amountPaid).toBe(0);
    expect(await creditBalance(buyer, "USD")).toBe(50_000);
    expect(await codeOf(startInvoicePayment(buyer, placed.invoice.id, "credit"))).toBe("VALIDATION");
    expect(await creditBalance(buyer, "USD")).toBe(50_000);
  });
});

describe("what each role reaches", () => {
  it("owner and admin: see and manage the organization's services, see and pay its invoices", async () => {
    for (const user of [owner, admin]) {
      const access = await billingAccessFor(user);
      expect((await listAccountServices(access)).map((s) => s.id)).toContain(orgService);
      expect((await requireAccountService(access, orgService, "services.manage")).accountName).toBe("Acme Networks");
      expect((await requireAccountInvoice(access, orgInvoice, "invoices.pay")).organizationId).toBe(orgId);
      expect((await listAccountInvoices(access)).rows.map((r) => r.id)).toContain(orgInvoice);
      expect((await openOrderInvoicesByService(access)).get(orgService)?.invoiceId).toBe(orgInvoice);
    }
  });

  it("billing: sees and pays invoices, sees services read-only (FORBIDDEN to manage what it can see)", async () => {
    const access = await billingAccessFor(billing);
    expect((await requireAccountInvoice(access, orgInvoice, "invoices.pay")).accountName).toBe("Acme Networks");
    expect((await listAccountInvoices(access)).rows.find((r) => r.id === orgInvoice)?.accountName).toBe("Acme Networks");
    expect(await getAccountService(access, orgService)).not.toBeNull();
    expect(await codeOf(requireAccountService(access, orgService, "services.manage"))).toBe("FORBIDDEN");
  });

  it("member: sees the organization's services but none of its invoices (NOT_FOUND), and keeps their own", async () => {
    const access = await billingAccessFor(member);
    const rows = await listAccountServices(access);
    expect(rows.find((s) => s.id === orgService)?.accountName).toBe("Acme Networks");
    expect(rows.find((s) => s.id === personalService)?.accountName).toBe("Personal");
    expect(await codeOf(requireAccountService(access, orgService, "devices.manage"))).toBeNull();
    expect(await codeOf(requireAccountService(access, orgService, "services.manage"))).toBe("FORBIDDEN");
    expect(await codeOf(requireAccountInvoice(access, orgInvoice))).toBe("NOT_FOUND");
    const invoiceIds = (await listAccountInvoices(access)).rows.map((r) => r.id);
    expect(invoiceIds).toEqual([personalInvoice]);
    // The pending org service shows no "pay" link to a member.
    expect((await openOrderInvoicesByService(access)).has(orgService)).toBe(false);
    expect((await openOrderInvoicesByService(access)).get(personalService)?.invoiceId).toBe(personalInvoice);
  });

  it("a member's personal account stays theirs: the organization's owner cannot see it", async () => {
    const access = await billingAccessFor(owner);
    expect(await getAccountService(access, personalService)).toBeNull();
    expect(await codeOf(requireAccountInvoice(access, personalInvoice))).toBe("NOT_FOUND");
    expect((await listAccountInvoices(access)).rows.map((r) => r.id)).not.toContain(personalInvoice);
  });

  it("a non-member reaches nothing of the organization: NOT_FOUND, not FORBIDDEN", async () => {
    const access = await billingAccessFor(outsider);
    expect(access.organizations).toEqual([]);
    expect(await listAccountServices(access)).toEqual([]);
    expect((await listAccountInvoices(access)).total).toBe(0);
    expect(await codeOf(requireAccountService(access, orgService, "services.read"))).toBe("NOT_FOUND");
    expect(await codeOf(requireAccountService(access, orgService, "services.manage"))).toBe("NOT_FOUND");
    expect(await codeOf(requireAccountInvoice(access, orgInvoice, "invoices.pay"))).toBe("NOT_FOUND");
  });

  it("an empty user id matches nothing", async () => {
    const access = await billingAccessFor("");
    expect(access.can("services.read", null)).toBe(false);
    const rows = await billingDb().select({ id: services.id }).from(services).where(scopeFor(access, "services.read", services));
    expect(rows).toEqual([]);
  });

  it("a removed member loses access on their next request, even the member who bought the service", async () => {
    const before = await billingAccessFor(admin);
    expect(await getAccountService(before, orgService)).not.toBeNull();
    await removeMember(owner, orgId, admin);
    await removeMember(owner, orgId, billing);
    for (const user of [admin, billing]) {
      const access = await billingAccessFor(user);
      expect((await listAccountServices(access)).map((s) => s.id)).not.toContain(orgService);
      expect((await listAccountInvoices(access)).rows.map((r) => r.id)).not.toContain(orgInvoice);
      expect(await codeOf(requireAccountService(access, orgService, "services.read"))).toBe("NOT_FOUND");
      expect(await codeOf(requireAccountInvoice(access, orgInvoice))).toBe("NOT_FOUND");
    }
    // …and cannot bill new orders to it either.
    expect(await codeOf(placeOrder(admin, order(), { idempotencyKey: key(), now, organizationId: orgId }))).toBe("NOT_FOUND");
  });
});

describe("later invoices of an organization's service", () => {
  it("upgrade and renewal invoices belong to the organization too", async () => {
    const start = new Date("2026-11-22T09:00:00Z");
    const end = new Date("2027-11-22T09:00:00Z");
    await billingDb().update(services).set({ status: "active", currentPeriodStart: start, currentPeriodEnd: end, nextDueAt: end }).where(eq(services.id, orgService));
    const business = await priceOf("vpn-business", "yearly", "USD");
    const upgrade = await requestPlanChange({ id: owner, email: "" }, admin, orgService, business.id, { now: new Date("2027-05-01T09:00:00Z") });
    const [upgradeInvoice] = await billingDb().select().from(invoices).where(eq(invoices.id, upgrade.invoiceId!));
    expect(upgradeInvoice).toMatchObject({ kind: "upgrade", organizationId: orgId });
    // A plan change is withdrawn only through the service it belongs to (the one the action authorized).
    expect(await codeOf(cancelPlanChange({ id: owner, email: "" }, upgrade.change.id, { customerId: admin, serviceId: personalService }))).toBe("NOT_FOUND");
    const renewal = await createRenewalInvoice(orgService, { now: new Date("2027-11-15T09:00:00Z") });
    expect(renewal).toMatchObject({ kind: "renewal", organizationId: orgId });
    // Still out of reach of the removed buyer, and visible to the owner.
    expect(await codeOf(requireAccountInvoice(await billingAccessFor(admin), renewal!.id))).toBe("NOT_FOUND");
    expect((await requireAccountInvoice(await billingAccessFor(owner), upgrade.invoiceId!)).accountName).toBe("Acme Networks");
  });
});

describe("the role table", () => {
  it("matches the documented policy", () => {
    const table = Object.fromEntries(
      (["owner", "admin", "billing", "member"] as const).map((role) => [role, BILLING_CAPABILITIES.filter((c) => roleAllows(role, c))]),
    );
    expect(table).toEqual({
      owner: [...BILLING_CAPABILITIES],
      admin: [...BILLING_CAPABILITIES],
      billing: ["services.read", "invoices.read", "invoices.pay", "orders.place"],
      member: ["services.read", "devices.manage"],
    });
  });
});
