import "server-only";
/** Admin tables over the identity database (no password hashes, token hashes or TOTP secrets are selected). */
import { eq, inArray, ne, or, sql, type SQL } from "drizzle-orm";
import type { SQLiteColumn } from "drizzle-orm/sqlite-core";
import { identityDb } from "@/db/identity/client";
import { apiTokens, AUTH_EVENT_TYPES, authEvents, blockedIps, organizationMembers, organizations, STAFF_ROLES, USER_STATUSES, users } from "@/db/identity/schema";
import { COUNT_CAP, defineTable } from "../query";
import { personIdsByEmailPrefix, withPeople } from "../people";

const prefix = (column: SQLiteColumn, term: string): SQL => sql`(${column} >= ${term} and ${column} < ${`${term}\uffff`})`;

export interface CustomerTableRow {
  id: string;
  email: string;
  name: string | null;
  status: string;
  emailVerified: Date | null;
  twoFactorEnabled: boolean;
  country: string | null;
  lastSignInAt: Date | null;
  createdAt: Date;
}

const personSelect = {
  id: users.id,
  email: users.email,
  name: users.name,
  status: users.status,
  emailVerified: users.emailVerified,
  twoFactorEnabled: users.twoFactorEnabled,
  country: users.country,
  lastSignInAt: users.lastSignInAt,
  createdAt: users.createdAt,
};

/**
 * q: an exact id, the start of the email, or the start of the name as typed or capitalised ("ann" finds "Ann
 * Lee"). Every branch is an index range (users_email_uq, users_name_idx), so a search never scans the table.
 */
const personSearch = (q: string): SQL | undefined => {
  const capitalised = q.charAt(0).toUpperCase() + q.slice(1);
  return or(eq(users.id, q), prefix(users.email, q.toLowerCase()), prefix(users.name, q), capitalised !== q ? prefix(users.name, capitalised) : undefined);
};

export const customersTable = defineTable<CustomerTableRow>({
  name: "customers",
  db: identityDb,
  table: users,
  select: personSelect,
  key: users.id,
  scope: eq(users.role, "customer"),
  columns: {
    email: { column: users.email, label: "Email", sortable: true, filter: { kind: "text", match: "prefix", lowercase: true } },
    status: { column: users.status, label: "Status", filter: { kind: "enum", options: USER_STATUSES } },
    country: { column: users.country, label: "Country", filter: { kind: "text", match: "exact" } },
    lastSignInAt: { column: users.lastSignInAt, label: "Last sign-in", sortable: true, filter: { kind: "date" } },
    createdAt: { column: users.createdAt, label: "Joined", sortable: true, filter: { kind: "date" } },
  },
  defaultSort: [{ id: "createdAt", desc: true }],
  search: personSearch,
  countCap: COUNT_CAP,
});

export interface StaffTableRow extends CustomerTableRow {
  role: string;
}

export const staffTable = defineTable<StaffTableRow>({
  name: "staff",
  db: identityDb,
  table: users,
  select: { ...personSelect, role: users.role },
  key: users.id,
  scope: ne(users.role, "customer"),
  // Labels differ from the invite form's "Email" and "Role" on the same page.
  columns: {
    email: { column: users.email, label: "Email starts with", sortable: true, filter: { kind: "text", match: "prefix", lowercase: true } },
    role: { column: users.role, label: "Staff role", sortable: true, filter: { kind: "enum", options: STAFF_ROLES } },
    status: { column: users.status, label: "Status", filter: { kind: "enum", options: USER_STATUSES } },
    lastSignInAt: { column: users.lastSignInAt, label: "Last sign-in", sortable: true },
    createdAt: { column: users.createdAt, label: "Added", sortable: true },
  },
  defaultSort: [{ id: "createdAt", desc: false }],
  search: personSearch,
});

export interface OrganizationTableRow {
  id: string;
  slug: string;
  name: string;
  ownerId: string;
  ownerEmail: string | null;
  billingEmail: string | null;
  status: string;
  memberCount: number;
  createdAt: Date;
}

export const organizationsTable = defineTable<OrganizationTableRow>({
  name: "organizations",
  db: identityDb,
  table: organizations,
  select: {
    id: organizations.id,
    slug: organizations.slug,
    name: organizations.name,
    ownerId: organizations.ownerId,
    billingEmail: organizations.billingEmail,
    status: organizations.status,
    memberCount: sql<number>`(select count(*) from ${organizationMembers} where ${organizationMembers.organizationId} = ${organizations.id})`.as("member_count"),
    createdAt: organizations.createdAt,
  },
  key: organizations.id,
  columns: {
    slug: { column: organizations.slug, label: "Slug", sortable: true, filter: { kind: "text", match: "prefix", lowercase: true } },
    status: { column: organizations.status, label: "Status", filter: { kind: "enum", options: ["active", "suspended"] } },
    createdAt: { column: organizations.createdAt, label: "Created", sortable: true, filter: { kind: "date" } },
  },
  defaultSort: [{ id: "createdAt", desc: true }],
  search: async (q) => {
    const owners = await personIdsByEmailPrefix(q, 200);
    return or(eq(organizations.id, q), prefix(organizations.slug, q.toLowerCase()), sql`${organizations.name} like ${`%${q.replace(/[\\%_]/g, "")}%`}`, owners.length ? inArray(organizations.ownerId, owners) : undefined);
  },
  decorate: (rows) => withPeople<OrganizationTableRow>(rows, "ownerId", "owner"),
});

