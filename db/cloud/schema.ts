/**
 * cloud: Hetzner-style infrastructure (seed 001). Catalogue (datacenters, server types, images) plus each
 * customer's resources, mirrored from the provider API (`provider_id` is the id at the provider), their metrics,
 * alerting, uptime monitors and metered usage.
 * No REAL anywhere: coordinates are micro-degrees, utilisation is per-mille, hourly prices are thousandths of a
 * minor unit (a €4.51/month server costs 0.72 cents an hour, which whole cents cannot express).
 */
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { sql } from "drizzle-orm";
import { boolean, createdAt, currency, id, json, money, ref, timestamp, timestamps } from "../columns";
import { auditLogTable, jobEffectsTable, jobsTable } from "../shared-tables";

export const jobs = jobsTable();
export const jobEffects = jobEffectsTable();
export const auditLog = auditLogTable();

type Labels = Record<string, string>;

/* ─── Catalogue ──────────────────────────────────────────────────────────────────────────────────────────── */

export const datacenters = sqliteTable(
  "datacenters",
  {
    id: id(),
    /** Provider location code, e.g. `fsn1`. */
    code: text("code").notNull(),
    name: text("name").notNull(),
    city: text("city").notNull(),
    /** ISO 3166-1 alpha-2. */
    country: text("country", { length: 2 }).notNull(),
    continent: text("continent"),
    networkZone: text("network_zone"),
    latitudeMicro: integer("latitude_micro"),
    longitudeMicro: integer("longitude_micro"),
    status: text("status", { enum: ["active", "maintenance", "deprecated"] }).notNull().default("active"),
    sortOrder: integer("sort_order").notNull().default(0),
    ...timestamps(),
  },
  (t) => [uniqueIndex("datacenters_code_uq").on(t.code), index("datacenters_status_idx").on(t.status, t.sortOrder)],
);

export const serverTypes = sqliteTable(
  "server_types",
  {
    id: id(),
    /** Provider server type name, e.g. `cx22`. */
    code: text("code").notNull(),
    name: text("name").notNull(),
    category: text("category", { enum: ["shared", "dedicated", "arm", "storage", "memory"] })
      .notNull()
      .default("shared"),
    architecture: text("architecture", { enum: ["x86", "arm"] }).notNull().default("x86"),
    cores: integer("cores").notNull(),
    memoryMb: integer("memory_mb").notNull(),
    diskGb: integer("disk_gb").notNull(),
    diskType: text("disk_type", { enum: ["nvme", "ssd", "hdd"] }).notNull().default("nvme"),
    includedTrafficGb: integer("included_traffic_gb").notNull().default(20480),
    currency: currency().notNull(),
    /** Monthly cap, minor units. */
    priceMonthly: money("price_monthly").notNull(),
    /** Per hour, in thousandths of a minor unit (720 = 0.72 cents). Billed hourly up to the monthly cap. */
    priceHourlyMilli: integer("price_hourly_milli").notNull(),
    /** Datacenter codes where it can be ordered; empty = all. */
    datacenterCodes: json<string[]>("datacenter_codes").notNull().default([]),
    /** The billing product that sells it (billing database). */
    productId: ref("product_id"),
    available: boolean("available").notNull().default(true),
    sortOrder: integer("sort_order").notNull().default(0),
    ...timestamps(),
  },
  (t) => [uniqueIndex("server_types_code_uq").on(t.code), index("server_types_available_idx").on(t.available, t.sortOrder)],
);

export const images = sqliteTable(
  "images",
  {
    id: id(),
    providerId: text("provider_id"),
    /** e.g. `ubuntu-24.04`; unique among system images. */
    name: text("name").notNull(),
    description: text("description"),
    type: text("type", { enum: ["system", "snapshot", "backup", "app"] }).notNull().default("system"),
    osFlavor: text("os_flavor"),
    osVersion: text("os_version"),
    architecture: text("architecture", { enum: ["x86", "arm"] }).notNull().default("x86"),
    diskSizeGb: integer("disk_size_gb"),
    /** Null for provider images; the customer for their own snapshots. */
    ownerId: ref("owner_id"),
    status: text("status", { enum: ["available", "creating", "deprecated"] }).notNull().default("available"),
    deprecatedAt: timestamp("deprecated_at"),
    ...timestamps(),
  },
  (t) => [
    uniqueIndex("images_system_name_uq").on(t.name, t.architecture).where(sql`owner_id is null`),
    index("images_owner_idx").on(t.ownerId, t.createdAt),
  ],
);

