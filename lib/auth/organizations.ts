import "server-only";
/**
 * Organizations: customers sharing services and invoices. Roles: owner, admin, billing, member.
 * - Every function taking an organization id checks the acting user's membership first; a non-member gets
 *   NOT_FOUND (never FORBIDDEN), so ids of other organizations reveal nothing.
 * - The creator (organizations.owner_id, the primary owner) can be neither removed nor demoted, and an
 *   organization never loses its last owner (conditional writes, so concurrent changes cannot race past it).
 * - Invitations are emailed links; only the SHA-256 of the token is stored, and the accepting account's
 *   verified email must match the invited one.
 */
import { and, asc, count, eq, gt, isNull, sql } from "drizzle-orm";
import { z } from "zod";
import { identityDb } from "@/db/identity/client";
import {
  auditLog,
  ORGANIZATION_ROLES,
  organizationInvites,
  organizationMembers,
  organizations,
  users,
  type OrganizationRole,
} from "@/db/identity/schema";
import { writeAudit } from "@/lib/audit";
import type { IdentityExecutor } from "./events";
import { renderEmail, sendEmail } from "@/lib/email";
import { serverEnv } from "@/lib/env";
import { AppError, forbidden, notFound, validation } from "@/lib/errors";
import type { RequestContext } from "@/lib/security/request-context";
import { parseTokenInput, randomToken, sha256Hex } from "@/lib/security/tokens";

export { ORGANIZATION_ROLES, type OrganizationRole };

export const ORGANIZATION_ACTIONS = [
  "services.read",
  "services.manage",
  "invoices.read",
  "invoices.pay",
  "members.manage",
  "devices.manage",
] as const;
export type OrganizationAction = (typeof ORGANIZATION_ACTIONS)[number];

export const ORG_ROLE_ALLOWS: Record<OrganizationRole, ReadonlySet<OrganizationAction>> = {
  owner: new Set(ORGANIZATION_ACTIONS),
  admin: new Set(ORGANIZATION_ACTIONS),
  billing: new Set<OrganizationAction>(["services.read", "invoices.read", "invoices.pay"]),
  member: new Set<OrganizationAction>(["services.read", "devices.manage"]),
};

export const ORGANIZATION_INVITE_TTL_MS = 7 * 24 * 60 * 60 * 1000;
export const MAX_ORGANIZATIONS_PER_USER = 20;
export const MAX_PENDING_INVITES_PER_ORGANIZATION = 50;

type ContextLike = Partial<Pick<RequestContext, "ip" | "userAgent">> | undefined;
type IdentityTx = Parameters<Parameters<ReturnType<typeof identityDb>["transaction"]>[0]>[0];

function fieldErrorsOf(error: z.ZodError): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const issue of error.issues) (out[String(issue.path[0] ?? "form")] ??= []).push(issue.message);
  return out;
}

const emailField = z
  .string({ error: "Enter an email address." })
  .trim()
  .toLowerCase()
  .max(254, "Email is too long.")
  .pipe(z.email({ error: "Enter a valid email address." }));
const roleField = z.enum(ORGANIZATION_ROLES, { error: "Choose a role." });

const actor = (userId: string, ctx?: ContextLike) => ({ id: userId, ip: ctx?.ip ?? null, userAgent: ctx?.userAgent ?? null });

/** The user's role in the organization, or null when not a member (or no such organization). */
export async function memberRole(userId: string, orgId: string): Promise<OrganizationRole | null> {
  if (!userId || !orgId) return null;
  const row = await identityDb()
    .select({ role: organizationMembers.role })
    .from(organizationMembers)
    .where(and(eq(organizationMembers.organizationId, orgId), eq(organizationMembers.userId, userId)))
    .get();
  return row?.role ?? null;
}

export async function canInOrganization(userId: string, orgId: string, action: OrganizationAction): Promise<boolean> {
  const role = await memberRole(userId, orgId);
  return role !== null && ORG_ROLE_ALLOWS[role].has(action);
}

/** Membership row inside a transaction; NOT_FOUND for non-members, FORBIDDEN when the role lacks `action`. */
async function requireMember(tx: IdentityExecutor, userId: string, orgId: string, action?: OrganizationAction) {
  const row = await tx
    .select({ role: organizationMembers.role, ownerId: organizations.ownerId, name: organizations.name, slug: organizations.slug })
    .from(organizationMembers)
    .innerJoin(organizations, eq(organizations.id, organizationMembers.organizationId))
    .where(and(eq(organizationMembers.organizationId, orgId), eq(organizationMembers.userId, userId)))
    .get();
  if (!row) throw notFound("Organization not found");
  if (action && !ORG_ROLE_ALLOWS[row.role].has(action)) throw forbidden("Your role in this organization does not allow that.");
  return row;
}

