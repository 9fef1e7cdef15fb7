/**
 * identity: people and how they prove who they are.
 * - users / accounts / sessions / verification_tokens / authenticators follow the Auth.js Drizzle adapter's SQLite
 *   shape (property names are what the adapter reads; column names are ours);
 * - everything secret is stored as a hash (tokens, recovery codes) or encrypted (TOTP secrets), never in clear;
 * - roles and permissions are keyed by their stable names so code and seeds can refer to them directly.
 */
import { sql } from "drizzle-orm";
import { check, index, integer, primaryKey, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { boolean, createdAt, currency, id, json, ref, timestamp, timestamps } from "../columns";
import { auditLogTable, jobEffectsTable, jobsTable } from "../shared-tables";

export const jobs = jobsTable();
export const jobEffects = jobEffectsTable();
export const auditLog = auditLogTable();

export const USER_ROLES = ["admin", "billing", "support", "customer"] as const;
export type UserRole = (typeof USER_ROLES)[number];
export const STAFF_ROLES = ["admin", "billing", "support"] as const satisfies readonly UserRole[];

export const USER_STATUSES = ["active", "suspended", "disabled"] as const;
export type UserStatus = (typeof USER_STATUSES)[number];

export const users = sqliteTable(
  "users",
  {
    id: id(),
    /** Always stored lower-cased (the CHECK refuses anything else), so uniqueness is case-insensitive. */
    email: text("email").notNull(),
    name: text("name"),
    image: text("image"),
    emailVerified: timestamp("email_verified"),
    /** argon2id PHC string (lib/auth/password.ts); null for accounts that only sign in with OAuth. */
    passwordHash: text("password_hash"),
    role: text("role", { enum: USER_ROLES }).notNull().default("customer"),
    /** Copied into the JWT; bumping it signs the user out everywhere (password change, "sign out all", suspension). */
    sessionVersion: integer("session_version").notNull().default(0),
    status: text("status", { enum: USER_STATUSES }).notNull().default("active"),
    statusReason: text("status_reason"),
    /** Lock-out after repeated failed sign-ins. */
    failedSignIns: integer("failed_sign_ins").notNull().default(0),
    lockedUntil: timestamp("locked_until"),
    twoFactorEnabled: boolean("two_factor_enabled").notNull().default(false),
    /** Fixed at the first order (billing_profiles holds the authoritative copy); shown before sign-in completes. */
    currency: currency(),
    /** ISO 3166-1 alpha-2. */
    country: text("country", { length: 2 }),
    locale: text("locale").notNull().default("en"),
    timezone: text("timezone").notNull().default("UTC"),
    lastSignInAt: timestamp("last_sign_in_at"),
    lastSignInIp: text("last_sign_in_ip"),
    ...timestamps(),
  },
  (t) => [
    uniqueIndex("users_email_uq").on(t.email),
    index("users_role_idx").on(t.role, t.createdAt),
    index("users_status_idx").on(t.status, t.createdAt),
    index("users_created_idx").on(t.createdAt),
    // Admin tables (lib/admin/tables): the customers and staff lists filter by role and sort by these.
    index("users_role_status_created_idx").on(t.role, t.status, t.createdAt),
    index("users_role_email_idx").on(t.role, t.email),
    index("users_role_last_sign_in_idx").on(t.role, t.lastSignInAt),
    // Customer search by the start of a name (a range, so the index serves it; LIKE would scan).
    index("users_name_idx").on(t.name),
    check("users_email_lowercase", sql`${t.email} = lower(${t.email})`),
  ],
);

/**
 * Auth.js OAuth account links. The adapter's type requires the token columns; Skyport only needs the identity,
 * so lib/auth should drop provider tokens before linking (they would be plaintext secrets at rest).
 */
export const accounts = sqliteTable(
  "accounts",
  {
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    type: text("type").$type<"oauth" | "oidc" | "email" | "webauthn">().notNull(),
    provider: text("provider").notNull(),
    providerAccountId: text("provider_account_id").notNull(),
    refresh_token: text("refresh_token"),
    access_token: text("access_token"),
    expires_at: integer("expires_at"),
    token_type: text("token_type"),
    scope: text("scope"),
    id_token: text("id_token"),
    session_state: text("session_state"),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.provider, t.providerAccountId] }), index("accounts_user_idx").on(t.userId)],
);

/** Auth.js database sessions (unused with the JWT strategy, but the adapter wants every table). */
export const sessions = sqliteTable(
  "sessions",
  {
    sessionToken: text("session_token").primaryKey(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    expires: timestamp("expires").notNull(),
  },
  (t) => [index("sessions_user_idx").on(t.userId)],
);

/** Auth.js verification tokens (magic links); Auth.js hashes the token before it gets here. */
export const verificationTokens = sqliteTable(
  "verification_tokens",
  {
    identifier: text("identifier").notNull(),
    token: text("token").notNull(),
    expires: timestamp("expires").notNull(),
  },
  (t) => [primaryKey({ columns: [t.identifier, t.token] })],
);

/** Auth.js WebAuthn authenticators (passkeys). Only public keys are stored. */
export const authenticators = sqliteTable(
  "authenticators",
  {
    credentialID: text("credential_id").notNull(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    providerAccountId: text("provider_account_id").notNull(),
    credentialPublicKey: text("credential_public_key").notNull(),
    counter: integer("counter").notNull(),
    credentialDeviceType: text("credential_device_type").notNull(),
    credentialBackedUp: boolean("credential_backed_up").notNull(),
    transports: text("transports"),
    name: text("name"),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.userId, t.credentialID] }),
    uniqueIndex("authenticators_credential_uq").on(t.credentialID),
  ],
);

