import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import { identityDb } from "@/db/identity/client";
import { auditLog, authEvents, rolePermissions, userSessions, users } from "@/db/identity/schema";
import { opsDb } from "@/db/ops/client";
import { auditLog as opsAudit, emailOutbox } from "@/db/ops/schema";
import { seedIdentity } from "@/db/seed/identity";
import { invalidatePermissionCache } from "@/lib/auth/permissions";
import { openUserSession, validateSessionClaims, type Actor } from "@/lib/auth/sessions";
import { AppError } from "@/lib/errors";
import { useTempDatabases, type TempDatabases } from "@/lib/testing/temp-databases";
import { addStaffNote, customerAuditTrail, getCustomer360, sendCustomerEmail, setCustomerStatus, updateCustomer } from "./customers";
import { endImpersonation, startImpersonation } from "./impersonation";

let temp: TempDatabases;
const ctx = { ip: "203.0.113.9", userAgent: "vitest" };

async function user(email: string, role: "admin" | "billing" | "support" | "customer" = "customer") {
  const [row] = await identityDb()
    .insert(users)
    .values({ email, role, twoFactorEnabled: role !== "customer", emailVerified: new Date() })
    .returning({ id: users.id, email: users.email });
  return row!;
}

async function staffActor(u: { id: string; email: string }, role: Actor["role"]): Promise<Actor> {
  const { sessionId } = await openUserSession(u.id, ctx);
  return { userId: u.id, email: u.email, name: null, role, emailVerified: true, twoFactorEnabled: true, sessionId, impersonatorId: null };
}

async function versionOf(id: string) {
  const [row] = await identityDb().select({ v: users.sessionVersion }).from(users).where(eq(users.id, id));
  return row!.v;
}

async function auditRows(action: string, entityId: string) {
  return identityDb().select().from(auditLog).where(and(eq(auditLog.action, action), eq(auditLog.entityId, entityId)));
}

beforeAll(async () => {
  process.env.AUTH_SECRET = "test-auth-secret-0123456789-abcdefghijkl";
  process.env.ENCRYPTION_KEY = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
  temp = await useTempDatabases();
  await seedIdentity({ email: "root@example.test", password: "a long enough password" });
  invalidatePermissionCache();
});
afterAll(() => temp?.cleanup());

describe("sign in as customer", () => {
  it("starts with an audited session that remembers the staff session, and ends back in it, audited", async () => {
    const admin = await user("imp-admin@example.test", "admin");
    const customer = await user("imp-customer@example.test");
    const staff = await staffActor(admin, "admin");
    const audit = { id: admin.id, email: admin.email, ip: ctx.ip, userAgent: ctx.userAgent };

    const grant = await startImpersonation(staff, audit, customer.id, ctx);
    expect(grant.userId).toBe(customer.id);
    const asCustomer = await validateSessionClaims(grant);
    expect(asCustomer).toMatchObject({ userId: customer.id, role: "customer", impersonatorId: admin.id });
    const [started] = await auditRows("customer.impersonation_started", customer.id);
    expect(started).toMatchObject({ actorId: admin.id, actorEmail: admin.email, onBehalfOf: customer.id, ip: ctx.ip });
    const [event] = await identityDb().select().from(authEvents).where(and(eq(authEvents.userId, customer.id), eq(authEvents.type, "impersonation_started")));
    expect(event!.metadata).toMatchObject({ impersonatorId: admin.id, sessionId: grant.sessionId, returnSessionId: staff.sessionId });

    const back = await endImpersonation(asCustomer!, ctx);
    expect(back).toEqual({ userId: admin.id, sessionId: staff.sessionId, sessionVersion: await versionOf(admin.id) });
    expect(await validateSessionClaims(grant)).toBeNull();
    const [ended] = await auditRows("customer.impersonation_ended", customer.id);
    expect(ended).toMatchObject({ actorId: admin.id, onBehalfOf: customer.id });
    // Ending twice does nothing more.
    await endImpersonation(asCustomer!, ctx);
    expect(await auditRows("customer.impersonation_ended", customer.id)).toHaveLength(1);
  });

  it("refuses staff accounts, suspended customers, and nesting", async () => {
    const admin = await user("imp-admin2@example.test", "admin");
    const other = await user("imp-support@example.test", "support");
    const suspended = await user("imp-suspended@example.test");
    await identityDb().update(users).set({ status: "suspended" }).where(eq(users.id, suspended.id));
    const staff = await staffActor(admin, "admin");
    const audit = { id: admin.id };
    await expect(startImpersonation(staff, audit, other.id, ctx)).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(startImpersonation(staff, audit, suspended.id, ctx)).rejects.toMatchObject({ code: "CONFLICT" });
    await expect(startImpersonation({ ...staff, impersonatorId: "x" }, audit, suspended.id, ctx)).rejects.toBeInstanceOf(AppError);
    expect(await auditRows("customer.impersonation_started", other.id)).toHaveLength(0);
  });

  it("ends at the next request once the staff member is suspended", async () => {
    const admin = await user("imp-admin3@example.test", "admin");
    const customer = await user("imp-customer3@example.test");
    const grant = await startImpersonation(await staffActor(admin, "admin"), { id: admin.id }, customer.id, ctx);
    expect(await validateSessionClaims(grant)).not.toBeNull();
    await identityDb().update(users).set({ status: "suspended" }).where(eq(users.id, admin.id));
    expect(await validateSessionClaims(grant)).toBeNull();
    const [row] = await identityDb().select({ revokedAt: userSessions.revokedAt }).from(userSessions).where(eq(userSessions.id, grant.sessionId));
    expect(row!.revokedAt).not.toBeNull();
    const [ended] = await auditRows("customer.impersonation_ended", customer.id);
    expect(ended).toMatchObject({ actorId: null, actorEmail: "system", onBehalfOf: customer.id });
  });

  it("ends at the next request once the staff member's role loses the permission", async () => {
    const billing = await user("imp-billing@example.test", "billing");
    const customer = await user("imp-customer4@example.test");
    await identityDb().insert(rolePermissions).values({ roleKey: "billing", permissionKey: "customers.impersonate" });
    invalidatePermissionCache();
    const grant = await startImpersonation(await staffActor(billing, "billing"), { id: billing.id }, customer.id, ctx);
    expect(await validateSessionClaims(grant)).not.toBeNull();
    await identityDb().delete(rolePermissions).where(and(eq(rolePermissions.roleKey, "billing"), eq(rolePermissions.permissionKey, "customers.impersonate")));
    invalidatePermissionCache();
    expect(await validateSessionClaims(grant)).toBeNull();
    expect(await auditRows("customer.impersonation_ended", customer.id)).toHaveLength(1);
  });
});