export interface ApiTokenTableRow {
  id: string;
  userId: string;
  userEmail: string | null;
  name: string;
  scopes: string[];
  last4: string;
  expiresAt: Date | null;
  lastUsedAt: Date | null;
  lastUsedIp: string | null;
  revokedAt: Date | null;
  createdAt: Date;
  state: string;
}

export const apiTokensTable = defineTable<ApiTokenTableRow>({
  name: "api-tokens",
  db: identityDb,
  table: apiTokens,
  select: {
    id: apiTokens.id,
    userId: apiTokens.userId,
    name: apiTokens.name,
    scopes: apiTokens.scopes,
    last4: apiTokens.last4,
    expiresAt: apiTokens.expiresAt,
    lastUsedAt: apiTokens.lastUsedAt,
    lastUsedIp: apiTokens.lastUsedIp,
    revokedAt: apiTokens.revokedAt,
    createdAt: apiTokens.createdAt,
  },
  key: apiTokens.id,
  columns: {
    lastUsedAt: { column: apiTokens.lastUsedAt, label: "Last used", sortable: true },
    createdAt: { column: apiTokens.createdAt, label: "Created", sortable: true, filter: { kind: "date" } },
    expiresAt: { column: apiTokens.expiresAt, label: "Expires", sortable: true, filter: { kind: "date" } },
  },
  defaultSort: [{ id: "createdAt", desc: true }],
  search: async (q) => {
    const owners = await personIdsByEmailPrefix(q, 200);
    return or(eq(apiTokens.id, q), eq(apiTokens.last4, q), owners.length ? inArray(apiTokens.userId, owners) : undefined);
  },
  decorate: async (rows) => {
    const now = Date.now();
    const people = await withPeople<ApiTokenTableRow>(rows, "userId", "user");
    return people.map((r) => ({ ...r, state: r.revokedAt ? "revoked" : r.expiresAt && r.expiresAt.getTime() < now ? "expired" : "active" }));
  },
});

export interface AuthEventTableRow {
  id: string;
  type: string;
  reason: string | null;
  userId: string | null;
  email: string | null;
  ip: string | null;
  userAgent: string | null;
  provider: string | null;
  createdAt: Date;
}

export const authEventsTable = defineTable<AuthEventTableRow>({
  name: "auth-events",
  db: identityDb,
  table: authEvents,
  select: {
    id: authEvents.id,
    type: authEvents.type,
    reason: authEvents.reason,
    userId: authEvents.userId,
    email: authEvents.email,
    ip: authEvents.ip,
    userAgent: authEvents.userAgent,
    provider: authEvents.provider,
    createdAt: authEvents.createdAt,
  },
  key: authEvents.id,
  columns: {
    type: { column: authEvents.type, label: "Event", filter: { kind: "enum", options: AUTH_EVENT_TYPES } },
    email: { column: authEvents.email, label: "Email", filter: { kind: "text", match: "exact", lowercase: true } },
    ip: { column: authEvents.ip, label: "IP", filter: { kind: "text", match: "exact" } },
    createdAt: { column: authEvents.createdAt, label: "When", sortable: true, filter: { kind: "date" } },
  },
  defaultSort: [{ id: "createdAt", desc: true }],
  search: (q) => or(eq(authEvents.email, q.toLowerCase()), eq(authEvents.ip, q), eq(authEvents.userId, q)),
  countCap: COUNT_CAP,
});

export interface BlockedIpTableRow {
  id: string;
  cidr: string;
  reason: string;
  createdBy: string | null;
  createdByEmail: string | null;
  expiresAt: Date | null;
  createdAt: Date;
}

export const blockedIpsTable = defineTable<BlockedIpTableRow>({
  name: "blocked-ips",
  db: identityDb,
  table: blockedIps,
  select: {
    id: blockedIps.id,
    cidr: blockedIps.cidr,
    reason: blockedIps.reason,
    createdBy: blockedIps.createdBy,
    expiresAt: blockedIps.expiresAt,
    createdAt: blockedIps.createdAt,
  },
  key: blockedIps.id,
  columns: {
    cidr: { column: blockedIps.cidr, label: "Address or range", sortable: true, filter: { kind: "text", match: "prefix" } },
    expiresAt: { column: blockedIps.expiresAt, label: "Expires", sortable: true, filter: { kind: "date" } },
    createdAt: { column: blockedIps.createdAt, label: "Blocked", sortable: true, filter: { kind: "date" } },
  },
  defaultSort: [{ id: "createdAt", desc: true }],
  search: (q) => or(prefix(blockedIps.cidr, q), sql`${blockedIps.reason} like ${`%${q.replace(/[\\%_]/g, "")}%`}`),
  decorate: (rows) => withPeople<BlockedIpTableRow>(rows, "createdBy", "createdBy"),
});