/**
 * Sign-in sessions as the user sees them ("your devices"): one row per issued JWT (its `jti`), so a single session
 * can be revoked without bumping session_version for all of them.
 */
export const userSessions = sqliteTable(
  "user_sessions",
  {
    id: id(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    ip: text("ip"),
    userAgent: text("user_agent"),
    /** Set when staff sign in as the customer. */
    impersonatorId: ref("impersonator_id"),
    lastSeenAt: timestamp("last_seen_at"),
    expiresAt: timestamp("expires_at").notNull(),
    revokedAt: timestamp("revoked_at"),
    createdAt: createdAt(),
  },
  (t) => [index("user_sessions_user_idx").on(t.userId, t.createdAt), index("user_sessions_expires_idx").on(t.expiresAt)],
);

export const EMAIL_TOKEN_PURPOSES = ["verify_email", "reset_password", "change_email"] as const;
export type EmailTokenPurpose = (typeof EMAIL_TOKEN_PURPOSES)[number];

/** Our own single-use links (verify, reset, change email). Only a SHA-256 of the token is stored. */
export const emailTokens = sqliteTable(
  "email_tokens",
  {
    id: id(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    purpose: text("purpose", { enum: EMAIL_TOKEN_PURPOSES }).notNull(),
    tokenHash: text("token_hash").notNull(),
    /** The address being verified (for change_email, the new one), lower-cased. */
    email: text("email").notNull(),
    expiresAt: timestamp("expires_at").notNull(),
    usedAt: timestamp("used_at"),
    requestedIp: text("requested_ip"),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("email_tokens_hash_uq").on(t.tokenHash),
    index("email_tokens_user_idx").on(t.userId, t.purpose, t.createdAt),
    index("email_tokens_expires_idx").on(t.expiresAt),
  ],
);

/** One TOTP secret per user, AES-256-GCM encrypted; `confirmedAt` null means enrolment not finished. */
export const totpSecrets = sqliteTable("totp_secrets", {
  userId: text("user_id")
    .primaryKey()
    .references(() => users.id, { onDelete: "cascade" }),
  secretEncrypted: text("secret_encrypted").notNull(),
  confirmedAt: timestamp("confirmed_at"),
  /** Last accepted 30-second step: a code is never accepted twice. */
  lastUsedStep: integer("last_used_step"),
  ...timestamps(),
});

export const recoveryCodes = sqliteTable(
  "recovery_codes",
  {
    id: id(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    codeHash: text("code_hash").notNull(),
    usedAt: timestamp("used_at"),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("recovery_codes_user_code_uq").on(t.userId, t.codeHash)],
);

export const roles = sqliteTable("roles", {
  /** Matches users.role. */
  key: text("key").primaryKey(),
  name: text("name").notNull(),
  description: text("description"),
  /** Built-in roles cannot be deleted. */
  system: boolean("system").notNull().default(false),
  ...timestamps(),
});

export const permissions = sqliteTable(
  "permissions",
  {
    /** Dotted name, e.g. `invoices.refund`. */
    key: text("key").primaryKey(),
    description: text("description").notNull(),
    /** Grouping in the staff permissions screen (customers, billing, content…). */
    group: text("group").notNull(),
    createdAt: createdAt(),
  },
  (t) => [index("permissions_group_idx").on(t.group)],
);

export const rolePermissions = sqliteTable(
  "role_permissions",
  {
    roleKey: text("role_key")
      .notNull()
      .references(() => roles.key, { onDelete: "cascade", onUpdate: "cascade" }),
    permissionKey: text("permission_key")
      .notNull()
      .references(() => permissions.key, { onDelete: "cascade", onUpdate: "cascade" }),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.roleKey, t.permissionKey] }), index("role_permissions_permission_idx").on(t.permissionKey)],
);

export const organizations = sqliteTable(
  "organizations",
  {
    id: id(),
    slug: text("slug").notNull(),
    name: text("name").notNull(),
    ownerId: text("owner_id")
      .notNull()
      .references(() => users.id, { onDelete: "restrict" }),
    billingEmail: text("billing_email"),
    status: text("status", { enum: ["active", "suspended"] }).notNull().default("active"),
    ...timestamps(),
  },
  (t) => [
    uniqueIndex("organizations_slug_uq").on(t.slug),
    index("organizations_owner_idx").on(t.ownerId),
    index("organizations_created_idx").on(t.createdAt),
  ],
);

export const ORGANIZATION_ROLES = ["owner", "admin", "billing", "member"] as const;
export type OrganizationRole = (typeof ORGANIZATION_ROLES)[number];