function slugify(name: string): string {
  const base = name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 40)
    .replace(/-+$/, "");
  return base.length >= 2 ? base : "org";
}

const createSchema = z.object({
  name: z
    .string({ error: "Enter a name." })
    .trim()
    .min(2, "At least 2 characters.")
    .max(80, "At most 80 characters.")
    // eslint-disable-next-line no-control-regex
    .refine((v) => !/[\u0000-\u001f\u007f]/.test(v), "The name cannot contain control characters."),
});

export async function createOrganization(userId: string, input: { name: string }, ctx?: ContextLike): Promise<{ id: string; slug: string }> {
  const parsed = createSchema.safeParse(input);
  if (!parsed.success) throw validation(fieldErrorsOf(parsed.error));
  const { name } = parsed.data;
  const base = slugify(name);

  return identityDb().transaction(async (tx) => {
    const user = await tx.select({ status: users.status }).from(users).where(eq(users.id, userId)).get();
    if (!user || user.status !== "active") throw notFound("Account not found");
    const [owned] = await tx.select({ n: count() }).from(organizations).where(eq(organizations.ownerId, userId));
    if ((owned?.n ?? 0) >= MAX_ORGANIZATIONS_PER_USER) {
      throw new AppError("CONFLICT", `You can create at most ${MAX_ORGANIZATIONS_PER_USER} organizations.`);
    }

    let slug = base;
    for (let attempt = 0; ; attempt++) {
      const taken = await tx.select({ id: organizations.id }).from(organizations).where(eq(organizations.slug, slug)).get();
      if (!taken) break;
      if (attempt >= 5) throw new AppError("CONFLICT", "Could not find a free address for this name; try another name.");
      slug = `${base}-${randomToken(16).replace(/[^a-z0-9]/gi, "").toLowerCase().slice(0, 6)}`;
    }
    const [org] = await tx.insert(organizations).values({ slug, name, ownerId: userId }).returning({ id: organizations.id });
    await tx.insert(organizationMembers).values({ organizationId: org!.id, userId, role: "owner" });
    await writeAudit(tx, auditLog, actor(userId, ctx), {
      action: "organization.created",
      entityType: "organization",
      entityId: org!.id,
      after: { name, slug },
    });
    return { id: org!.id, slug };
  });
}

export interface MyOrganization {
  id: string;
  slug: string;
  name: string;
  status: "active" | "suspended";
  role: OrganizationRole;
  isPrimaryOwner: boolean;
  joinedAt: Date;
}

export async function listMyOrganizations(userId: string): Promise<MyOrganization[]> {
  const rows = await identityDb()
    .select({
      id: organizations.id,
      slug: organizations.slug,
      name: organizations.name,
      status: organizations.status,
      role: organizationMembers.role,
      ownerId: organizations.ownerId,
      joinedAt: organizationMembers.joinedAt,
    })
    .from(organizationMembers)
    .innerJoin(organizations, eq(organizations.id, organizationMembers.organizationId))
    .where(eq(organizationMembers.userId, userId))
    .orderBy(asc(organizations.name));
  return rows.map(({ ownerId, ...r }) => ({ ...r, isPrimaryOwner: ownerId === userId }));
}

export interface OrganizationMember {
  userId: string;
  email: string;
  name: string | null;
  role: OrganizationRole;
  isPrimaryOwner: boolean;
  joinedAt: Date;
}

/** Members of an organization the actor belongs to (NOT_FOUND otherwise). */
export async function listMembers(actorUserId: string, orgId: string): Promise<OrganizationMember[]> {
  const db = identityDb();
  const membership = await requireMember(db, actorUserId, orgId);
  const rows = await db
    .select({
      userId: organizationMembers.userId,
      email: users.email,
      name: users.name,
      role: organizationMembers.role,
      joinedAt: organizationMembers.joinedAt,
    })
    .from(organizationMembers)
    .innerJoin(users, eq(users.id, organizationMembers.userId))
    .where(eq(organizationMembers.organizationId, orgId))
    .orderBy(asc(organizationMembers.joinedAt), asc(users.email));
  return rows.map((r) => ({ ...r, isPrimaryOwner: r.userId === membership.ownerId }));
}