describe("customer 360 actions", () => {
  const staff = { id: "staff-1", email: "agent@example.test", ip: "198.51.100.1" };

  it("suspends (signing out everywhere) and unsuspends, audited with old and new values", async () => {
    const customer = await user("suspend-me@example.test");
    const { sessionId } = await openUserSession(customer.id, ctx);
    await expect(setCustomerStatus(staff, customer.id, { status: "suspended", reason: "" })).rejects.toMatchObject({ code: "VALIDATION" });
    await setCustomerStatus(staff, customer.id, { status: "suspended", reason: "chargeback fraud" });
    expect(await validateSessionClaims({ userId: customer.id, sessionId, sessionVersion: 0 })).toBeNull();
    const [suspended] = await auditRows("customer.suspended", customer.id);
    expect(suspended).toMatchObject({
      actorId: "staff-1",
      before: { status: "active", statusReason: null },
      after: { status: "suspended", statusReason: "chargeback fraud" },
    });
    await setCustomerStatus(staff, customer.id, { status: "active" });
    expect(await auditRows("customer.unsuspended", customer.id)).toHaveLength(1);
    // Staff accounts are not customers: untouchable here.
    const support = await user("not-a-customer@example.test", "support");
    await expect(setCustomerStatus(staff, support.id, { status: "suspended", reason: "x" })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("edits the profile; a new email is unverified and taken emails are refused", async () => {
    const customer = await user("edit-me@example.test");
    await user("taken@example.test");
    await expect(updateCustomer(staff, customer.id, { name: "X", email: "taken@example.test", country: "", timezone: "UTC" })).rejects.toMatchObject({
      code: "CONFLICT",
    });
    await expect(updateCustomer(staff, customer.id, { name: "X", email: "edit-me@example.test", country: "Germany", timezone: "UTC" })).rejects.toMatchObject({
      code: "VALIDATION",
    });
    const result = await updateCustomer(staff, customer.id, { name: "Eddie", email: "Eddie@Example.test", country: "de", timezone: "Europe/Berlin" });
    expect(result.emailChanged).toBe(true);
    const [row] = await identityDb().select().from(users).where(eq(users.id, customer.id));
    expect(row).toMatchObject({ name: "Eddie", email: "eddie@example.test", country: "DE", timezone: "Europe/Berlin", emailVerified: null });
    const [audit] = await auditRows("customer.updated", customer.id);
    expect(audit!.before).toMatchObject({ email: "edit-me@example.test", name: null, country: null, timezone: "UTC" });
    expect(audit!.after).toMatchObject({ email: "eddie@example.test", name: "Eddie", country: "DE" });
  });

  it("queues a staff email with its audit row, adds notes, and shows them in the 360 and its audit trail", async () => {
    const customer = await user("mail-me@example.test");
    const { outboxId } = await sendCustomerEmail(staff, customer.id, { subject: "About your account", body: "Hello.\n\nAll good." });
    const [mail] = await opsDb().select().from(emailOutbox).where(eq(emailOutbox.id, outboxId));
    expect(mail).toMatchObject({ toAddress: "mail-me@example.test", subject: "About your account", template: "staff.message" });
    const [audit] = await opsDb().select().from(opsAudit).where(eq(opsAudit.entityId, customer.id));
    expect(audit).toMatchObject({ action: "customer.email_sent", actorId: "staff-1", after: { outboxId, subject: "About your account" } });

    await expect(addStaffNote(staff, customer.id, { body: "  " })).rejects.toMatchObject({ code: "VALIDATION" });
    await addStaffNote(staff, customer.id, { body: "Prefers email", pinned: true });
    const view = await getCustomer360(customer.id);
    expect(view.notes).toMatchObject([{ body: "Prefers email", pinned: true }]);
    expect(view.profile.email).toBe("mail-me@example.test");
    expect(view.services).toEqual([]);
    const trail = await customerAuditTrail(customer.id);
    expect(trail.map((t) => [t.database, t.action])).toEqual([
      ["identity", "customer.note_added"],
      ["ops", "customer.email_sent"],
    ]);
  });
});
