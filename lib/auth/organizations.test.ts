/**
 * Organizations: creation, invitations by email (token hashed, verified matching email required, single use,
 * expiry), role rules (who can invite/change/remove whom, primary and last owner protection), what each role
 * allows, and IDOR: every function taking an organization/invite id answers NOT_FOUND to outsiders.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import { identityDb } from "@/db/identity/client";
import { auditLog, organizationInvites, organizationMembers, users } from "@/db/identity/schema";
import { opsDb } from "@/db/ops/client";
import { emailOutbox } from "@/db/ops/schema";
import { AppError } from "@/lib/errors";
import { resetEnvCache } from "@/lib/env";
import { sha256Hex } from "@/lib/security/tokens";
import { useTempDatabases, type TempDatabases } from "@/lib/testing/temp-databases";
import {
  acceptInvite,
  canInOrganization,
  changeMemberRole,
  createOrganization,
  inviteMember,
  listMembers,
  listMyOrganizations,
  listPendingInvites,
  memberRole,
  ORG_ROLE_ALLOWS,
  ORGANIZATION_ACTIONS,
  removeMember,
  revokeInvite,
  type OrganizationRole,
} from "./organizations";

let temp: TempDatabases;

beforeAll(async () => {
  process.env.AUTH_SECRET = "test-auth-secret-that-is-long-enough-0123456789";
  process.env.ENCRYPTION_KEY = "44".repeat(32);
  process.env.APP_URL = "https://skyport.test/";
  resetEnvCache();
  temp = await useTempDatabases();
});
afterAll(() => {
  temp.cleanup();
  delete process.env.APP_URL;
  resetEnvCache();
});

let seq = 0;
async function createUser(options: { verified?: boolean; email?: string } = {}) {
  const email = options.email ?? `o${++seq}@example.com`;
  const [row] = await identityDb()
    .insert(users)
    .values({ email, emailVerified: options.verified === false ? null : new Date() })
    .returning({ id: users.id });
  return { id: row!.id, email };
}

async function expectAppError(promise: Promise<unknown>, code: string): Promise<AppError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  expect((error as AppError).code).toBe(code);
  return error as AppError;
}

/** The token from the most recent invitation email to `email`. */
async function inviteTokenFor(email: string): Promise<string> {
  const rows = await opsDb().select().from(emailOutbox).where(eq(emailOutbox.toAddress, email));
  const text = rows[rows.length - 1]!.text;
  const match = /https:\/\/skyport\.test\/portal\/organizations\/accept\?token=([A-Za-z0-9_%-]+)/.exec(text);
  expect(match).not.toBeNull();
  return decodeURIComponent(match![1]!);
}

/** An organization with an owner and one member per other role, joined through real invitations. */
async function orgWithMembers(name = "Acme Hosting") {
  const owner = await createUser();
  const org = await createOrganization(owner.id, { name });
  const members: Record<Exclude<OrganizationRole, "owner">, { id: string; email: string }> = {
    admin: await createUser(),
    billing: await createUser(),
    member: await createUser(),
  };
  for (const [role, user] of Object.entries(members) as Array<[OrganizationRole, { id: string; email: string }]>) {
    await inviteMember(owner.id, org.id, { email: user.email, role });
    await acceptInvite(user.id, await inviteTokenFor(user.email));
  }
  return { owner, org, ...members };
}