export interface PendingInvite {
  id: string;
  email: string;
  role: OrganizationRole;
  expiresAt: Date;
  createdAt: Date;
}

/** Pending (not accepted, revoked or expired) invitations; owners and admins only. */
export async function listPendingInvites(actorUserId: string, orgId: string, now: Date = new Date()): Promise<PendingInvite[]> {
  const db = identityDb();
  await requireMember(db, actorUserId, orgId, "members.manage");
  return db
    .select({
      id: organizationInvites.id,
      email: organizationInvites.email,
      role: organizationInvites.role,
      expiresAt: organizationInvites.expiresAt,
      createdAt: organizationInvites.createdAt,
    })
    .from(organizationInvites)
    .where(pendingInvites(orgId, now))
    .orderBy(asc(organizationInvites.createdAt));
}

function pendingInvites(orgId: string, now: Date) {
  return and(
    eq(organizationInvites.organizationId, orgId),
    isNull(organizationInvites.acceptedAt),
    isNull(organizationInvites.revokedAt),
    gt(organizationInvites.expiresAt, now),
  );
}

const inviteSchema = z.object({ email: emailField, role: roleField });

/**
 * Invites someone by email (owners and admins; only an owner can invite an owner). A previous pending invite to
 * the same address is replaced. The link goes to `${APP_URL}/portal/organizations/accept?token=…`.
 */
export async function inviteMember(
  actorUserId: string,
  orgId: string,
  input: { email: string; role: OrganizationRole },
  ctx?: ContextLike,
): Promise<{ inviteId: string; expiresAt: Date }> {
  const parsed = inviteSchema.safeParse(input);
  if (!parsed.success) throw validation(fieldErrorsOf(parsed.error));
  const { email, role } = parsed.data;
  const now = new Date();
  const token = randomToken(32);

  const result = await identityDb().transaction(async (tx) => {
    const membership = await requireMember(tx, actorUserId, orgId, "members.manage");
    if (role === "owner" && membership.role !== "owner") throw forbidden("Only an owner can invite another owner.");

    const alreadyMember = await tx
      .select({ userId: organizationMembers.userId })
      .from(organizationMembers)
      .innerJoin(users, eq(users.id, organizationMembers.userId))
      .where(and(eq(organizationMembers.organizationId, orgId), eq(users.email, email)))
      .get();
    if (alreadyMember) {
      throw new AppError("CONFLICT", "This person is already a member.", { fieldErrors: { email: ["Already a member."] } });
    }

    await tx
      .update(organizationInvites)
      .set({ revokedAt: now })
      .where(and(pendingInvites(orgId, now), eq(organizationInvites.email, email)));
    const [pending] = await tx.select({ n: count() }).from(organizationInvites).where(pendingInvites(orgId, now));
    if ((pending?.n ?? 0) >= MAX_PENDING_INVITES_PER_ORGANIZATION) {
      throw new AppError("CONFLICT", `At most ${MAX_PENDING_INVITES_PER_ORGANIZATION} invitations can be pending; revoke some first.`);
    }

    const expiresAt = new Date(now.getTime() + ORGANIZATION_INVITE_TTL_MS);
    const [invite] = await tx
      .insert(organizationInvites)
      .values({ organizationId: orgId, email, role, tokenHash: sha256Hex(token), invitedBy: actorUserId, expiresAt, createdAt: now })
      .returning({ id: organizationInvites.id });
    await writeAudit(tx, auditLog, actor(actorUserId, ctx), {
      action: "organization.member_invited",
      entityType: "organization",
      entityId: orgId,
      after: { inviteId: invite!.id, email, role },
    });
    const inviter = await tx.select({ email: users.email, name: users.name }).from(users).where(eq(users.id, actorUserId)).get();
    return { inviteId: invite!.id, expiresAt, orgName: membership.name, inviter: inviter?.name || inviter?.email || "A colleague" };
  });

  const env = serverEnv();
  const url = `${env.APP_URL.replace(/\/+$/, "")}/portal/organizations/accept?token=${encodeURIComponent(token)}`;
  const content = renderEmail({
    brand: env.APP_NAME,
    heading: `Join ${result.orgName} on ${env.APP_NAME}`,
    paragraphs: [
      `${result.inviter} invited you to the organization "${result.orgName}" as ${role}.`,
      `Sign in (or create an account) with this email address to accept. The invitation expires in ${Math.round(ORGANIZATION_INVITE_TTL_MS / 86_400_000)} days.`,
    ],
    action: { label: "Accept invitation", url },
    footer: "If you did not expect this invitation, you can ignore this email.",
  });
  // The ops outbox is another database: queued once the invitation is committed.
  await sendEmail({
    to: email,
    subject: `You are invited to ${result.orgName} on ${env.APP_NAME}`,
    ...content,
    template: "organization.invite",
    dedupeKey: `organization-invite:${result.inviteId}`,
  });
  return { inviteId: result.inviteId, expiresAt: result.expiresAt };
}