/* ─── Customers' resources ───────────────────────────────────────────────────────────────────────────────── */

export const CLOUD_SERVER_STATUSES = [
  "provisioning",
  "running",
  "stopped",
  "rebuilding",
  "migrating",
  "deleting",
  "deleted",
  "error",
] as const;

export const cloudServers = sqliteTable(
  "cloud_servers",
  {
    id: id(),
    customerId: ref("customer_id").notNull(),
    organizationId: ref("organization_id"),
    /** Billing service (billing database). */
    serviceId: ref("service_id"),
    providerId: text("provider_id"),
    name: text("name").notNull(),
    status: text("status", { enum: CLOUD_SERVER_STATUSES }).notNull().default("provisioning"),
    serverTypeId: text("server_type_id")
      .notNull()
      .references(() => serverTypes.id, { onDelete: "restrict" }),
    datacenterId: text("datacenter_id")
      .notNull()
      .references(() => datacenters.id, { onDelete: "restrict" }),
    imageId: text("image_id").references(() => images.id, { onDelete: "set null" }),
    ipv4: text("ipv4"),
    ipv6Network: text("ipv6_network"),
    rescueEnabled: boolean("rescue_enabled").notNull().default(false),
    locked: boolean("locked").notNull().default(false),
    backupsEnabled: boolean("backups_enabled").notNull().default(false),
    labels: json<Labels>("labels").notNull().default({}),
    deletedAt: timestamp("deleted_at"),
    ...timestamps(),
  },
  (t) => [
    uniqueIndex("cloud_servers_provider_uq").on(t.providerId),
    uniqueIndex("cloud_servers_service_uq").on(t.serviceId),
    index("cloud_servers_customer_idx").on(t.customerId, t.createdAt),
    index("cloud_servers_status_idx").on(t.status, t.createdAt),
    index("cloud_servers_datacenter_idx").on(t.datacenterId),
  ],
);

export const sshKeys = sqliteTable(
  "ssh_keys",
  {
    id: id(),
    customerId: ref("customer_id").notNull(),
    organizationId: ref("organization_id"),
    providerId: text("provider_id"),
    name: text("name").notNull(),
    publicKey: text("public_key").notNull(),
    /** SHA256 fingerprint as `ssh-keygen -l` prints it. */
    fingerprint: text("fingerprint").notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("ssh_keys_customer_fingerprint_uq").on(t.customerId, t.fingerprint)],
);

export const serverSshKeys = sqliteTable(
  "server_ssh_keys",
  {
    serverId: text("server_id")
      .notNull()
      .references(() => cloudServers.id, { onDelete: "cascade" }),
    sshKeyId: text("ssh_key_id")
      .notNull()
      .references(() => sshKeys.id, { onDelete: "cascade" }),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.serverId, t.sshKeyId] })],
);

export const networks = sqliteTable(
  "networks",
  {
    id: id(),
    customerId: ref("customer_id").notNull(),
    organizationId: ref("organization_id"),
    providerId: text("provider_id"),
    name: text("name").notNull(),
    ipRange: text("ip_range").notNull(),
    subnets: json<Array<{ type: string; ipRange: string; networkZone: string }>>("subnets").notNull().default([]),
    routes: json<Array<{ destination: string; gateway: string }>>("routes").notNull().default([]),
    labels: json<Labels>("labels").notNull().default({}),
    ...timestamps(),
  },
  (t) => [uniqueIndex("networks_provider_uq").on(t.providerId), index("networks_customer_idx").on(t.customerId, t.createdAt)],
);

export const serverNetworks = sqliteTable(
  "server_networks",
  {
    serverId: text("server_id")
      .notNull()
      .references(() => cloudServers.id, { onDelete: "cascade" }),
    networkId: text("network_id")
      .notNull()
      .references(() => networks.id, { onDelete: "cascade" }),
    privateIp: text("private_ip"),
    aliasIps: json<string[]>("alias_ips").notNull().default([]),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.serverId, t.networkId] }), index("server_networks_network_idx").on(t.networkId)],
);

