/**
 * vpn: WireGuard locations, customers' devices and their addresses, entitlements granted by billing, the VIP list,
 * usage and the agents' sync state (DESIGN.md "The VPN product").
 * Keys are X25519, 32 bytes, base64 (44 characters). Private keys exist here only for the optional
 * server-generated mode, and then only encrypted.
 */
import { sql } from "drizzle-orm";
import { check, index, integer, primaryKey, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { boolean, createdAt, currency, id, money, ref, timestamp, timestamps } from "../columns";
import { auditLogTable, jobEffectsTable, jobsTable } from "../shared-tables";

export const jobs = jobsTable();
export const jobEffects = jobEffectsTable();
export const auditLog = auditLogTable();

export const ACCESS_LEVELS = ["public", "vip"] as const;
export type AccessLevel = (typeof ACCESS_LEVELS)[number];

export const servers = sqliteTable(
  "servers",
  {
    id: id(),
    /** URL-safe location key, e.g. `de-fra`. */
    slug: text("slug").notNull(),
    name: text("name").notNull(),
    /** ISO 3166-1 alpha-2, upper case. */
    countryCode: text("country_code", { length: 2 }).notNull(),
    city: text("city").notNull(),
    description: text("description"),
    /** Host name or IP literal clients connect to; IPv6 is bracketed when rendered into Endpoint. */
    endpointHost: text("endpoint_host").notNull(),
    endpointPort: integer("endpoint_port").notNull().default(51820),
    /** The server's WireGuard public key (its private key never leaves the server). */
    publicKey: text("public_key").notNull(),
    accessLevel: text("access_level", { enum: ACCESS_LEVELS }).notNull().default("public"),
    /** Peers this server may carry. */
    capacity: integer("capacity").notNull().default(250),
    active: boolean("active").notNull().default(true),
    provider: text("provider"),
    monthlyCost: money("monthly_cost"),
    monthlyCostCurrency: currency("monthly_cost_currency"),
    /** SHA-256 of the agent token (shown once when created or rotated) and its last 4 characters. */
    agentTokenHash: text("agent_token_hash"),
    agentTokenLast4: text("agent_token_last4", { length: 4 }),
    agentTokenRotatedAt: timestamp("agent_token_rotated_at"),
    /**
     * SHA-256 of the token this server had before its last rotation or revocation: an agent still using it is
     * refused like any other, but the refusal can be shown on this server's page instead of vanishing.
     */
    agentTokenRetiredHash: text("agent_token_retired_hash"),
    /** Health as last reported by the agent; a stale `last_seen_at` means offline. */
    lastSeenAt: timestamp("last_seen_at"),
    peerCount: integer("peer_count").notNull().default(0),
    /** Load in per-mille (0–1000) of capacity, integer so no REAL creeps in. */
    loadPermille: integer("load_permille").notNull().default(0),
    /** Rises whenever the desired peer set of this server changes; the agent applies and acknowledges it. */
    configSerial: integer("config_serial").notNull().default(1),
    sortOrder: integer("sort_order").notNull().default(0),
    ...timestamps(),
  },
  (t) => [
    uniqueIndex("servers_slug_uq").on(t.slug),
    uniqueIndex("servers_public_key_uq").on(t.publicKey),
    uniqueIndex("servers_agent_token_uq").on(t.agentTokenHash),
    index("servers_agent_token_retired_idx").on(t.agentTokenRetiredHash),
    index("servers_listing_idx").on(t.active, t.accessLevel, t.sortOrder),
  ],
);

export const serverHealthSamples = sqliteTable(
  "server_health_samples",
  {
    id: id(),
    serverId: text("server_id")
      .notNull()
      .references(() => servers.id, { onDelete: "cascade" }),
    online: boolean("online").notNull(),
    peerCount: integer("peer_count").notNull().default(0),
    /** Peers with a handshake in the last 3 minutes. */
    activePeers: integer("active_peers").notNull().default(0),
    loadPermille: integer("load_permille").notNull().default(0),
    rxBytes: integer("rx_bytes").notNull().default(0),
    txBytes: integer("tx_bytes").notNull().default(0),
    latencyMs: integer("latency_ms"),
    agentVersion: text("agent_version"),
    error: text("error"),
    sampledAt: timestamp("sampled_at").notNull(),
  },
  (t) => [index("server_health_samples_server_idx").on(t.serverId, t.sampledAt)],
);

export const ENTITLEMENT_STATUSES = ["active", "suspended", "terminated"] as const;

/** What a billing service grants (written by the VPN provisioning module): the device limit counts across all servers. */
export const entitlements = sqliteTable(
  "entitlements",
  {
    id: id(),
    userId: ref("user_id").notNull(),
    serviceId: ref("service_id").notNull(),
    productId: ref("product_id"),
    deviceLimit: integer("device_limit").notNull(),
    vipAccess: boolean("vip_access").notNull().default(false),
    status: text("status", { enum: ENTITLEMENT_STATUSES }).notNull().default("active"),
    /** Staff who granted it without payment (VIP), for the audit trail. */
    grantedBy: ref("granted_by"),
    /**
     * The customer's email (lower-cased) as last given by provisioning, so the VIP rule ("email on the VIP list")
     * can be evaluated inside this database when serving an agent; identity stays the source of truth.
     */
    email: text("email"),
    ...timestamps(),
  },
  (t) => [
    uniqueIndex("entitlements_service_uq").on(t.serviceId),
    index("entitlements_user_idx").on(t.userId, t.status),
    index("entitlements_email_idx").on(t.email),
  ],
);

export const DEVICE_PLATFORMS = ["windows", "macos", "linux", "ios", "android", "router", "other"] as const;
export const KEY_MODES = ["browser", "server"] as const;
export const DEVICE_STATUSES = ["active", "disabled"] as const;

export const devices = sqliteTable(
  "devices",
  {
    id: id(),
    userId: ref("user_id").notNull(),
    serviceId: ref("service_id").notNull(),
    name: text("name").notNull(),
    platform: text("platform", { enum: DEVICE_PLATFORMS }).notNull().default("other"),
    publicKey: text("public_key").notNull(),
    /** `browser`: the private key never reached us. `server`: we generated it and keep it encrypted. */
    keyMode: text("key_mode", { enum: KEY_MODES }).notNull().default("browser"),
    privateKeyEncrypted: text("private_key_encrypted"),
    /** Stable addresses, the same at every location; unique so concurrent allocations cannot collide. */
    ipv4: text("ipv4").notNull(),
    ipv6: text("ipv6").notNull(),
    /**
     * Host offset of both addresses inside the pools (ipv4 = v4 pool + n, ipv6 = v6 pool + n), so the allocator
     * finds the next candidate from an index (max + 1) instead of scanning addresses. Null only for rows that
     * predate it.
     */
    addressIndex: integer("address_index"),
    status: text("status", { enum: DEVICE_STATUSES }).notNull().default("active"),
    /** Why it is disabled: `user`, `plan_limit`, `admin`. */
    disabledReason: text("disabled_reason"),
    lastHandshakeAt: timestamp("last_handshake_at"),
    lastServerId: ref("last_server_id"),
    keyRotatedAt: timestamp("key_rotated_at"),
    ...timestamps(),
  },
  (t) => [
    uniqueIndex("devices_public_key_uq").on(t.publicKey),
    uniqueIndex("devices_ipv4_uq").on(t.ipv4),
    uniqueIndex("devices_ipv6_uq").on(t.ipv6),
    index("devices_user_idx").on(t.userId, t.createdAt),
    index("devices_service_idx").on(t.serviceId, t.status),
    index("devices_address_index_idx").on(t.addressIndex),
    index("devices_created_idx").on(t.createdAt),
    index("devices_status_created_idx").on(t.status, t.createdAt),
    index("devices_handshake_idx").on(t.lastHandshakeAt),
    check("devices_server_key_encrypted", sql`${t.keyMode} = 'browser' or ${t.privateKeyEncrypted} is not null`),
  ],
);

/** A preshared key per device and server (WireGuard's post-quantum layer), encrypted at rest. */
export const deviceServerKeys = sqliteTable(
  "device_server_keys",
  {
    id: id(),
    deviceId: text("device_id")
      .notNull()
      .references(() => devices.id, { onDelete: "cascade" }),
    serverId: text("server_id")
      .notNull()
      .references(() => servers.id, { onDelete: "cascade" }),
    presharedKeyEncrypted: text("preshared_key_encrypted").notNull(),
    configDownloadedAt: timestamp("config_downloaded_at"),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("device_server_keys_uq").on(t.deviceId, t.serverId),
    index("device_server_keys_server_idx").on(t.serverId),
  ],
);

/** Per-server peer state from agent reports ("the peers it carries and their last handshake"). */
export const peerStatus = sqliteTable(
  "peer_status",
  {
    serverId: text("server_id")
      .notNull()
      .references(() => servers.id, { onDelete: "cascade" }),
    deviceId: text("device_id")
      .notNull()
      .references(() => devices.id, { onDelete: "cascade" }),
    lastHandshakeAt: timestamp("last_handshake_at"),
    /** Raw counters as last reported (they reset when the interface restarts). */
    rxCounter: integer("rx_counter").notNull().default(0),
    txCounter: integer("tx_counter").notNull().default(0),
    reportedAt: timestamp("reported_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.serverId, t.deviceId] }), index("peer_status_device_idx").on(t.deviceId)],
);

/** Freed addresses wait here until `available_at` before the allocator may hand them out again. */
export const addressQuarantine = sqliteTable(
  "address_quarantine",
  {
    address: text("address").primaryKey(),
    family: text("family", { enum: ["ipv4", "ipv6"] }).notNull(),
    formerDeviceId: ref("former_device_id"),
    /** The pool offset the address had (devices.address_index), so the allocator's high-water mark counts it. */
    addressIndex: integer("address_index"),
    releasedAt: timestamp("released_at").notNull(),
    availableAt: timestamp("available_at").notNull(),
  },
  (t) => [
    index("address_quarantine_available_idx").on(t.family, t.availableAt),
    index("address_quarantine_index_idx").on(t.addressIndex),
  ],
);

/** Emails (lower-cased) allowed onto VIP-only locations. */
export const vipList = sqliteTable(
  "vip_list",
  {
    id: id(),
    email: text("email").notNull(),
    note: text("note"),
    addedBy: ref("added_by"),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("vip_list_email_uq").on(t.email), check("vip_list_email_lowercase", sql`${t.email} = lower(${t.email})`)],
);

/**
 * Monthly transfer per device and server. Deltas are computed from the last counters seen, treating a counter
 * lower than the last one as a reset (wg-easy loses usage on restart; we don't).
 */
export const deviceUsageMonthly = sqliteTable(
  "device_usage_monthly",
  {
    id: id(),
    deviceId: text("device_id")
      .notNull()
      .references(() => devices.id, { onDelete: "cascade" }),
    serverId: text("server_id")
      .notNull()
      .references(() => servers.id, { onDelete: "cascade" }),
    /** `YYYY-MM` (UTC). */
    month: text("month", { length: 7 }).notNull(),
    rxBytes: integer("rx_bytes").notNull().default(0),
    txBytes: integer("tx_bytes").notNull().default(0),
    lastRxCounter: integer("last_rx_counter").notNull().default(0),
    lastTxCounter: integer("last_tx_counter").notNull().default(0),
    updatedAt: timestamp("updated_at").notNull(),
  },
  (t) => [
    uniqueIndex("device_usage_monthly_uq").on(t.deviceId, t.serverId, t.month),
    index("device_usage_monthly_month_idx").on(t.month, t.serverId),
  ],
);

/** What each agent has fetched and applied; desired state is servers.config_serial. */
export const agentSyncState = sqliteTable("agent_sync_state", {
  serverId: text("server_id")
    .primaryKey()
    .references(() => servers.id, { onDelete: "cascade" }),
  /** Last serial served to the agent. */
  servedSerial: integer("served_serial").notNull().default(0),
  appliedSerial: integer("applied_serial").notNull().default(0),
  /** SHA-256 of the peer set the agent says it applied. */
  appliedHash: text("applied_hash"),
  ackedAt: timestamp("acked_at"),
  lastFetchAt: timestamp("last_fetch_at"),
  lastReportAt: timestamp("last_report_at"),
  agentVersion: text("agent_version"),
  lastError: text("last_error"),
  /** Last time an agent presented this server's retired (rotated or revoked) token, and how often it has. */
  lastRejectedAt: timestamp("last_rejected_at"),
  rejectedCount: integer("rejected_count").notNull().default(0),
  ...timestamps(),
});