export const organizationMembers = sqliteTable(
  "organization_members",
  {
    organizationId: text("organization_id")
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    role: text("role", { enum: ORGANIZATION_ROLES }).notNull().default("member"),
    invitedBy: ref("invited_by"),
    joinedAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.organizationId, t.userId] }), index("organization_members_user_idx").on(t.userId)],
);

export const organizationInvites = sqliteTable(
  "organization_invites",
  {
    id: id(),
    organizationId: text("organization_id")
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    email: text("email").notNull(),
    role: text("role", { enum: ORGANIZATION_ROLES }).notNull().default("member"),
    tokenHash: text("token_hash").notNull(),
    invitedBy: ref("invited_by").notNull(),
    expiresAt: timestamp("expires_at").notNull(),
    acceptedAt: timestamp("accepted_at"),
    revokedAt: timestamp("revoked_at"),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("organization_invites_token_uq").on(t.tokenHash),
    index("organization_invites_org_idx").on(t.organizationId, t.createdAt),
    index("organization_invites_email_idx").on(t.email),
  ],
);

/** Personal API tokens for the REST API. The token is shown once; we keep its SHA-256 and last 4 characters. */
export const apiTokens = sqliteTable(
  "api_tokens",
  {
    id: id(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    organizationId: ref("organization_id"),
    name: text("name").notNull(),
    scopes: json<string[]>("scopes").notNull().default([]),
    tokenHash: text("token_hash").notNull(),
    last4: text("last4", { length: 4 }).notNull(),
    expiresAt: timestamp("expires_at"),
    lastUsedAt: timestamp("last_used_at"),
    lastUsedIp: text("last_used_ip"),
    revokedAt: timestamp("revoked_at"),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("api_tokens_hash_uq").on(t.tokenHash),
    index("api_tokens_user_idx").on(t.userId, t.createdAt),
    index("api_tokens_created_idx").on(t.createdAt),
  ],
);

export const AUTH_EVENT_TYPES = [
  "sign_in_success",
  "sign_in_failure",
  "sign_out",
  "sign_up",
  "locked",
  "unlocked",
  "password_reset_requested",
  "password_reset",
  "password_changed",
  "email_verified",
  "email_changed",
  "two_factor_enabled",
  "two_factor_disabled",
  "two_factor_failure",
  "recovery_code_used",
  "sessions_revoked",
  "api_token_created",
  "api_token_revoked",
  "impersonation_started",
  "impersonation_ended",
  "blocked_ip",
  "rate_limited",
] as const;
export type AuthEventType = (typeof AUTH_EVENT_TYPES)[number];

/** Login history and security events; the portal shows a user theirs, staff see all. */
export const authEvents = sqliteTable(
  "auth_events",
  {
    id: id(),
    type: text("type", { enum: AUTH_EVENT_TYPES }).notNull(),
    /** Machine-readable cause, e.g. `bad_password`, `locked`, `unverified`. */
    reason: text("reason"),
    userId: ref("user_id"),
    /** As typed (lower-cased), also for unknown accounts. */
    email: text("email"),
    ip: text("ip"),
    userAgent: text("user_agent"),
    provider: text("provider"),
    metadata: json<Record<string, unknown>>("metadata"),
    createdAt: createdAt(),
  },
  (t) => [
    index("auth_events_user_idx").on(t.userId, t.createdAt),
    index("auth_events_email_idx").on(t.email, t.createdAt),
    index("auth_events_ip_idx").on(t.ip, t.createdAt),
    index("auth_events_type_idx").on(t.type, t.createdAt),
    index("auth_events_created_idx").on(t.createdAt),
  ],
);

export const blockedIps = sqliteTable(
  "blocked_ips",
  {
    id: id(),
    /** A single address or a CIDR range (IPv4 or IPv6), normalised. */
    cidr: text("cidr").notNull(),
    reason: text("reason").notNull(),
    createdBy: ref("created_by"),
    /** Null = permanent. */
    expiresAt: timestamp("expires_at"),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("blocked_ips_cidr_uq").on(t.cidr),
    index("blocked_ips_expires_idx").on(t.expiresAt),
    index("blocked_ips_created_idx").on(t.createdAt),
  ],
);

/** Fixed-window counters shared by every app instance (key e.g. `sign-in:ip:203.0.113.7`). */
export const rateLimits = sqliteTable(
  "rate_limits",
  {
    key: text("key").notNull(),
    windowStart: timestamp("window_start").notNull(),
    count: integer("count").notNull().default(0),
    /** When the row can be deleted. */
    expiresAt: timestamp("expires_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.key, t.windowStart] }), index("rate_limits_expires_idx").on(t.expiresAt)],
);

/** Staff notes on a customer (never shown to the customer). */
export const staffNotes = sqliteTable(
  "staff_notes",
  {
    id: id(),
    customerId: text("customer_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    authorId: ref("author_id").notNull(),
    body: text("body").notNull(),
    pinned: boolean("pinned").notNull().default(false),
    ...timestamps(),
  },
  (t) => [index("staff_notes_customer_idx").on(t.customerId, t.createdAt)],
);
