import "server-only";
/**
 * Staff roles and their permissions, and the staff roster.
 * - A role's permissions come from `role_permissions` (editable by admins). Customers never hold staff
 *   permissions, whatever the table says.
 * - Lookups are cached per process for 5 s: every restricted page and action asks, and an edit made on
 *   another instance reaches this one within the TTL (an edit made here invalidates at once).
 * - Callers authorize (admin / `staff.manage`); these functions enforce the invariants that keep the
 *   back office reachable (the admin role keeps `staff.manage`, the last admin cannot be demoted).
 */
import { and, asc, eq, inArray, sql } from "drizzle-orm";
import { z } from "zod";
import { identityDb } from "@/db/identity/client";
import {
  auditLog,
  permissions,
  rolePermissions,
  roles,
  STAFF_ROLES,
  USER_ROLES,
  users,
  type UserRole,
} from "@/db/identity/schema";
import { writeAudit, type AuditActor } from "@/lib/audit";
import { renderEmail, sendEmail } from "@/lib/email";
import { serverEnv } from "@/lib/env";
import { AppError, notFound, validation } from "@/lib/errors";
import { issueEmailToken } from "./email-tokens";

export { STAFF_ROLES };
export type StaffRole = (typeof STAFF_ROLES)[number];

/** The permission without which nobody could manage staff any more; the admin role always keeps it. */
export const STAFF_MANAGE_PERMISSION = "staff.manage";

/** The set-password page the invitation links to (`?token=`), served by the password-reset flow. */
export const SET_PASSWORD_PATH = "/reset-password";

/** How long a staff invitation (set-password link) stays valid. */
export const STAFF_INVITE_TTL_MS = 72 * 60 * 60 * 1000;

const PERMISSION_CACHE_TTL_MS = 5_000;

export function isStaffRole(role: string | null | undefined): role is StaffRole {
  return (STAFF_ROLES as readonly string[]).includes(role ?? "");
}

const cache = new Map<string, { at: number; permissions: Promise<Set<string>> }>();

/** Drops cached role permissions (after an edit, and in tests). */
export function invalidatePermissionCache(): void {
  cache.clear();
}

async function loadPermissions(role: string): Promise<Set<string>> {
  const rows = await identityDb()
    .select({ key: rolePermissions.permissionKey })
    .from(rolePermissions)
    .where(eq(rolePermissions.roleKey, role));
  return new Set(rows.map((r) => r.key));
}

/** The permissions a role grants right now (an empty set for customers and unknown roles). Do not mutate it. */
export async function permissionsForRole(role: string | null | undefined): Promise<Set<string>> {
  if (!isStaffRole(role)) return new Set();
  const now = Date.now();
  const hit = cache.get(role);
  if (hit && now - hit.at < PERMISSION_CACHE_TTL_MS) return hit.permissions;
  const pending = loadPermissions(role);
  cache.set(role, { at: now, permissions: pending });
  // A failed load must not be cached for 5 s.
  pending.catch(() => cache.delete(role));
  return pending;
}

export async function roleHasPermission(role: string | null | undefined, permission: string): Promise<boolean> {
  return (await permissionsForRole(role)).has(permission);
}

export interface PermissionInfo {
  key: string;
  description: string;
  group: string;
}

export interface RoleWithPermissions {
  key: string;
  name: string;
  description: string | null;
  system: boolean;
  staff: boolean;
  /** Sorted permission keys. */
  permissions: string[];
}

/** Every permission, grouped for the permissions screen (ordered by group, then key). */
export async function listPermissions(): Promise<PermissionInfo[]> {
  return identityDb()
    .select({ key: permissions.key, description: permissions.description, group: permissions.group })
    .from(permissions)
    .orderBy(asc(permissions.group), asc(permissions.key));
}

/** Roles in USER_ROLES order (admin, billing, support, customer), then any others by key. */
export async function listRolesWithPermissions(): Promise<RoleWithPermissions[]> {
  const db = identityDb();
  const [roleRows, grants] = await Promise.all([
    db.select({ key: roles.key, name: roles.name, description: roles.description, system: roles.system }).from(roles),
    db.select({ roleKey: rolePermissions.roleKey, permissionKey: rolePermissions.permissionKey }).from(rolePermissions),
  ]);
  const byRole = new Map<string, string[]>();
  for (const g of grants) byRole.set(g.roleKey, [...(byRole.get(g.roleKey) ?? []), g.permissionKey]);
  const order = (key: string) => {
    const i = (USER_ROLES as readonly string[]).indexOf(key);
    return i === -1 ? USER_ROLES.length : i;
  };
  return roleRows
    .map((r) => ({ ...r, staff: isStaffRole(r.key), permissions: (byRole.get(r.key) ?? []).sort() }))
    .sort((a, b) => order(a.key) - order(b.key) || a.key.localeCompare(b.key));
}

const permissionKeysSchema = z.array(z.string().trim().min(1).max(100)).max(500);

/**
 * Replaces a role's permissions. Unknown keys are a validation error; the admin role cannot lose
 * `staff.manage`; the customer role cannot get any. Audited with the before/after lists.
 */