describe("createOrganization / listMyOrganizations", () => {
  it("makes the creator the owner, with a unique slug", async () => {
    const user = await createUser();
    const a = await createOrganization(user.id, { name: "  Ünïcode Networks, Ltd. " });
    expect(a.slug).toBe("unicode-networks-ltd");
    const b = await createOrganization(user.id, { name: "Unicode Networks Ltd" });
    expect(b.slug).toMatch(/^unicode-networks-ltd-[a-z0-9]{1,6}$/);
    expect(await memberRole(user.id, a.id)).toBe("owner");

    const mine = await listMyOrganizations(user.id);
    expect(mine.map((o) => o.id).sort()).toEqual([a.id, b.id].sort());
    expect(mine.find((o) => o.id === a.id)).toMatchObject({ name: "Ünïcode Networks, Ltd.", role: "owner", isPrimaryOwner: true, status: "active" });
    expect(await listMyOrganizations((await createUser()).id)).toEqual([]);

    const [audit] = await identityDb().select().from(auditLog).where(and(eq(auditLog.action, "organization.created"), eq(auditLog.entityId, a.id)));
    expect(audit).toMatchObject({ actorId: user.id });

    await expectAppError(createOrganization(user.id, { name: "x" }), "VALIDATION");
    await expectAppError(createOrganization(user.id, { name: "y".repeat(81) }), "VALIDATION");
    await expectAppError(createOrganization(user.id, { name: "bad\u0000name" }), "VALIDATION");
    await expectAppError(createOrganization("no-such-user", { name: "Ghost" }), "NOT_FOUND");
    expect((await createOrganization(user.id, { name: "!!" })).slug).toBe("org");
  });
});

describe("invitations", () => {
  it("emails an accept link; only the hash is stored; the invited, verified address accepts once", async () => {
    const owner = await createUser();
    const org = await createOrganization(owner.id, { name: "Invite Co" });
    const invitee = await createUser({ verified: false });
    const { inviteId } = await inviteMember(owner.id, org.id, { email: `  ${invitee.email.toUpperCase()} `, role: "billing" }, { ip: "203.0.113.1", userAgent: "vitest" });
    const token = await inviteTokenFor(invitee.email);

    const [row] = await identityDb().select().from(organizationInvites).where(eq(organizationInvites.id, inviteId));
    expect(row).toMatchObject({ email: invitee.email, role: "billing", tokenHash: sha256Hex(token), invitedBy: owner.id, acceptedAt: null });
    expect(JSON.stringify(row)).not.toContain(token);
    const audits = await identityDb().select().from(auditLog).where(eq(auditLog.entityId, org.id));
    expect(JSON.stringify(audits)).not.toContain(token);
    expect(await listPendingInvites(owner.id, org.id)).toEqual([expect.objectContaining({ id: inviteId, email: invitee.email, role: "billing" })]);

    // Someone else holding the link cannot use it; nor can the invitee before verifying the address.
    const stranger = await createUser();
    await expectAppError(acceptInvite(stranger.id, token), "FORBIDDEN");
    const unverified = await expectAppError(acceptInvite(invitee.id, token), "FORBIDDEN");
    expect(unverified.message).toMatch(/verify/i);
    await identityDb().update(users).set({ emailVerified: new Date() }).where(eq(users.id, invitee.id));

    expect(await acceptInvite(invitee.id, token)).toEqual({ organizationId: org.id, slug: org.slug, role: "billing" });
    expect(await memberRole(invitee.id, org.id)).toBe("billing");
    expect(await listPendingInvites(owner.id, org.id)).toEqual([]);
    await expectAppError(acceptInvite(invitee.id, token), "NOT_FOUND");

    // Forged and malformed tokens.
    await expectAppError(acceptInvite(invitee.id, "A".repeat(43)), "NOT_FOUND");
    await expectAppError(acceptInvite(invitee.id, "short"), "NOT_FOUND");

    // Already a member: a conflict on the email field.
    const again = await expectAppError(inviteMember(owner.id, org.id, { email: invitee.email, role: "member" }), "CONFLICT");
    expect(again.fieldErrors?.email).toBeDefined();
  });

  it("expired, revoked and replaced invitations do not work", async () => {
    const owner = await createUser();
    const org = await createOrganization(owner.id, { name: "Expiry Ltd" });
    const invitee = await createUser();

    await inviteMember(owner.id, org.id, { email: invitee.email, role: "member" });
    const first = await inviteTokenFor(invitee.email);
    const { inviteId, expiresAt } = await inviteMember(owner.id, org.id, { email: invitee.email, role: "admin" });
    const second = await inviteTokenFor(invitee.email);
    expect(second).not.toBe(first);
    await expectAppError(acceptInvite(invitee.id, first), "NOT_FOUND");
    await expectAppError(acceptInvite(invitee.id, second, undefined, new Date(expiresAt.getTime() + 1)), "NOT_FOUND");

    await revokeInvite(owner.id, org.id, inviteId);
    await expectAppError(acceptInvite(invitee.id, second), "NOT_FOUND");
    await expectAppError(revokeInvite(owner.id, org.id, inviteId), "NOT_FOUND");
    expect(await memberRole(invitee.id, org.id)).toBeNull();
  });

  it("only owners and admins invite, and only owners invite owners", async () => {
    const { owner, org, admin, billing, member } = await orgWithMembers("Roles Inc");
    await expectAppError(inviteMember(billing.id, org.id, { email: "x@example.com", role: "member" }), "FORBIDDEN");
    await expectAppError(inviteMember(member.id, org.id, { email: "x@example.com", role: "member" }), "FORBIDDEN");
    await expectAppError(inviteMember(admin.id, org.id, { email: "x@example.com", role: "owner" }), "FORBIDDEN");
    await inviteMember(admin.id, org.id, { email: "x@example.com", role: "billing" });
    await inviteMember(owner.id, org.id, { email: "y@example.com", role: "owner" });
    const bad = await expectAppError(inviteMember(owner.id, org.id, { email: "nope", role: "boss" as OrganizationRole }), "VALIDATION");
    expect(Object.keys(bad.fieldErrors ?? {}).sort()).toEqual(["email", "role"]);
    await expectAppError(listPendingInvites(member.id, org.id), "FORBIDDEN");
  });
});

