/**
 * Role permissions (seeded, cached, edited with audit and lock-out protection) and staff management
 * (invitations by email, role changes that sign the person out, last-admin protection).
 */
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { and, eq } from "drizzle-orm";
import { identityDb } from "@/db/identity/client";
import { auditLog, emailTokens, rolePermissions, users, type UserRole } from "@/db/identity/schema";
import { opsDb } from "@/db/ops/client";
import { emailOutbox } from "@/db/ops/schema";
import { seedIdentity } from "@/db/seed/identity";
import { AppError } from "@/lib/errors";
import { resetEnvCache } from "@/lib/env";
import { sha256Hex } from "@/lib/security/tokens";
import { useTempDatabases, type TempDatabases } from "@/lib/testing/temp-databases";
import { consumeEmailToken } from "./email-tokens";
import {
  changeStaffRole,
  invalidatePermissionCache,
  inviteStaff,
  isStaffRole,
  listPermissions,
  listRolesWithPermissions,
  listStaff,
  permissionsForRole,
  roleHasPermission,
  setRolePermissions,
  STAFF_ROLES,
} from "./permissions";

let temp: TempDatabases;
let seededAdminId: string;

beforeAll(async () => {
  process.env.AUTH_SECRET = "test-auth-secret-that-is-long-enough-0123456789";
  process.env.ENCRYPTION_KEY = "22".repeat(32);
  process.env.APP_URL = "https://skyport.test";
  resetEnvCache();
  temp = await useTempDatabases();
  await seedIdentity({ email: "root@skyport.test", password: "a-long-admin-password" });
  const [admin] = await identityDb().select({ id: users.id }).from(users).where(eq(users.email, "root@skyport.test"));
  seededAdminId = admin!.id;
});
afterAll(() => {
  temp.cleanup();
  delete process.env.APP_URL;
  resetEnvCache();
});
afterEach(() => {
  vi.useRealTimers();
  invalidatePermissionCache();
});

let seq = 0;
async function createUser(role: UserRole, options: { password?: boolean } = {}) {
  const email = `p${++seq}-${role}@example.com`;
  const [row] = await identityDb()
    .insert(users)
    .values({ email, role, passwordHash: options.password === false ? null : "$argon2id$placeholder", emailVerified: new Date() })
    .returning({ id: users.id });
  return { id: row!.id, email };
}

const actorFor = (u: { id: string; email: string }) => ({ id: u.id, email: u.email, ip: "10.1.2.3", userAgent: "vitest" });

async function expectAppError(promise: Promise<unknown>, code: string): Promise<AppError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  expect((error as AppError).code).toBe(code);
  return error as AppError;
}