export interface FirewallRule {
  direction: "in" | "out";
  protocol: "tcp" | "udp" | "icmp" | "esp" | "gre";
  port?: string;
  sourceIps?: string[];
  destinationIps?: string[];
  description?: string;
}

/** Rules as one JSON list, the way the provider API sets them (whole rule set at once). */
export const firewalls = sqliteTable(
  "firewalls",
  {
    id: id(),
    customerId: ref("customer_id").notNull(),
    organizationId: ref("organization_id"),
    providerId: text("provider_id"),
    name: text("name").notNull(),
    rules: json<FirewallRule[]>("rules").notNull().default([]),
    labels: json<Labels>("labels").notNull().default({}),
    ...timestamps(),
  },
  (t) => [uniqueIndex("firewalls_provider_uq").on(t.providerId), index("firewalls_customer_idx").on(t.customerId, t.createdAt)],
);

export const serverFirewalls = sqliteTable(
  "server_firewalls",
  {
    serverId: text("server_id")
      .notNull()
      .references(() => cloudServers.id, { onDelete: "cascade" }),
    firewallId: text("firewall_id")
      .notNull()
      .references(() => firewalls.id, { onDelete: "cascade" }),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.serverId, t.firewallId] }), index("server_firewalls_firewall_idx").on(t.firewallId)],
);

export const floatingIps = sqliteTable(
  "floating_ips",
  {
    id: id(),
    customerId: ref("customer_id").notNull(),
    organizationId: ref("organization_id"),
    providerId: text("provider_id"),
    type: text("type", { enum: ["ipv4", "ipv6"] }).notNull().default("ipv4"),
    ip: text("ip").notNull(),
    datacenterId: text("datacenter_id")
      .notNull()
      .references(() => datacenters.id, { onDelete: "restrict" }),
    serverId: text("server_id").references(() => cloudServers.id, { onDelete: "set null" }),
    ptr: text("ptr"),
    labels: json<Labels>("labels").notNull().default({}),
    ...timestamps(),
  },
  (t) => [
    uniqueIndex("floating_ips_ip_uq").on(t.ip),
    uniqueIndex("floating_ips_provider_uq").on(t.providerId),
    index("floating_ips_customer_idx").on(t.customerId, t.createdAt),
    index("floating_ips_server_idx").on(t.serverId),
  ],
);

export const loadBalancers = sqliteTable(
  "load_balancers",
  {
    id: id(),
    customerId: ref("customer_id").notNull(),
    organizationId: ref("organization_id"),
    providerId: text("provider_id"),
    name: text("name").notNull(),
    type: text("type").notNull(),
    datacenterId: text("datacenter_id")
      .notNull()
      .references(() => datacenters.id, { onDelete: "restrict" }),
    publicIpv4: text("public_ipv4"),
    algorithm: text("algorithm", { enum: ["round_robin", "least_connections"] }).notNull().default("round_robin"),
    status: text("status", { enum: ["provisioning", "running", "error"] }).notNull().default("provisioning"),
    /** Services and targets as the provider API describes them. */
    config: json<Record<string, unknown>>("config").notNull().default({}),
    labels: json<Labels>("labels").notNull().default({}),
    ...timestamps(),
  },
  (t) => [uniqueIndex("load_balancers_provider_uq").on(t.providerId), index("load_balancers_customer_idx").on(t.customerId, t.createdAt)],
);

export const volumes = sqliteTable(
  "volumes",
  {
    id: id(),
    customerId: ref("customer_id").notNull(),
    organizationId: ref("organization_id"),
    providerId: text("provider_id"),
    name: text("name").notNull(),
    sizeGb: integer("size_gb").notNull(),
    datacenterId: text("datacenter_id")
      .notNull()
      .references(() => datacenters.id, { onDelete: "restrict" }),
    serverId: text("server_id").references(() => cloudServers.id, { onDelete: "set null" }),
    status: text("status", { enum: ["creating", "available", "attached", "detaching", "deleting", "error"] })
      .notNull()
      .default("creating"),
    format: text("format"),
    labels: json<Labels>("labels").notNull().default({}),
    ...timestamps(),
  },
  (t) => [
    uniqueIndex("volumes_provider_uq").on(t.providerId),
    index("volumes_customer_idx").on(t.customerId, t.createdAt),
    index("volumes_server_idx").on(t.serverId),
  ],
);