/** Revokes a pending invitation (owners and admins). An invitation of another organization is NOT_FOUND. */
export async function revokeInvite(actorUserId: string, orgId: string, inviteId: string, ctx?: ContextLike): Promise<void> {
  await identityDb().transaction(async (tx) => {
    await requireMember(tx, actorUserId, orgId, "members.manage");
    const [revoked] = await tx
      .update(organizationInvites)
      .set({ revokedAt: new Date() })
      .where(and(eq(organizationInvites.id, inviteId), pendingInvites(orgId, new Date())))
      .returning({ email: organizationInvites.email });
    if (!revoked) throw notFound("Invitation not found");
    await writeAudit(tx, auditLog, actor(actorUserId, ctx), {
      action: "organization.invite_revoked",
      entityType: "organization",
      entityId: orgId,
      before: { inviteId, email: revoked.email },
    });
  });
}

const INVALID_INVITE = "This invitation link is invalid, was already used or has expired.";

/**
 * Accepts an invitation for the signed-in user. The user's email must be verified and equal the invited
 * address. Accepting when already a member just consumes the invitation.
 */
export async function acceptInvite(
  userId: string,
  token: string,
  ctx?: ContextLike,
  now: Date = new Date(),
): Promise<{ organizationId: string; slug: string; role: OrganizationRole }> {
  const parsedToken = parseTokenInput(token);
  if (!parsedToken) throw notFound(INVALID_INVITE);
  return identityDb().transaction(async (tx) => {
    const invite = await tx
      .select({
        id: organizationInvites.id,
        organizationId: organizationInvites.organizationId,
        email: organizationInvites.email,
        role: organizationInvites.role,
        invitedBy: organizationInvites.invitedBy,
        expiresAt: organizationInvites.expiresAt,
        acceptedAt: organizationInvites.acceptedAt,
        revokedAt: organizationInvites.revokedAt,
        slug: organizations.slug,
      })
      .from(organizationInvites)
      .innerJoin(organizations, eq(organizations.id, organizationInvites.organizationId))
      .where(eq(organizationInvites.tokenHash, sha256Hex(parsedToken)))
      .get();
    if (!invite || invite.acceptedAt || invite.revokedAt || invite.expiresAt.getTime() <= now.getTime()) throw notFound(INVALID_INVITE);

    const user = await tx.select({ email: users.email, emailVerified: users.emailVerified, status: users.status }).from(users).where(eq(users.id, userId)).get();
    if (!user || user.status !== "active") throw notFound("Account not found");
    if (user.email !== invite.email) {
      throw forbidden("This invitation was sent to a different email address. Sign in with that address to accept it.");
    }
    if (!user.emailVerified) throw forbidden("Verify your email address first, then open the invitation link again.");

    const [accepted] = await tx
      .update(organizationInvites)
      .set({ acceptedAt: now })
      .where(and(eq(organizationInvites.id, invite.id), isNull(organizationInvites.acceptedAt), isNull(organizationInvites.revokedAt)))
      .returning({ id: organizationInvites.id });
    if (!accepted) throw notFound(INVALID_INVITE);

    const existing = await tx
      .select({ role: organizationMembers.role })
      .from(organizationMembers)
      .where(and(eq(organizationMembers.organizationId, invite.organizationId), eq(organizationMembers.userId, userId)))
      .get();
    if (existing) return { organizationId: invite.organizationId, slug: invite.slug, role: existing.role };

    await tx.insert(organizationMembers).values({ organizationId: invite.organizationId, userId, role: invite.role, invitedBy: invite.invitedBy, joinedAt: now });
    await writeAudit(tx, auditLog, actor(userId, ctx), {
      action: "organization.member_joined",
      entityType: "organization",
      entityId: invite.organizationId,
      after: { userId, role: invite.role, inviteId: invite.id },
    });
    return { organizationId: invite.organizationId, slug: invite.slug, role: invite.role };
  });
}

