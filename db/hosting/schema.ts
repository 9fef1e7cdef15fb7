/**
 * hosting: WHM/cPanel servers, the packages sold on them, customers' hosting accounts, resellers, backups and an
 * activity log (seed 000, whm_panel). Sizes are integer MB; a null limit means unlimited (WHM's "unlimited").
 */
import { index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { boolean, createdAt, id, json, ref, timestamp, timestamps } from "../columns";
import { auditLogTable, jobEffectsTable, jobsTable } from "../shared-tables";

export const jobs = jobsTable();
export const jobEffects = jobEffectsTable();
export const auditLog = auditLogTable();

export const whmServers = sqliteTable(
  "whm_servers",
  {
    id: id(),
    name: text("name").notNull(),
    hostname: text("hostname").notNull(),
    ipAddress: text("ip_address").notNull(),
    port: integer("port").notNull().default(2087),
    username: text("username").notNull().default("root"),
    /** WHM API token, AES-256-GCM encrypted; never sent back to the browser. */
    apiTokenEncrypted: text("api_token_encrypted").notNull(),
    /** Verify the server's TLS certificate (off only for self-signed lab servers). */
    verifyTls: boolean("verify_tls").notNull().default(true),
    status: text("status", { enum: ["active", "inactive", "maintenance"] }).notNull().default("active"),
    maxAccounts: integer("max_accounts").notNull().default(200),
    accountCount: integer("account_count").notNull().default(0),
    nameservers: json<string[]>("nameservers").notNull().default([]),
    lastSyncAt: timestamp("last_sync_at"),
    lastError: text("last_error"),
    ...timestamps(),
  },
  (t) => [uniqueIndex("whm_servers_hostname_uq").on(t.hostname), index("whm_servers_status_idx").on(t.status)],
);

export const packages = sqliteTable(
  "packages",
  {
    id: id(),
    slug: text("slug").notNull(),
    name: text("name").notNull(),
    /** The package name as created on WHM (`createacct plan=`). */
    whmPackageName: text("whm_package_name").notNull(),
    diskQuotaMb: integer("disk_quota_mb"),
    bandwidthMb: integer("bandwidth_mb"),
    maxEmailAccounts: integer("max_email_accounts"),
    maxDatabases: integer("max_databases"),
    maxFtpAccounts: integer("max_ftp_accounts"),
    maxAddonDomains: integer("max_addon_domains"),
    maxSubdomains: integer("max_subdomains"),
    maxParkedDomains: integer("max_parked_domains"),
    maxEmailPerHour: integer("max_email_per_hour"),
    cgiAccess: boolean("cgi_access").notNull().default(true),
    shellAccess: boolean("shell_access").notNull().default(false),
    isReseller: boolean("is_reseller").notNull().default(false),
    featureList: text("feature_list"),
    active: boolean("active").notNull().default(true),
    sortOrder: integer("sort_order").notNull().default(0),
    ...timestamps(),
  },
  (t) => [uniqueIndex("packages_slug_uq").on(t.slug), index("packages_active_idx").on(t.active, t.sortOrder)],
);

export const ACCOUNT_STATUSES = ["pending", "active", "suspended", "terminated"] as const;

export const accounts = sqliteTable(
  "accounts",
  {
    id: id(),
    serverId: text("server_id")
      .notNull()
      .references(() => whmServers.id, { onDelete: "restrict" }),
    packageId: text("package_id")
      .notNull()
      .references(() => packages.id, { onDelete: "restrict" }),
    /** Billing service (billing database). */
    serviceId: ref("service_id"),
    customerId: ref("customer_id").notNull(),
    resellerId: text("reseller_id").references(() => resellers.id, { onDelete: "set null" }),
    domain: text("domain").notNull(),
    /** cPanel user name (WHM limits it to 16 characters). */
    username: text("username", { length: 16 }).notNull(),
    contactEmail: text("contact_email"),
    ipAddress: text("ip_address"),
    status: text("status", { enum: ACCOUNT_STATUSES }).notNull().default("pending"),
    suspendedReason: text("suspended_reason"),
    suspendedAt: timestamp("suspended_at"),
    terminatedAt: timestamp("terminated_at"),
    diskUsedMb: integer("disk_used_mb").notNull().default(0),
    diskLimitMb: integer("disk_limit_mb"),
    bandwidthUsedMb: integer("bandwidth_used_mb").notNull().default(0),
    bandwidthLimitMb: integer("bandwidth_limit_mb"),
    usageUpdatedAt: timestamp("usage_updated_at"),
    ...timestamps(),
  },
  (t) => [
    uniqueIndex("accounts_server_username_uq").on(t.serverId, t.username),
    uniqueIndex("accounts_service_uq").on(t.serviceId),
    index("accounts_customer_idx").on(t.customerId, t.createdAt),
    index("accounts_domain_idx").on(t.domain),
    index("accounts_status_idx").on(t.status, t.createdAt),
  ],
);

export const resellers = sqliteTable(
  "resellers",
  {
    id: id(),
    serverId: text("server_id")
      .notNull()
      .references(() => whmServers.id, { onDelete: "restrict" }),
    packageId: text("package_id").references(() => packages.id, { onDelete: "set null" }),
    serviceId: ref("service_id"),
    customerId: ref("customer_id").notNull(),
    username: text("username", { length: 16 }).notNull(),
    email: text("email").notNull(),
    maxAccounts: integer("max_accounts").notNull().default(10),
    accountCount: integer("account_count").notNull().default(0),
    diskLimitMb: integer("disk_limit_mb"),
    bandwidthLimitMb: integer("bandwidth_limit_mb"),
    /** WHM reseller ACL names. */
    acl: json<string[]>("acl").notNull().default([]),
    nameservers: json<string[]>("nameservers").notNull().default([]),
    status: text("status", { enum: ACCOUNT_STATUSES }).notNull().default("pending"),
    ...timestamps(),
  },
  (t) => [
    uniqueIndex("resellers_server_username_uq").on(t.serverId, t.username),
    index("resellers_customer_idx").on(t.customerId, t.createdAt),
    index("resellers_status_idx").on(t.status),
  ],
);

export const backups = sqliteTable(
  "backups",
  {
    id: id(),
    accountId: text("account_id").references(() => accounts.id, { onDelete: "cascade" }),
    serverId: text("server_id")
      .notNull()
      .references(() => whmServers.id, { onDelete: "cascade" }),
    type: text("type", { enum: ["full", "incremental", "database", "files"] }).notNull().default("full"),
    status: text("status", { enum: ["pending", "running", "completed", "failed"] }).notNull().default("pending"),
    /** local, s3, ftp… */
    storageLocation: text("storage_location"),
    path: text("path"),
    sizeBytes: integer("size_bytes"),
    checksum: text("checksum"),
    retentionDays: integer("retention_days").notNull().default(30),
    error: text("error"),
    startedAt: timestamp("started_at"),
    completedAt: timestamp("completed_at"),
    createdAt: createdAt(),
  },
  (t) => [
    index("backups_account_idx").on(t.accountId, t.createdAt),
    index("backups_server_idx").on(t.serverId, t.createdAt),
    index("backups_status_idx").on(t.status, t.createdAt),
  ],
);

/** What happened to hosting accounts (created, suspended, password reset…), shown on the account page. */
export const activityLog = sqliteTable(
  "activity_log",
  {
    id: id(),
    actorId: ref("actor_id"),
    accountId: text("account_id").references(() => accounts.id, { onDelete: "cascade" }),
    serverId: text("server_id").references(() => whmServers.id, { onDelete: "cascade" }),
    action: text("action").notNull(),
    description: text("description"),
    ip: text("ip"),
    userAgent: text("user_agent"),
    metadata: json<Record<string, unknown>>("metadata"),
    createdAt: createdAt(),
  },
  (t) => [
    index("activity_log_account_idx").on(t.accountId, t.createdAt),
    index("activity_log_server_idx").on(t.serverId, t.createdAt),
    index("activity_log_action_idx").on(t.action, t.createdAt),
    index("activity_log_created_idx").on(t.createdAt),
  ],
);