describe("role permissions", () => {
  it("reads the seeded grants; customers and unknown roles get nothing", async () => {
    expect(STAFF_ROLES).toEqual(["admin", "billing", "support"]);
    expect(isStaffRole("support")).toBe(true);
    expect(isStaffRole("customer")).toBe(false);
    expect(isStaffRole(undefined)).toBe(false);

    const admin = await permissionsForRole("admin");
    const all = (await listPermissions()).map((p) => p.key);
    expect([...admin].sort()).toEqual([...all].sort());
    expect(admin.has("staff.manage")).toBe(true);

    expect(await roleHasPermission("support", "tickets.reply")).toBe(true);
    expect(await roleHasPermission("support", "invoices.refund")).toBe(false);
    expect(await roleHasPermission("billing", "invoices.refund")).toBe(true);
    expect((await permissionsForRole("customer")).size).toBe(0);
    expect((await permissionsForRole("root")).size).toBe(0);
    expect(await roleHasPermission(null, "customers.read")).toBe(false);

    const roles = await listRolesWithPermissions();
    expect(roles.map((r) => r.key)).toEqual(["admin", "billing", "support", "customer"]);
    expect(roles.find((r) => r.key === "support")).toMatchObject({ staff: true, system: true, name: "Support" });
    expect(roles.find((r) => r.key === "customer")).toMatchObject({ staff: false, permissions: [] });
  });

  it("caches for 5 seconds; an edit through setRolePermissions applies at once", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(new Date("2031-01-01T00:00:00Z"));
    expect(await roleHasPermission("support", "content.write")).toBe(false);
    // A change made elsewhere (another instance) is picked up after the TTL.
    await identityDb().insert(rolePermissions).values({ roleKey: "support", permissionKey: "content.write" });
    expect(await roleHasPermission("support", "content.write")).toBe(false);
    vi.setSystemTime(new Date("2031-01-01T00:00:05.001Z"));
    expect(await roleHasPermission("support", "content.write")).toBe(true);
    vi.useRealTimers();

    const support = (await listRolesWithPermissions()).find((r) => r.key === "support")!.permissions;
    await setRolePermissions({ id: seededAdminId }, "support", support.filter((p) => p !== "content.write"));
    expect(await roleHasPermission("support", "content.write")).toBe(false);
  });

  it("edits are audited with before and after lists", async () => {
    const admin = await createUser("admin");
    const before = (await listRolesWithPermissions()).find((r) => r.key === "support")!.permissions;
    const wanted = [...before.filter((p) => p !== "tickets.manage"), "invoices.refund", "invoices.refund"];
    const result = await setRolePermissions(actorFor(admin), "support", wanted);
    expect(result.added).toEqual(["invoices.refund"]);
    expect(result.removed).toEqual(["tickets.manage"]);
    expect(await roleHasPermission("support", "invoices.refund")).toBe(true);
    expect(await roleHasPermission("support", "tickets.manage")).toBe(false);

    const [audit] = await identityDb()
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, "role.permissions_changed"), eq(auditLog.actorId, admin.id)));
    expect(audit).toMatchObject({ entityType: "role", entityId: "support", ip: "10.1.2.3" });
    expect(audit!.before).toEqual({ permissions: before });
    expect(audit!.after).toMatchObject({ added: ["invoices.refund"], removed: ["tickets.manage"] });
    expect((audit!.after as { permissions: string[] }).permissions).toContain("invoices.refund");

    // No change, no audit row.
    const count = (await identityDb().select().from(auditLog)).length;
    await setRolePermissions(actorFor(admin), "support", [...wanted].reverse());
    expect((await identityDb().select().from(auditLog)).length).toBe(count);
  });

  it("refuses unknown keys, unknown roles, staff permissions for customers, and removing staff.manage from admin", async () => {
    const admin = await createUser("admin");
    const unknown = await expectAppError(setRolePermissions(actorFor(admin), "billing", ["invoices.read", "root.everything"]), "VALIDATION");
    expect(unknown.fieldErrors?.permissions?.[0]).toContain("root.everything");
    await expectAppError(setRolePermissions(actorFor(admin), "wizard", []), "NOT_FOUND");
    await expectAppError(setRolePermissions(actorFor(admin), "customer", ["customers.read"]), "VALIDATION");
    await expectAppError(setRolePermissions(actorFor(admin), "billing", "invoices.read" as unknown as string[]), "VALIDATION");

    const adminPermissions = [...(await permissionsForRole("admin"))];
    const lockout = await expectAppError(
      setRolePermissions(actorFor(admin), "admin", adminPermissions.filter((p) => p !== "staff.manage")),
      "VALIDATION",
    );
    expect(lockout.message).toMatch(/staff management/);
    expect(await roleHasPermission("admin", "staff.manage")).toBe(true);
    // Other admin permissions can go.
    await setRolePermissions(actorFor(admin), "admin", ["staff.manage", "audit.read"]);
    expect([...(await permissionsForRole("admin"))].sort()).toEqual(["audit.read", "staff.manage"]);
    await setRolePermissions(actorFor(admin), "admin", adminPermissions);
  });
});