describe("roles", () => {
  it("each role allows what it should", async () => {
    const { owner, org, admin, billing, member } = await orgWithMembers("Allow Co");
    const outsider = await createUser();
    expect(ORG_ROLE_ALLOWS.member.has("invoices.read")).toBe(false);
    expect(await canInOrganization(member.id, org.id, "invoices.read")).toBe(false);
    expect(await canInOrganization(member.id, org.id, "invoices.pay")).toBe(false);
    expect(await canInOrganization(member.id, org.id, "services.read")).toBe(true);
    expect(await canInOrganization(member.id, org.id, "devices.manage")).toBe(true);
    expect(await canInOrganization(billing.id, org.id, "invoices.pay")).toBe(true);
    expect(await canInOrganization(billing.id, org.id, "services.manage")).toBe(false);
    expect(await canInOrganization(billing.id, org.id, "members.manage")).toBe(false);
    expect(await canInOrganization(billing.id, org.id, "devices.manage")).toBe(false);
    for (const action of ORGANIZATION_ACTIONS) {
      expect(await canInOrganization(owner.id, org.id, action)).toBe(true);
      expect(await canInOrganization(admin.id, org.id, action)).toBe(true);
      expect(await canInOrganization(outsider.id, org.id, action)).toBe(false);
      expect(await canInOrganization(owner.id, "no-such-org", action)).toBe(false);
    }
  });

  it("changes roles with owner rules; the primary owner and the last owner stay", async () => {
    const { owner, org, admin, billing, member } = await orgWithMembers("Change Co");
    expect(await changeMemberRole(admin.id, org.id, member.id, "billing")).toEqual({ role: "billing" });
    expect(await memberRole(member.id, org.id)).toBe("billing");
    await expectAppError(changeMemberRole(admin.id, org.id, member.id, "owner"), "FORBIDDEN");
    await expectAppError(changeMemberRole(billing.id, org.id, member.id, "member"), "FORBIDDEN");
    await expectAppError(changeMemberRole(admin.id, org.id, owner.id, "member"), "FORBIDDEN");
    await expectAppError(changeMemberRole(owner.id, org.id, owner.id, "admin"), "CONFLICT");
    await expectAppError(changeMemberRole(owner.id, org.id, member.id, "boss" as OrganizationRole), "VALIDATION");

    // A second owner can be made and unmade by an owner.
    await changeMemberRole(owner.id, org.id, admin.id, "owner");
    await expectAppError(changeMemberRole(admin.id, org.id, owner.id, "member"), "CONFLICT");
    await changeMemberRole(owner.id, org.id, admin.id, "admin");

    const [audit] = await identityDb()
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, "organization.member_role_changed"), eq(auditLog.entityId, org.id)));
    expect(audit).toMatchObject({ actorId: admin.id, before: { userId: member.id, role: "member" }, after: { userId: member.id, role: "billing" } });

    expect((await listMembers(member.id, org.id)).map((m) => [m.email, m.role, m.isPrimaryOwner])).toEqual([
      [owner.email, "owner", true],
      [admin.email, "admin", false],
      [billing.email, "billing", false],
      [member.email, "billing", false],
    ]);
    const [one] = await listMembers(owner.id, org.id);
    expect(Object.keys(one!).sort()).toEqual(["email", "isPrimaryOwner", "joinedAt", "name", "role", "userId"]);
  });

  it("removes members; members may leave; the primary owner cannot be removed", async () => {
    const { owner, org, admin, billing, member } = await orgWithMembers("Remove Co");
    await expectAppError(removeMember(member.id, org.id, billing.id), "FORBIDDEN");
    await expectAppError(removeMember(admin.id, org.id, owner.id), "CONFLICT");
    await expectAppError(removeMember(owner.id, org.id, owner.id), "CONFLICT");

    await removeMember(member.id, org.id, member.id);
    expect(await memberRole(member.id, org.id)).toBeNull();
    await removeMember(admin.id, org.id, billing.id);
    expect(await memberRole(billing.id, org.id)).toBeNull();

    // An admin cannot remove a co-owner; an owner can.
    await changeMemberRole(owner.id, org.id, admin.id, "owner");
    const other = await createUser();
    await inviteMember(owner.id, org.id, { email: other.email, role: "admin" });
    await acceptInvite(other.id, await inviteTokenFor(other.email));
    await expectAppError(removeMember(other.id, org.id, admin.id), "FORBIDDEN");
    await removeMember(owner.id, org.id, admin.id);
    expect((await listMembers(owner.id, org.id)).map((m) => m.userId).sort()).toEqual([owner.id, other.id].sort());

    const actions = (await identityDb().select().from(auditLog).where(eq(auditLog.entityId, org.id))).map((a) => a.action);
    expect(actions).toContain("organization.member_left");
    expect(actions).toContain("organization.member_removed");
  });
});

