import "server-only";
/**
 * Who may see and do what with billing records (orders, services, invoices): ONE rule, used by every portal page,
 * action and route that touches them.
 *
 * A billing record belongs to exactly one account:
 * - **personal**: `organization_id IS NULL AND customer_id = <the user>` (unchanged from before organizations);
 * - **an organization**: `organization_id = <org>`. Its `customer_id` is the member who placed the order: the money
 *   side (billing profile and its currency lock, Stripe customer, billing emails) stays that buyer's, but access
 *   does NOT follow the buyer: an org record is reached only through a *current* membership whose role allows it.
 *
 * What an organization role allows (ORG_ROLE_ALLOWS in lib/auth/organizations.ts is the table):
 * | role         | services                           | invoices & payments            | place orders for the org |
 * |--------------|------------------------------------|--------------------------------|--------------------------|
 * | owner, admin | see and manage (cancel, plan, …)   | see, pay, PDF                  | yes                      |
 * | billing      | see (read-only)                    | see, pay, PDF                  | yes                      |
 * | member       | see (the services they use)        | nothing                        | no                       |
 *
 * - Memberships are read fresh from the identity database on every request (no caching), so removing a member
 *   or lowering their role takes effect on their very next request.
 * - Object-level checks are built into the WHERE clause (`scopeFor`): a record outside the actor's reach is
 *   simply not found (404), never "forbidden", so ids of other accounts reveal nothing. The one FORBIDDEN case is a
 *   record the actor can already see but whose action their role lacks (a `billing` member cancelling a service).
 * - Account credit is personal: an organization's invoices are not paid from, and org orders do not spend, anyone's
 *   credit balance (it would spend the buyer's money on the payer's say-so).
 */
import { and, eq, inArray, isNull, or, type SQL } from "drizzle-orm";
import type { SQLiteColumn } from "drizzle-orm/sqlite-core";
import { identityDb } from "@/db/identity/client";
import { organizationMembers, organizations } from "@/db/identity/schema";
import { ORG_ROLE_ALLOWS, type OrganizationAction, type OrganizationRole } from "@/lib/auth/organizations";
import { forbidden, notFound } from "@/lib/errors";

export const BILLING_CAPABILITIES = ["services.read", "services.manage", "devices.manage", "invoices.read", "invoices.pay", "orders.place"] as const;
export type BillingCapability = (typeof BILLING_CAPABILITIES)[number];

/** `orders.place` is not an identity action: whoever may pay the organization's invoices may also add to them. */
export function roleAllows(role: OrganizationRole, capability: BillingCapability): boolean {
  const allows = ORG_ROLE_ALLOWS[role];
  return capability === "orders.place" ? allows.has("invoices.pay") : allows.has(capability as OrganizationAction);
}

export interface BillingOrganization {
  id: string;
  name: string;
  role: OrganizationRole;
}

export interface BillingAccess {
  userId: string;
  /** Every organization the user currently belongs to (any role), by name. */
  organizations: readonly BillingOrganization[];
  /** May the user do `capability` on a record of this account (null = their personal account)? */
  can(capability: BillingCapability, organizationId: string | null): boolean;
  /** The organizations where the user's role allows `capability`. */
  organizationIds(capability: BillingCapability): string[];
  /** "Personal" or the organization's name, for showing which account a row belongs to. */
  accountName(organizationId: string | null): string;
}

export const PERSONAL_ACCOUNT_NAME = "Personal";

/** Loads the actor's memberships once per request; everything else is computed from them. */
export async function billingAccessFor(userId: string): Promise<BillingAccess> {
  const rows = userId
    ? await identityDb()
        .select({ id: organizations.id, name: organizations.name, role: organizationMembers.role })
        .from(organizationMembers)
        .innerJoin(organizations, eq(organizations.id, organizationMembers.organizationId))
        .where(eq(organizationMembers.userId, userId))
        .orderBy(organizations.name)
    : [];
  const byId = new Map(rows.map((r) => [r.id, r]));
  return {
    userId,
    organizations: rows,
    can(capability, organizationId) {
      if (!userId) return false;
      if (organizationId === null) return true;
      const org = byId.get(organizationId);
      return Boolean(org && roleAllows(org.role, capability));
    },
    organizationIds(capability) {
      return rows.filter((r) => roleAllows(r.role, capability)).map((r) => r.id);
    },
    accountName(organizationId) {
      if (organizationId === null) return PERSONAL_ACCOUNT_NAME;
      return byId.get(organizationId)?.name ?? "Organization";
    },
  };
}

/**
 * The WHERE condition for rows of `table` the actor may `capability`: their personal rows, plus the rows of the
 * organizations where their role allows it. Never matches anything for an empty user id.
 */
export function scopeFor(access: BillingAccess, capability: BillingCapability, table: { customerId: SQLiteColumn; organizationId: SQLiteColumn }): SQL {
  const personal = and(isNull(table.organizationId), eq(table.customerId, access.userId || "\u0000"))!;
  const orgIds = access.organizationIds(capability);
  return orgIds.length ? or(personal, inArray(table.organizationId, orgIds))! : personal;
}

/**
 * For a record already loaded through `scopeFor(access, <read capability>)`: throws FORBIDDEN when the actor's
 * role does not allow `capability` on it. Records outside the read scope never get here (they are NOT_FOUND).
 */
export function assertCan(access: BillingAccess, capability: BillingCapability, record: { organizationId: string | null }): void {
  if (!access.can(capability, record.organizationId)) throw forbidden("Your role in this organization does not allow that.");
}

/** The organization an order may be billed to: NOT_FOUND unless the buyer's role allows placing orders there. */
export function assertCanOrderFor(access: BillingAccess, organizationId: string): BillingOrganization {
  const org = access.organizations.find((o) => o.id === organizationId);
  if (!org || !roleAllows(org.role, "orders.place")) throw notFound("Organization not found");
  return org;
}