describe("staff management", () => {
  async function lastEmailTo(address: string) {
    const rows = await opsDb().select().from(emailOutbox).where(eq(emailOutbox.toAddress, address));
    return rows[rows.length - 1];
  }

  it("invites a new person with a set-password link (token stored hashed), audited", async () => {
    const admin = await createUser("admin");
    const result = await inviteStaff(actorFor(admin), { email: "  New.Support@Example.com ", role: "support" });
    expect(result).toMatchObject({ created: true, promoted: false });

    const [user] = await identityDb().select().from(users).where(eq(users.id, result.userId));
    expect(user).toMatchObject({ email: "new.support@example.com", role: "support", passwordHash: null });

    const mail = await lastEmailTo("new.support@example.com");
    expect(mail).toBeDefined();
    const link = /https:\/\/skyport\.test\/reset-password\?token=([A-Za-z0-9_-]+)/.exec(mail!.text);
    expect(link).not.toBeNull();
    const token = decodeURIComponent(link![1]!);
    const [stored] = await identityDb().select().from(emailTokens).where(eq(emailTokens.userId, result.userId));
    expect(stored).toMatchObject({ purpose: "reset_password", tokenHash: sha256Hex(token) });
    expect(JSON.stringify(stored)).not.toContain(token);
    // The link works with the reset flow.
    expect(await consumeEmailToken("reset_password", token)).toMatchObject({ userId: result.userId });

    const [audit] = await identityDb().select().from(auditLog).where(and(eq(auditLog.action, "staff.invited"), eq(auditLog.entityId, result.userId)));
    expect(audit).toMatchObject({ actorId: admin.id, after: { email: "new.support@example.com", role: "support", created: true } });
    expect(JSON.stringify(audit)).not.toContain(token);

    // Inviting again before they set a password re-sends a fresh link.
    await inviteStaff(actorFor(admin), { email: "new.support@example.com", role: "support" });
    expect((await opsDb().select().from(emailOutbox).where(eq(emailOutbox.toAddress, "new.support@example.com"))).length).toBe(2);

    expect((await listStaff()).find((s) => s.id === result.userId)).toMatchObject({ role: "support", invitationPending: true, twoFactorEnabled: false });
  });

  it("promotes an existing customer (signed out everywhere); refuses existing staff and bad input", async () => {
    const admin = await createUser("admin");
    const customer = await createUser("customer");
    const [before] = await identityDb().select({ sv: users.sessionVersion }).from(users).where(eq(users.id, customer.id));
    const result = await inviteStaff(actorFor(admin), { email: customer.email, role: "billing" });
    expect(result).toEqual({ userId: customer.id, created: false, promoted: true });
    const [after] = await identityDb().select({ role: users.role, sv: users.sessionVersion, hash: users.passwordHash }).from(users).where(eq(users.id, customer.id));
    expect(after).toMatchObject({ role: "billing", sv: before!.sv + 1, hash: "$argon2id$placeholder" });
    const mail = await lastEmailTo(customer.email);
    expect(mail!.text).toContain("billing staff");
    expect(mail!.text).not.toContain("token=");

    await expectAppError(inviteStaff(actorFor(admin), { email: customer.email, role: "support" }), "CONFLICT");
    const bad = await expectAppError(inviteStaff(actorFor(admin), { email: "not-an-email", role: "customer" as "support" }), "VALIDATION");
    expect(Object.keys(bad.fieldErrors ?? {}).sort()).toEqual(["email", "role"]);
  });

  it("changes roles, bumping the session version, audited; the last admin cannot be demoted", async () => {
    // Make the seeded admin the only admin for this test.
    await identityDb().update(users).set({ role: "support" }).where(and(eq(users.role, "admin")));
    await identityDb().update(users).set({ role: "admin" }).where(eq(users.id, seededAdminId));
    const root = { id: seededAdminId, email: "root@skyport.test" };

    const last = await expectAppError(changeStaffRole(root, seededAdminId, "support"), "CONFLICT");
    expect(last.message).toMatch(/last administrator/);

    const support = await createUser("support");
    const [before] = await identityDb().select({ sv: users.sessionVersion }).from(users).where(eq(users.id, support.id));
    expect(await changeStaffRole(root, support.id, "admin")).toEqual({ role: "admin" });
    const [after] = await identityDb().select({ role: users.role, sv: users.sessionVersion }).from(users).where(eq(users.id, support.id));
    expect(after).toEqual({ role: "admin", sv: before!.sv + 1 });
    const [audit] = await identityDb().select().from(auditLog).where(and(eq(auditLog.action, "staff.role_changed"), eq(auditLog.entityId, support.id)));
    expect(audit).toMatchObject({ actorId: seededAdminId, before: { role: "support" }, after: { role: "admin" } });

    // Two admins demoting each other at once: exactly one succeeds, one admin remains.
    const results = await Promise.allSettled([
      changeStaffRole({ id: support.id }, seededAdminId, "billing"),
      changeStaffRole(root, support.id, "billing"),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const admins = await identityDb().select().from(users).where(eq(users.role, "admin"));
    expect(admins).toHaveLength(1);

    // Demoting to customer is allowed for non-last admins and non-admins; customers are not staff (NOT_FOUND).
    const billing = await createUser("billing");
    expect(await changeStaffRole(root, billing.id, "customer")).toEqual({ role: "customer" });
    await expectAppError(changeStaffRole(root, billing.id, "support"), "NOT_FOUND");
    await expectAppError(changeStaffRole(root, "no-such-user", "support"), "NOT_FOUND");
    await expectAppError(changeStaffRole(root, billing.id, "wizard" as UserRole), "VALIDATION");
  });

  it("lists staff without secrets", async () => {
    const staff = await listStaff();
    expect(staff.length).toBeGreaterThan(0);
    expect(staff.every((s) => isStaffRole(s.role))).toBe(true);
    for (const s of staff) expect(Object.keys(s).sort()).toEqual(["createdAt", "email", "id", "invitationPending", "lastSignInAt", "name", "role", "status", "twoFactorEnabled"]);
  });
});