export const snapshots = sqliteTable(
  "snapshots",
  {
    id: id(),
    customerId: ref("customer_id").notNull(),
    organizationId: ref("organization_id"),
    providerId: text("provider_id"),
    resourceType: text("resource_type", { enum: ["server", "volume"] }).notNull(),
    resourceId: text("resource_id").notNull(),
    name: text("name"),
    description: text("description"),
    sizeMb: integer("size_mb"),
    status: text("status", { enum: ["creating", "available", "deleting", "error"] }).notNull().default("creating"),
    labels: json<Labels>("labels").notNull().default({}),
    createdAt: createdAt(),
    deletedAt: timestamp("deleted_at"),
  },
  (t) => [
    uniqueIndex("snapshots_provider_uq").on(t.providerId),
    index("snapshots_customer_idx").on(t.customerId, t.createdAt),
    index("snapshots_resource_idx").on(t.resourceType, t.resourceId),
  ],
);

export const backups = sqliteTable(
  "backups",
  {
    id: id(),
    serverId: text("server_id")
      .notNull()
      .references(() => cloudServers.id, { onDelete: "cascade" }),
    providerId: text("provider_id"),
    type: text("type", { enum: ["automated", "manual"] }).notNull().default("automated"),
    description: text("description"),
    sizeMb: integer("size_mb"),
    status: text("status", { enum: ["creating", "available", "restoring", "deleting", "error"] })
      .notNull()
      .default("creating"),
    expiresAt: timestamp("expires_at"),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("backups_provider_uq").on(t.providerId), index("backups_server_idx").on(t.serverId, t.createdAt)],
);

/* ─── Monitoring ─────────────────────────────────────────────────────────────────────────────────────────── */

/** Time series per server (one row per sample interval). */
export const serverMetrics = sqliteTable(
  "server_metrics",
  {
    id: id(),
    serverId: text("server_id")
      .notNull()
      .references(() => cloudServers.id, { onDelete: "cascade" }),
    sampledAt: timestamp("sampled_at").notNull(),
    cpuPermille: integer("cpu_permille"),
    memoryUsedMb: integer("memory_used_mb"),
    memoryTotalMb: integer("memory_total_mb"),
    diskReadBps: integer("disk_read_bps"),
    diskWriteBps: integer("disk_write_bps"),
    diskReadIops: integer("disk_read_iops"),
    diskWriteIops: integer("disk_write_iops"),
    networkInBps: integer("network_in_bps"),
    networkOutBps: integer("network_out_bps"),
  },
  (t) => [uniqueIndex("server_metrics_server_time_uq").on(t.serverId, t.sampledAt), index("server_metrics_time_idx").on(t.sampledAt)],
);

export const ALERT_METRICS = ["cpu_permille", "memory_permille", "disk_permille", "network_in_bps", "network_out_bps"] as const;

export const alertRules = sqliteTable(
  "alert_rules",
  {
    id: id(),
    customerId: ref("customer_id").notNull(),
    organizationId: ref("organization_id"),
    name: text("name").notNull(),
    resourceType: text("resource_type", { enum: ["server", "volume", "load_balancer"] }).notNull(),
    /** Null = every resource of that type the customer has. */
    resourceId: text("resource_id"),
    metric: text("metric", { enum: ALERT_METRICS }).notNull(),
    operator: text("operator", { enum: ["gt", "gte", "lt", "lte"] }).notNull(),
    /** In the metric's own integer unit (per-mille, bytes per second). */
    threshold: integer("threshold").notNull(),
    durationMinutes: integer("duration_minutes").notNull().default(5),
    enabled: boolean("enabled").notNull().default(true),
    channels: json<Array<{ type: "email" | "webhook"; target: string }>>("channels").notNull().default([]),
    ...timestamps(),
  },
  (t) => [
    index("alert_rules_customer_idx").on(t.customerId, t.createdAt),
    index("alert_rules_resource_idx").on(t.resourceType, t.resourceId, t.enabled),
  ],
);