/** Guards for changing or removing `targetUserId` (who must be a member; NOT_FOUND otherwise). */
async function loadTarget(tx: IdentityTx, orgId: string, targetUserId: string) {
  const target = await tx
    .select({ role: organizationMembers.role })
    .from(organizationMembers)
    .where(and(eq(organizationMembers.organizationId, orgId), eq(organizationMembers.userId, targetUserId)))
    .get();
  if (!target) throw notFound("Member not found");
  return target;
}

/** SQL condition: the organization keeps at least one owner besides `userId`. */
const anotherOwnerExists = (orgId: string, userId: string) =>
  sql`exists (select 1 from ${organizationMembers} m where m.organization_id = ${orgId} and m.role = 'owner' and m.user_id <> ${userId})`;

/**
 * Changes a member's role (owners and admins). Only owners grant or take away the owner role, and nobody
 * changes the primary owner's role or the last owner's.
 */
export async function changeMemberRole(
  actorUserId: string,
  orgId: string,
  memberUserId: string,
  role: OrganizationRole,
  ctx?: ContextLike,
): Promise<{ role: OrganizationRole }> {
  const parsed = roleField.safeParse(role);
  if (!parsed.success) throw validation({ role: ["Choose a role."] });
  return identityDb().transaction(async (tx) => {
    const membership = await requireMember(tx, actorUserId, orgId, "members.manage");
    const target = await loadTarget(tx, orgId, memberUserId);
    if (target.role === role) return { role };
    if ((role === "owner" || target.role === "owner") && membership.role !== "owner") {
      throw forbidden("Only an owner can change who is an owner.");
    }
    if (memberUserId === membership.ownerId) {
      throw new AppError("CONFLICT", "The organization's creator stays an owner.", { fieldErrors: { role: ["The primary owner's role cannot change."] } });
    }
    const [updated] = await tx
      .update(organizationMembers)
      .set({ role })
      .where(
        and(
          eq(organizationMembers.organizationId, orgId),
          eq(organizationMembers.userId, memberUserId),
          eq(organizationMembers.role, target.role),
          target.role === "owner" ? anotherOwnerExists(orgId, memberUserId) : undefined,
        ),
      )
      .returning({ role: organizationMembers.role });
    if (!updated) throw new AppError("CONFLICT", "An organization needs at least one owner.");
    await writeAudit(tx, auditLog, actor(actorUserId, ctx), {
      action: "organization.member_role_changed",
      entityType: "organization",
      entityId: orgId,
      before: { userId: memberUserId, role: target.role },
      after: { userId: memberUserId, role },
    });
    return { role };
  });
}

/**
 * Removes a member (owners and admins; only owners remove owners). Any member may remove themselves (leave).
 * The primary owner and the last owner cannot be removed.
 */
export async function removeMember(actorUserId: string, orgId: string, memberUserId: string, ctx?: ContextLike): Promise<void> {
  await identityDb().transaction(async (tx) => {
    const leaving = actorUserId === memberUserId;
    const membership = await requireMember(tx, actorUserId, orgId, leaving ? undefined : "members.manage");
    const target = await loadTarget(tx, orgId, memberUserId);
    if (memberUserId === membership.ownerId) {
      throw new AppError("CONFLICT", "The organization's creator cannot be removed.");
    }
    if (target.role === "owner" && !leaving && membership.role !== "owner") throw forbidden("Only an owner can remove an owner.");
    const [removed] = await tx
      .delete(organizationMembers)
      .where(
        and(
          eq(organizationMembers.organizationId, orgId),
          eq(organizationMembers.userId, memberUserId),
          target.role === "owner" ? anotherOwnerExists(orgId, memberUserId) : undefined,
        ),
      )
      .returning({ userId: organizationMembers.userId });
    if (!removed) throw new AppError("CONFLICT", "An organization needs at least one owner.");
    await writeAudit(tx, auditLog, actor(actorUserId, ctx), {
      action: leaving ? "organization.member_left" : "organization.member_removed",
      entityType: "organization",
      entityId: orgId,
      before: { userId: memberUserId, role: target.role },
    });
  });
}

