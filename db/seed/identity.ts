/**
 * identity seed: built-in roles and permissions, and the first admin account.
 * Grants are only added for a role or permission created in this run, so permissions an admin removed from a
 * role stay removed when the seed runs again (it runs at every quickstart).
 */
import { randomBytes } from "node:crypto";
import { count, eq } from "drizzle-orm";
import { identityDb } from "@/db/identity/client";
import { permissions, rolePermissions, roles, users, type UserRole } from "@/db/identity/schema";
import { hashPassword } from "@/lib/auth/password";
import type { SeedModuleResult } from "./types";

export const SEED_ROLES: Array<{ key: UserRole; name: string; description: string }> = [
  { key: "admin", name: "Administrator", description: "Everything, including staff and settings." },
  { key: "billing", name: "Billing", description: "Customers, invoices, payments, refunds, products and coupons." },
  { key: "support", name: "Support", description: "Tickets, customers (read) and VPN devices." },
  { key: "customer", name: "Customer", description: "The customer portal only; no back-office access." },
];

export const SEED_PERMISSIONS: Array<{ key: string; group: string; description: string }> = [
  { key: "customers.read", group: "customers", description: "View customers and their services" },
  { key: "customers.write", group: "customers", description: "Edit customers, suspend or unlock accounts" },
  { key: "customers.impersonate", group: "customers", description: "Sign in as a customer (audited)" },
  { key: "invoices.read", group: "billing", description: "View orders, invoices and payments" },
  { key: "invoices.write", group: "billing", description: "Create, edit, cancel and resend invoices" },
  { key: "invoices.refund", group: "billing", description: "Refund payments and issue credit notes" },
  { key: "payments.read", group: "billing", description: "View payments, refunds and credit notes" },
  { key: "payments.record", group: "billing", description: "Record bank transfers and manual payments" },
  { key: "services.write", group: "billing", description: "Suspend, unsuspend, cancel and change services" },
  { key: "products.write", group: "billing", description: "Edit products and prices" },
  { key: "coupons.write", group: "billing", description: "Create and edit coupons" },
  { key: "taxes.write", group: "billing", description: "Edit tax rates" },
  { key: "tickets.read", group: "support", description: "View support tickets" },
  { key: "tickets.reply", group: "support", description: "Reply to tickets and add internal notes" },
  { key: "tickets.manage", group: "support", description: "Assign, close and delete tickets; edit departments" },
  { key: "support.settings.write", group: "support", description: "Edit departments and SLA targets, canned replies, announcements and maintenance windows" },
  { key: "vpn.servers.write", group: "vpn", description: "Add and edit VPN servers, rotate agent tokens" },
  { key: "vpn.devices.write", group: "vpn", description: "Disable and delete customers' VPN devices" },
  { key: "vpn.vip.write", group: "vpn", description: "Edit the VIP list" },
  { key: "hosting.write", group: "infrastructure", description: "Manage WHM servers, packages and accounts" },
  { key: "cloud.write", group: "infrastructure", description: "Manage cloud catalogue and resources" },
  { key: "content.write", group: "content", description: "Edit pages, posts, FAQs and navigation" },
  { key: "content.publish", group: "content", description: "Publish content and change the theme" },
  { key: "settings.write", group: "system", description: "Change settings and payment gateways" },
  { key: "staff.manage", group: "system", description: "Invite staff and change roles and permissions" },
  { key: "jobs.manage", group: "system", description: "Retry and cancel background jobs" },
  { key: "audit.read", group: "system", description: "Read the audit log" },
  { key: "data.export", group: "system", description: "Export admin tables as CSV (audited)" },
  { key: "security.manage", group: "system", description: "Read sign-in events and block IP addresses" },
];

const ROLE_GRANTS: Record<UserRole, string[] | "all"> = {
  admin: "all",
  billing: [
    "customers.read",
    "customers.write",
    "invoices.read",
    "invoices.write",
    "invoices.refund",
    "payments.read",
    "payments.record",
    "services.write",
    "products.write",
    "coupons.write",
    "taxes.write",
    "tickets.read",
    "tickets.reply",
    "audit.read",
    "data.export",
  ],
  support: ["customers.read", "invoices.read", "tickets.read", "tickets.reply", "tickets.manage", "support.settings.write", "vpn.devices.write"],
  customer: [],
};

export interface AdminSeedResult {
  email: string;
  created: boolean;
  /** Only when this run created the admin without a given password: print it once. */
  generatedPassword?: string;
  /** Role of an already existing account with that email (it is left untouched). */
  existingRole?: UserRole;
}

/** 24 URL-safe characters from 144 random bits. */
export function generatePassword(): string {
  return randomBytes(18).toString("base64url");
}

export async function seedIdentity(admin: { email: string; password?: string }): Promise<{
  result: SeedModuleResult;
  admin: AdminSeedResult;
}> {
  const db = identityDb();
  const email = admin.email.trim().toLowerCase();

  // Hash outside the transaction (argon2 takes ~50 ms; remote transactions have a short lifetime).
  const existing = await db.select({ id: users.id, role: users.role }).from(users).where(eq(users.email, email)).get();
  const generatedPassword = existing || admin.password ? undefined : generatePassword();
  const passwordHash = existing ? null : await hashPassword(admin.password ?? generatedPassword!);

  return db.transaction(async (tx) => {
    const newRoles = await tx.insert(roles).values(SEED_ROLES.map((r) => ({ ...r, system: true }))).onConflictDoNothing().returning({ key: roles.key });
    const newPermissions = await tx.insert(permissions).values(SEED_PERMISSIONS).onConflictDoNothing().returning({ key: permissions.key });

    const freshRoles = new Set(newRoles.map((r) => r.key));
    const freshPermissions = new Set(newPermissions.map((p) => p.key));
    const grants: Array<{ roleKey: string; permissionKey: string }> = [];
    for (const role of SEED_ROLES) {
      const granted = ROLE_GRANTS[role.key] === "all" ? SEED_PERMISSIONS.map((p) => p.key) : (ROLE_GRANTS[role.key] as string[]);
      for (const permissionKey of granted) {
        if (freshRoles.has(role.key) || freshPermissions.has(permissionKey)) grants.push({ roleKey: role.key, permissionKey });
      }
    }
    const newGrants = grants.length ? await tx.insert(rolePermissions).values(grants).onConflictDoNothing().returning({ roleKey: rolePermissions.roleKey }) : [];

    let adminResult: AdminSeedResult = { email, created: false, existingRole: existing?.role };
    if (!existing && passwordHash) {
      const inserted = await tx
        .insert(users)
        .values({ email, name: "Skyport Admin", role: "admin", passwordHash, emailVerified: new Date() })
        .onConflictDoNothing({ target: users.email })
        .returning({ id: users.id });
      adminResult = inserted.length ? { email, created: true, generatedPassword } : { email, created: false };
    }

    const [roleCount] = await tx.select({ n: count() }).from(roles);
    const [permissionCount] = await tx.select({ n: count() }).from(permissions);
    const [grantCount] = await tx.select({ n: count() }).from(rolePermissions);

    return {
      admin: adminResult,
      result: {
        database: "identity",
        parts: [
          { label: "roles", total: roleCount!.n, inserted: newRoles.length },
          { label: "permissions", total: permissionCount!.n, inserted: newPermissions.length },
          { label: "grants", total: grantCount!.n, inserted: newGrants.length },
        ],
      },
    };
  });
}