export async function setRolePermissions(
  actor: AuditActor,
  roleKey: string,
  permissionKeys: string[],
): Promise<{ added: string[]; removed: string[]; permissions: string[] }> {
  const parsed = permissionKeysSchema.safeParse(permissionKeys);
  if (!parsed.success) throw validation({ permissions: ["Choose permissions from the list."] });
  const wanted = [...new Set(parsed.data)].sort();

  if (roleKey === "admin" && !wanted.includes(STAFF_MANAGE_PERMISSION)) {
    throw validation(
      { permissions: [`The admin role must keep "${STAFF_MANAGE_PERMISSION}", or nobody could manage staff any more.`] },
      "The admin role must keep staff management.",
    );
  }
  if (!isStaffRole(roleKey) && wanted.length > 0) {
    throw validation({ permissions: ["Only staff roles can hold back-office permissions."] });
  }

  const db = identityDb();
  const result = await db.transaction(async (tx) => {
    const role = await tx.select({ key: roles.key }).from(roles).where(eq(roles.key, roleKey)).get();
    if (!role) throw notFound("Role not found");

    if (wanted.length) {
      const known = await tx.select({ key: permissions.key }).from(permissions).where(inArray(permissions.key, wanted));
      const knownKeys = new Set(known.map((k) => k.key));
      const unknown = wanted.filter((k) => !knownKeys.has(k));
      if (unknown.length) throw validation({ permissions: [`Unknown permission: ${unknown.join(", ")}`] });
    }

    const before = (
      await tx.select({ key: rolePermissions.permissionKey }).from(rolePermissions).where(eq(rolePermissions.roleKey, roleKey))
    )
      .map((r) => r.key)
      .sort();
    const added = wanted.filter((k) => !before.includes(k));
    const removed = before.filter((k) => !wanted.includes(k));
    if (!added.length && !removed.length) return { added, removed, permissions: wanted };

    if (removed.length) {
      await tx
        .delete(rolePermissions)
        .where(and(eq(rolePermissions.roleKey, roleKey), inArray(rolePermissions.permissionKey, removed)));
    }
    if (added.length) {
      await tx
        .insert(rolePermissions)
        .values(added.map((permissionKey) => ({ roleKey, permissionKey })))
        .onConflictDoNothing();
    }
    await tx.update(roles).set({ updatedAt: new Date() }).where(eq(roles.key, roleKey));
    await writeAudit(tx, auditLog, actor, {
      action: "role.permissions_changed",
      entityType: "role",
      entityId: roleKey,
      before: { permissions: before },
      after: { permissions: wanted, added, removed },
    });
    return { added, removed, permissions: wanted };
  });
  invalidatePermissionCache();
  return result;
}

const inviteStaffSchema = z.object({
  email: z
    .string()
    .trim()
    .toLowerCase()
    .max(254, "Email is too long.")
    .pipe(z.email({ error: "Enter a valid email address." })),
  role: z.enum(STAFF_ROLES, { error: "Choose a staff role." }),
});

export type InviteStaffInput = z.input<typeof inviteStaffSchema>;

function fieldErrorsOf(error: z.ZodError): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const issue of error.issues) {
    const key = String(issue.path[0] ?? "form");
    (out[key] ??= []).push(issue.message);
  }
  return out;
}

/**
 * Invites a new staff member (an account without a password) or promotes an existing customer, and emails a
 * set-password link. Re-inviting someone who never set a password sends a fresh link; an existing staff
 * member is a conflict (use changeStaffRole). Audited.
 */