export const alertEvents = sqliteTable(
  "alert_events",
  {
    id: id(),
    ruleId: text("rule_id")
      .notNull()
      .references(() => alertRules.id, { onDelete: "cascade" }),
    resourceId: text("resource_id"),
    status: text("status", { enum: ["triggered", "acknowledged", "resolved"] }).notNull().default("triggered"),
    value: integer("value"),
    message: text("message"),
    triggeredAt: timestamp("triggered_at").notNull(),
    acknowledgedAt: timestamp("acknowledged_at"),
    acknowledgedBy: ref("acknowledged_by"),
    resolvedAt: timestamp("resolved_at"),
  },
  (t) => [index("alert_events_rule_idx").on(t.ruleId, t.triggeredAt), index("alert_events_status_idx").on(t.status, t.triggeredAt)],
);

export const uptimeMonitors = sqliteTable(
  "uptime_monitors",
  {
    id: id(),
    customerId: ref("customer_id").notNull(),
    organizationId: ref("organization_id"),
    name: text("name").notNull(),
    type: text("type", { enum: ["http", "https", "tcp", "ping"] }).notNull(),
    target: text("target").notNull(),
    port: integer("port"),
    intervalSeconds: integer("interval_seconds").notNull().default(60),
    timeoutSeconds: integer("timeout_seconds").notNull().default(10),
    expectedStatus: integer("expected_status"),
    enabled: boolean("enabled").notNull().default(true),
    channels: json<Array<{ type: "email" | "webhook"; target: string }>>("channels").notNull().default([]),
    lastStatus: text("last_status", { enum: ["up", "down", "unknown"] }).notNull().default("unknown"),
    lastCheckedAt: timestamp("last_checked_at"),
    lastLatencyMs: integer("last_latency_ms"),
    ...timestamps(),
  },
  (t) => [
    index("uptime_monitors_customer_idx").on(t.customerId, t.createdAt),
    index("uptime_monitors_due_idx").on(t.enabled, t.lastCheckedAt),
  ],
);

export const uptimeChecks = sqliteTable(
  "uptime_checks",
  {
    id: id(),
    monitorId: text("monitor_id")
      .notNull()
      .references(() => uptimeMonitors.id, { onDelete: "cascade" }),
    ok: boolean("ok").notNull(),
    latencyMs: integer("latency_ms"),
    statusCode: integer("status_code"),
    error: text("error"),
    checkedAt: timestamp("checked_at").notNull(),
  },
  (t) => [index("uptime_checks_monitor_idx").on(t.monitorId, t.checkedAt)],
);

/* ─── Metered usage and quotas ───────────────────────────────────────────────────────────────────────────── */

export const USAGE_METRICS = ["server_hours", "volume_gb_hours", "traffic_gb", "backup_gb_hours", "floating_ip_hours"] as const;

/**
 * Hourly/metered usage, later rolled into an invoice. `idempotency_key` (resource + metric + period) makes the
 * meter safe to re-run.
 */
export const usageRecords = sqliteTable(
  "usage_records",
  {
    id: id(),
    customerId: ref("customer_id").notNull(),
    organizationId: ref("organization_id"),
    serviceId: ref("service_id"),
    resourceType: text("resource_type").notNull(),
    resourceId: text("resource_id").notNull(),
    metric: text("metric", { enum: USAGE_METRICS }).notNull(),
    quantity: integer("quantity").notNull(),
    /** Thousandths of a minor unit per unit of quantity. */
    unitPriceMilli: integer("unit_price_milli").notNull(),
    /** Minor units, rounded once. */
    amount: money("amount").notNull(),
    currency: currency().notNull(),
    periodStart: timestamp("period_start").notNull(),
    periodEnd: timestamp("period_end").notNull(),
    invoiceId: ref("invoice_id"),
    billedAt: timestamp("billed_at"),
    idempotencyKey: text("idempotency_key").notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("usage_records_idempotency_uq").on(t.idempotencyKey),
    index("usage_records_customer_idx").on(t.customerId, t.periodStart),
    index("usage_records_unbilled_idx").on(t.billedAt, t.customerId),
    index("usage_records_resource_idx").on(t.resourceType, t.resourceId, t.periodStart),
  ],
);

/** Per-customer limits (e.g. 10 servers) so one account cannot exhaust the provider project. */
export const quotas = sqliteTable(
  "quotas",
  {
    id: id(),
    customerId: ref("customer_id").notNull(),
    resourceType: text("resource_type").notNull(),
    limit: integer("limit").notNull(),
    ...timestamps(),
  },
  (t) => [uniqueIndex("quotas_customer_resource_uq").on(t.customerId, t.resourceType)],
);