describe("IDOR: another organization's ids", () => {
  it("answer NOT_FOUND to non-members everywhere, and nothing changes", async () => {
    const victim = await orgWithMembers("Victim Corp");
    const attacker = await createUser();
    const attackerOrg = await createOrganization(attacker.id, { name: "Attacker Corp" });
    const { inviteId } = await inviteMember(victim.owner.id, victim.org.id, { email: "pending@example.com", role: "member" });

    const attempts: Array<Promise<unknown>> = [
      listMembers(attacker.id, victim.org.id),
      listPendingInvites(attacker.id, victim.org.id),
      inviteMember(attacker.id, victim.org.id, { email: attacker.email, role: "owner" }),
      changeMemberRole(attacker.id, victim.org.id, victim.member.id, "owner"),
      changeMemberRole(attacker.id, victim.org.id, attacker.id, "owner"),
      removeMember(attacker.id, victim.org.id, victim.member.id),
      removeMember(attacker.id, victim.org.id, attacker.id),
      revokeInvite(attacker.id, victim.org.id, inviteId),
      // Their own organization with the victim's invite / member ids.
      revokeInvite(attacker.id, attackerOrg.id, inviteId),
      changeMemberRole(attacker.id, attackerOrg.id, victim.member.id, "member"),
      removeMember(attacker.id, attackerOrg.id, victim.member.id),
    ];
    for (const attempt of attempts) {
      const error = await expectAppError(attempt, "NOT_FOUND");
      expect(error.message).not.toContain("Victim");
    }
    expect(await memberRole(attacker.id, victim.org.id)).toBeNull();
    expect(await memberRole(victim.member.id, victim.org.id)).toBe("member");
    expect((await listPendingInvites(victim.owner.id, victim.org.id)).map((i) => i.id)).toEqual([inviteId]);
    expect(await identityDb().select().from(organizationMembers).where(eq(organizationMembers.userId, attacker.id))).toHaveLength(1);
  });
});