export async function inviteStaff(
  actor: AuditActor,
  input: InviteStaffInput,
): Promise<{ userId: string; created: boolean; promoted: boolean }> {
  const parsed = inviteStaffSchema.safeParse(input);
  if (!parsed.success) throw validation(fieldErrorsOf(parsed.error));
  const { email, role } = parsed.data;

  const db = identityDb();
  const outcome = await db.transaction(async (tx) => {
    const existing = await tx
      .select({ id: users.id, role: users.role, passwordHash: users.passwordHash, status: users.status })
      .from(users)
      .where(eq(users.email, email))
      .get();

    let userId: string;
    let created = false;
    let promoted = false;
    if (!existing) {
      const [row] = await tx.insert(users).values({ email, role }).returning({ id: users.id });
      userId = row!.id;
      created = true;
    } else if (isStaffRole(existing.role)) {
      // Someone invited earlier who never set a password may need the link again.
      if (existing.passwordHash !== null || existing.role !== role) {
        throw new AppError("CONFLICT", "This person is already a staff member; change their role instead.", {
          fieldErrors: { email: ["Already a staff member."] },
        });
      }
      userId = existing.id;
    } else {
      if (existing.status !== "active") {
        throw new AppError("CONFLICT", "This account is suspended or disabled; reactivate it first.", {
          fieldErrors: { email: ["Account is not active."] },
        });
      }
      await tx
        .update(users)
        .set({ role, sessionVersion: sql`${users.sessionVersion} + 1` })
        .where(eq(users.id, existing.id));
      userId = existing.id;
      promoted = true;
    }

    // Staff who already have a password keep it; everyone else gets a set-password link (the reset flow).
    const token = existing?.passwordHash
      ? null
      : await issueEmailToken(tx, { userId, purpose: "reset_password", email, ttlMs: STAFF_INVITE_TTL_MS });

    await writeAudit(tx, auditLog, actor, {
      action: "staff.invited",
      entityType: "user",
      entityId: userId,
      before: existing ? { role: existing.role } : null,
      after: { email, role, created, promoted },
    });
    return { userId, created, promoted, token };
  });

  const env = serverEnv();
  const content = outcome.token
    ? renderEmail({
        brand: env.APP_NAME,
        heading: `You have been invited to the ${env.APP_NAME} team`,
        paragraphs: [
          `${actor.email ?? "An administrator"} invited you to join ${env.APP_NAME} as ${roleLabel(role)}.`,
          "Choose a password to activate your staff account. You will then set up two-factor authentication, which every staff account needs.",
          `The link expires in ${Math.round(STAFF_INVITE_TTL_MS / 3_600_000)} hours and works once.`,
        ],
        action: { label: "Set your password", url: `${env.APP_URL.replace(/\/+$/, "")}${SET_PASSWORD_PATH}?token=${encodeURIComponent(outcome.token)}` },
        footer: "If you did not expect this invitation, you can ignore this email.",
      })
    : renderEmail({
        brand: env.APP_NAME,
        heading: `You now have staff access to ${env.APP_NAME}`,
        paragraphs: [
          `${actor.email ?? "An administrator"} gave your account the ${roleLabel(role)} role.`,
          "Sign in with your usual password; you will be asked to set up two-factor authentication before opening the back office.",
        ],
        action: { label: "Sign in", url: `${env.APP_URL.replace(/\/+$/, "")}/sign-in` },
      });
  // The ops outbox is another database: queued after the identity change committed (a failure here leaves a
  // valid invitation that can be re-sent by inviting again).
  await sendEmail({ to: email, subject: `Your ${env.APP_NAME} staff invitation`, ...content, template: "auth.staff-invite", userId: outcome.userId });

  return { userId: outcome.userId, created: outcome.created, promoted: outcome.promoted };
}

function roleLabel(role: UserRole): string {
  return { admin: "an administrator", billing: "billing staff", support: "support staff", customer: "a customer" }[role];
}

/**
 * Changes a staff member's role (to another staff role, or back to customer). Bumps the session version so
 * the new role applies to every open session at once. The last active admin cannot be demoted.
 */
export async function changeStaffRole(actor: AuditActor, userId: string, role: UserRole): Promise<{ role: UserRole }> {
  if (!(USER_ROLES as readonly string[]).includes(role)) throw validation({ role: ["Choose a role."] });
  const db = identityDb();
  return db.transaction(async (tx) => {
    const user = await tx.select({ id: users.id, role: users.role, email: users.email }).from(users).where(eq(users.id, userId)).get();
    if (!user || !isStaffRole(user.role)) throw notFound("Staff member not found");
    if (user.role === role) return { role };

    // Conditional on another active admin existing at the moment of the write, so two concurrent demotions of
    // the last two admins cannot both succeed.
    const otherAdmins = sql`(select count(*) from ${users} where ${users.role} = 'admin' and ${users.status} = 'active' and ${users.id} <> ${userId})`;
    const updated = await tx
      .update(users)
      .set({ role, sessionVersion: sql`${users.sessionVersion} + 1` })
      .where(and(eq(users.id, userId), eq(users.role, user.role), user.role === "admin" ? sql`${otherAdmins} > 0` : undefined))
      .returning({ id: users.id });
    if (!updated.length) {
      throw new AppError("CONFLICT", "This is the last administrator; make someone else an administrator first.", {
        fieldErrors: { role: ["The last administrator cannot be demoted."] },
      });
    }
    await writeAudit(tx, auditLog, actor, {
      action: "staff.role_changed",
      entityType: "user",
      entityId: userId,
      before: { role: user.role },
      after: { role },
    });
    return { role };
  });
}

export interface StaffMember {
  id: string;
  email: string;
  name: string | null;
  role: StaffRole;
  status: "active" | "suspended" | "disabled";
  twoFactorEnabled: boolean;
  /** Invited but has not set a password yet. */
  invitationPending: boolean;
  lastSignInAt: Date | null;
  createdAt: Date;
}

export async function listStaff(): Promise<StaffMember[]> {
  const rows = await identityDb()
    .select({
      id: users.id,
      email: users.email,
      name: users.name,
      role: users.role,
      status: users.status,
      twoFactorEnabled: users.twoFactorEnabled,
      invitationPending: sql<number>`${users.passwordHash} is null`,
      lastSignInAt: users.lastSignInAt,
      createdAt: users.createdAt,
    })
    .from(users)
    .where(inArray(users.role, [...STAFF_ROLES]))
    .orderBy(asc(users.email));
  return rows.map((r) => ({ ...r, role: r.role as StaffRole, invitationPending: Boolean(r.invitationPending) }));
}
