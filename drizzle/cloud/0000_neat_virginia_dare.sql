CREATE TABLE `alert_events` (
	`id` text PRIMARY KEY NOT NULL,
	`rule_id` text NOT NULL,
	`resource_id` text,
	`status` text DEFAULT 'triggered' NOT NULL,
	`value` integer,
	`message` text,
	`triggered_at` integer NOT NULL,
	`acknowledged_at` integer,
	`acknowledged_by` text,
	`resolved_at` integer,
	FOREIGN KEY (`rule_id`) REFERENCES `alert_rules`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `alert_events_rule_idx` ON `alert_events` (`rule_id`,`triggered_at`);--> statement-breakpoint
CREATE INDEX `alert_events_status_idx` ON `alert_events` (`status`,`triggered_at`);--> statement-breakpoint
CREATE TABLE `alert_rules` (
	`id` text PRIMARY KEY NOT NULL,
	`customer_id` text NOT NULL,
	`organization_id` text,
	`name` text NOT NULL,
	`resource_type` text NOT NULL,
	`resource_id` text,
	`metric` text NOT NULL,
	`operator` text NOT NULL,
	`threshold` integer NOT NULL,
	`duration_minutes` integer DEFAULT 5 NOT NULL,
	`enabled` integer DEFAULT true NOT NULL,
	`channels` text DEFAULT '[]' NOT NULL,
	`created_at` integer DEFAULT (cast(unixepoch('subsecond') * 1000 as integer)) NOT NULL,
	`updated_at` integer DEFAULT (cast(unixepoch('subsecond') * 1000 as integer)) NOT NULL
);
--> statement-breakpoint
CREATE INDEX `alert_rules_customer_idx` ON `alert_rules` (`customer_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `alert_rules_resource_idx` ON `alert_rules` (`resource_type`,`resource_id`,`enabled`);--> statement-breakpoint
CREATE TABLE `audit_log` (
	`id` text PRIMARY KEY NOT NULL,
	`actor_id` text,
	`actor_email` text,
	`on_behalf_of` text,
	`action` text NOT NULL,
	`entity_type` text NOT NULL,
	`entity_id` text,
	`before` text,
	`after` text,
	`ip` text,
	`user_agent` text,
	`created_at` integer DEFAULT (cast(unixepoch('subsecond') * 1000 as integer)) NOT NULL
);
--> statement-breakpoint
CREATE INDEX `audit_log_created_idx` ON `audit_log` (`created_at`);--> statement-breakpoint
CREATE INDEX `audit_log_entity_idx` ON `audit_log` (`entity_type`,`entity_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `audit_log_actor_idx` ON `audit_log` (`actor_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `backups` (
	`id` text PRIMARY KEY NOT NULL,
	`server_id` text NOT NULL,
	`provider_id` text,
	`type` text DEFAULT 'automated' NOT NULL,
	`description` text,
	`size_mb` integer,
	`status` text DEFAULT 'creating' NOT NULL,
	`expires_at` integer,
	`created_at` integer DEFAULT (cast(unixepoch('subsecond') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`server_id`) REFERENCES `cloud_servers`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `backups_provider_uq` ON `backups` (`provider_id`);--> statement-breakpoint
CREATE INDEX `backups_server_idx` ON `backups` (`server_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `cloud_servers` (
	`id` text PRIMARY KEY NOT NULL,
	`customer_id` text NOT NULL,
	`organization_id` text,
	`service_id` text,
	`provider_id` text,
	`name` text NOT NULL,
	`status` text DEFAULT 'provisioning' NOT NULL,
	`server_type_id` text NOT NULL,
	`datacenter_id` text NOT NULL,
	`image_id` text,
	`ipv4` text,
	`ipv6_network` text,
	`rescue_enabled` integer DEFAULT false NOT NULL,
	`locked` integer DEFAULT false NOT NULL,
	`backups_enabled` integer DEFAULT false NOT NULL,
	`labels` text DEFAULT '{}' NOT NULL,
	`deleted_at` integer,
	`created_at` integer DEFAULT (cast(unixepoch('subsecond') * 1000 as integer)) NOT NULL,
	`updated_at` integer DEFAULT (cast(unixepoch('subsecond') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`server_type_id`) REFERENCES `server_types`(`id`) ON UPDATE no action ON DELETE restrict,
	FOREIGN KEY (`datacenter_id`) REFERENCES `datacenters`(`id`) ON UPDATE no action ON DELETE restrict,
	FOREIGN KEY (`image_id`) REFERENCES `images`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `cloud_servers_provider_uq` ON `cloud_servers` (`provider_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `cloud_servers_service_uq` ON `cloud_servers` (`service_id`);--> statement-breakpoint
CREATE INDEX `cloud_servers_customer_idx` ON `cloud_servers` (`customer_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `cloud_servers_status_idx` ON `cloud_servers` (`status`,`created_at`);--> statement-breakpoint
CREATE INDEX `cloud_servers_datacenter_idx` ON `cloud_servers` (`datacenter_id`);--> statement-breakpoint
CREATE TABLE `datacenters` (
	`id` text PRIMARY KEY NOT NULL,
	`code` text NOT NULL,
	`name` text NOT NULL,
	`city` text NOT NULL,
	`country` text(2) NOT NULL,
	`continent` text,
	`network_zone` text,
	`latitude_micro` integer,
	`longitude_micro` integer,
	`status` text DEFAULT 'active' NOT NULL,
	`sort_order` integer DEFAULT 0 NOT NULL,
	`created_at` integer DEFAULT (cast(unixepoch('subsecond') * 1000 as integer)) NOT NULL,
	`updated_at` integer DEFAULT (cast(unixepoch('subsecond') * 1000 as integer)) NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `datacenters_code_uq` ON `datacenters` (`code`);--> statement-breakpoint
CREATE INDEX `datacenters_status_idx` ON `datacenters` (`status`,`sort_order`);--> statement-breakpoint
CREATE TABLE `firewalls` (
	`id` text PRIMARY KEY NOT NULL,
	`customer_id` text NOT NULL,
	`organization_id` text,
	`provider_id` text,
	`name` text NOT NULL,
	`rules` text DEFAULT '[]' NOT NULL,
	`labels` text DEFAULT '{}' NOT NULL,
	`created_at` integer DEFAULT (cast(unixepoch('subsecond') * 1000 as integer)) NOT NULL,
	`updated_at` integer DEFAULT (cast(unixepoch('subsecond') * 1000 as integer)) NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `firewalls_provider_uq` ON `firewalls` (`provider_id`);--> statement-breakpoint
CREATE INDEX `firewalls_customer_idx` ON `firewalls` (`customer_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `floating_ips` (
	`id` text PRIMARY KEY NOT NULL,
	`customer_id` text NOT NULL,
	`organization_id` text,
	`provider_id` text,
	`type` text DEFAULT 'ipv4' NOT NULL,
	`ip` text NOT NULL,
	`datacenter_id` text NOT NULL,
	`server_id` text,
	`ptr` text,
	`labels` text DEFAULT '{}' NOT NULL,
	`created_at` integer DEFAULT (cast(unixepoch('subsecond') * 1000 as integer)) NOT NULL,
	`updated_at` integer DEFAULT (cast(unixepoch('subsecond') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`datacenter_id`) REFERENCES `datacenters`(`id`) ON UPDATE no action ON DELETE restrict,
	FOREIGN KEY (`server_id`) REFERENCES `cloud_servers`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `floating_ips_ip_uq` ON `floating_ips` (`ip`);--> statement-breakpoint
CREATE UNIQUE INDEX `floating_ips_provider_uq` ON `floating_ips` (`provider_id`);--> statement-breakpoint
CREATE INDEX `floating_ips_customer_idx` ON `floating_ips` (`customer_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `floating_ips_server_idx` ON `floating_ips` (`server_id`);--> statement-breakpoint
CREATE TABLE `images` (
	`id` text PRIMARY KEY NOT NULL,
	`provider_id` text,
	`name` text NOT NULL,
	`description` text,
	`type` text DEFAULT 'system' NOT NULL,
	`os_flavor` text,
	`os_version` text,
	`architecture` text DEFAULT 'x86' NOT NULL,
	`disk_size_gb` integer,
	`owner_id` text,
	`status` text DEFAULT 'available' NOT NULL,
	`deprecated_at` integer,
	`created_at` integer DEFAULT (cast(unixepoch('subsecond') * 1000 as integer)) NOT NULL,
	`updated_at` integer DEFAULT (cast(unixepoch('subsecond') * 1000 as integer)) NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `images_system_name_uq` ON `images` (`name`,`architecture`) WHERE owner_id is null;--> statement-breakpoint
CREATE INDEX `images_owner_idx` ON `images` (`owner_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `job_effects` (
	`key` text PRIMARY KEY NOT NULL,
	`job_id` text NOT NULL,
	`created_at` integer DEFAULT (cast(unixepoch('subsecond') * 1000 as integer)) NOT NULL
);
--> statement-breakpoint
CREATE TABLE `jobs` (
	`id` text PRIMARY KEY NOT NULL,
	`type` text NOT NULL,
	`payload` text NOT NULL,
	`status` text DEFAULT 'queued' NOT NULL,
	`unique_key` text,
	`priority` integer DEFAULT 0 NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`max_attempts` integer DEFAULT 8 NOT NULL,
	`run_at` integer DEFAULT (cast(unixepoch('subsecond') * 1000 as integer)) NOT NULL,
	`lease_owner` text,
	`lease_expires_at` integer,
	`last_error` text,
	`result` text,
	`created_at` integer DEFAULT (cast(unixepoch('subsecond') * 1000 as integer)) NOT NULL,
	`started_at` integer,
	`finished_at` integer
);
--> statement-breakpoint
CREATE UNIQUE INDEX `jobs_unique_key_uq` ON `jobs` (`unique_key`);--> statement-breakpoint
CREATE INDEX `jobs_ready_idx` ON `jobs` (`status`,`run_at`,`priority`);--> statement-breakpoint
CREATE INDEX `jobs_lease_idx` ON `jobs` (`status`,`lease_expires_at`);--> statement-breakpoint
CREATE INDEX `jobs_type_idx` ON `jobs` (`type`,`created_at`);--> statement-breakpoint
CREATE TABLE `load_balancers` (
	`id` text PRIMARY KEY NOT NULL,
	`customer_id` text NOT NULL,
	`organization_id` text,
	`provider_id` text,
	`name` text NOT NULL,
	`type` text NOT NULL,
	`datacenter_id` text NOT NULL,
	`public_ipv4` text,
	`algorithm` text DEFAULT 'round_robin' NOT NULL,
	`status` text DEFAULT 'provisioning' NOT NULL,
	`config` text DEFAULT '{}' NOT NULL,
	`labels` text DEFAULT '{}' NOT NULL,
	`created_at` integer DEFAULT (cast(unixepoch('subsecond') * 1000 as integer)) NOT NULL,
	`updated_at` integer DEFAULT (cast(unixepoch('subsecond') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`datacenter_id`) REFERENCES `datacenters`(`id`) ON UPDATE no action ON DELETE restrict
);
--> statement-breakpoint
CREATE UNIQUE INDEX `load_balancers_provider_uq` ON `load_balancers` (`provider_id`);--> statement-breakpoint
CREATE INDEX `load_balancers_customer_idx` ON `load_balancers` (`customer_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `networks` (
	`id` text PRIMARY KEY NOT NULL,
	`customer_id` text NOT NULL,
	`organization_id` text,
	`provider_id` text,
	`name` text NOT NULL,
	`ip_range` text NOT NULL,
	`subnets` text DEFAULT '[]' NOT NULL,
	`routes` text DEFAULT '[]' NOT NULL,
	`labels` text DEFAULT '{}' NOT NULL,
	`created_at` integer DEFAULT (cast(unixepoch('subsecond') * 1000 as integer)) NOT NULL,
	`updated_at` integer DEFAULT (cast(unixepoch('subsecond') * 1000 as integer)) NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `networks_provider_uq` ON `networks` (`provider_id`);--> statement-breakpoint
CREATE INDEX `networks_customer_idx` ON `networks` (`customer_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `quotas` (
	`id` text PRIMARY KEY NOT NULL,
	`customer_id` text NOT NULL,
	`resource_type` text NOT NULL,
	`limit` integer NOT NULL,
	`created_at` integer DEFAULT (cast(unixepoch('subsecond') * 1000 as integer)) NOT NULL,
	`updated_at` integer DEFAULT (cast(unixepoch('subsecond') * 1000 as integer)) NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `quotas_customer_resource_uq` ON `quotas` (`customer_id`,`resource_type`);--> statement-breakpoint
CREATE TABLE `server_firewalls` (
	`server_id` text NOT NULL,
	`firewall_id` text NOT NULL,
	`created_at` integer DEFAULT (cast(unixepoch('subsecond') * 1000 as integer)) NOT NULL,
	PRIMARY KEY(`server_id`, `firewall_id`),
	FOREIGN KEY (`server_id`) REFERENCES `cloud_servers`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`firewall_id`) REFERENCES `firewalls`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `server_firewalls_firewall_idx` ON `server_firewalls` (`firewall_id`);--> statement-breakpoint
CREATE TABLE `server_metrics` (
	`id` text PRIMARY KEY NOT NULL,
	`server_id` text NOT NULL,
	`sampled_at` integer NOT NULL,
	`cpu_permille` integer,
	`memory_used_mb` integer,
	`memory_total_mb` integer,
	`disk_read_bps` integer,
	`disk_write_bps` integer,
	`disk_read_iops` integer,
	`disk_write_iops` integer,
	`network_in_bps` integer,
	`network_out_bps` integer,
	FOREIGN KEY (`server_id`) REFERENCES `cloud_servers`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `server_metrics_server_time_uq` ON `server_metrics` (`server_id`,`sampled_at`);--> statement-breakpoint
CREATE INDEX `server_metrics_time_idx` ON `server_metrics` (`sampled_at`);--> statement-breakpoint
CREATE TABLE `server_networks` (
	`server_id` text NOT NULL,
	`network_id` text NOT NULL,
	`private_ip` text,
	`alias_ips` text DEFAULT '[]' NOT NULL,
	`created_at` integer DEFAULT (cast(unixepoch('subsecond') * 1000 as integer)) NOT NULL,
	PRIMARY KEY(`server_id`, `network_id`),
	FOREIGN KEY (`server_id`) REFERENCES `cloud_servers`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`network_id`) REFERENCES `networks`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `server_networks_network_idx` ON `server_networks` (`network_id`);--> statement-breakpoint
CREATE TABLE `server_ssh_keys` (
	`server_id` text NOT NULL,
	`ssh_key_id` text NOT NULL,
	`created_at` integer DEFAULT (cast(unixepoch('subsecond') * 1000 as integer)) NOT NULL,
	PRIMARY KEY(`server_id`, `ssh_key_id`),
	FOREIGN KEY (`server_id`) REFERENCES `cloud_servers`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`ssh_key_id`) REFERENCES `ssh_keys`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `server_types` (
	`id` text PRIMARY KEY NOT NULL,
	`code` text NOT NULL,
	`name` text NOT NULL,
	`category` text DEFAULT 'shared' NOT NULL,
	`architecture` text DEFAULT 'x86' NOT NULL,
	`cores` integer NOT NULL,
	`memory_mb` integer NOT NULL,
	`disk_gb` integer NOT NULL,
	`disk_type` text DEFAULT 'nvme' NOT NULL,
	`included_traffic_gb` integer DEFAULT 20480 NOT NULL,
	`currency` text(3) NOT NULL,
	`price_monthly` integer NOT NULL,
	`price_hourly_milli` integer NOT NULL,
	`datacenter_codes` text DEFAULT '[]' NOT NULL,
	`product_id` text,
	`available` integer DEFAULT true NOT NULL,
	`sort_order` integer DEFAULT 0 NOT NULL,
	`created_at` integer DEFAULT (cast(unixepoch('subsecond') * 1000 as integer)) NOT NULL,
	`updated_at` integer DEFAULT (cast(unixepoch('subsecond') * 1000 as integer)) NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `server_types_code_uq` ON `server_types` (`code`);--> statement-breakpoint
CREATE INDEX `server_types_available_idx` ON `server_types` (`available`,`sort_order`);--> statement-breakpoint
CREATE TABLE `snapshots` (
	`id` text PRIMARY KEY NOT NULL,
	`customer_id` text NOT NULL,
	`organization_id` text,
	`provider_id` text,
	`resource_type` text NOT NULL,
	`resource_id` text NOT NULL,
	`name` text,
	`description` text,
	`size_mb` integer,
	`status` text DEFAULT 'creating' NOT NULL,
	`labels` text DEFAULT '{}' NOT NULL,
	`created_at` integer DEFAULT (cast(unixepoch('subsecond') * 1000 as integer)) NOT NULL,
	`deleted_at` integer
);
--> statement-breakpoint
CREATE UNIQUE INDEX `snapshots_provider_uq` ON `snapshots` (`provider_id`);--> statement-breakpoint
CREATE INDEX `snapshots_customer_idx` ON `snapshots` (`customer_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `snapshots_resource_idx` ON `snapshots` (`resource_type`,`resource_id`);--> statement-breakpoint
CREATE TABLE `ssh_keys` (
	`id` text PRIMARY KEY NOT NULL,
	`customer_id` text NOT NULL,
	`organization_id` text,
	`provider_id` text,
	`name` text NOT NULL,
	`public_key` text NOT NULL,
	`fingerprint` text NOT NULL,
	`created_at` integer DEFAULT (cast(unixepoch('subsecond') * 1000 as integer)) NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `ssh_keys_customer_fingerprint_uq` ON `ssh_keys` (`customer_id`,`fingerprint`);--> statement-breakpoint
CREATE TABLE `uptime_checks` (
	`id` text PRIMARY KEY NOT NULL,
	`monitor_id` text NOT NULL,
	`ok` integer NOT NULL,
	`latency_ms` integer,
	`status_code` integer,
	`error` text,
	`checked_at` integer NOT NULL,
	FOREIGN KEY (`monitor_id`) REFERENCES `uptime_monitors`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `uptime_checks_monitor_idx` ON `uptime_checks` (`monitor_id`,`checked_at`);--> statement-breakpoint
CREATE TABLE `uptime_monitors` (
	`id` text PRIMARY KEY NOT NULL,
	`customer_id` text NOT NULL,
	`organization_id` text,
	`name` text NOT NULL,
	`type` text NOT NULL,
	`target` text NOT NULL,
	`port` integer,
	`interval_seconds` integer DEFAULT 60 NOT NULL,
	`timeout_seconds` integer DEFAULT 10 NOT NULL,
	`expected_status` integer,
	`enabled` integer DEFAULT true NOT NULL,
	`channels` text DEFAULT '[]' NOT NULL,
	`last_status` text DEFAULT 'unknown' NOT NULL,
	`last_checked_at` integer,
	`last_latency_ms` integer,
	`created_at` integer DEFAULT (cast(unixepoch('subsecond') * 1000 as integer)) NOT NULL,
	`updated_at` integer DEFAULT (cast(unixepoch('subsecond') * 1000 as integer)) NOT NULL
);
--> statement-breakpoint
CREATE INDEX `uptime_monitors_customer_idx` ON `uptime_monitors` (`customer_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `uptime_monitors_due_idx` ON `uptime_monitors` (`enabled`,`last_checked_at`);--> statement-breakpoint
CREATE TABLE `usage_records` (
	`id` text PRIMARY KEY NOT NULL,
	`customer_id` text NOT NULL,
	`organization_id` text,
	`service_id` text,
	`resource_type` text NOT NULL,
	`resource_id` text NOT NULL,
	`metric` text NOT NULL,
	`quantity` integer NOT NULL,
	`unit_price_milli` integer NOT NULL,
	`amount` integer NOT NULL,
	`currency` text(3) NOT NULL,
	`period_start` integer NOT NULL,
	`period_end` integer NOT NULL,
	`invoice_id` text,
	`billed_at` integer,
	`idempotency_key` text NOT NULL,
	`created_at` integer DEFAULT (cast(unixepoch('subsecond') * 1000 as integer)) NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `usage_records_idempotency_uq` ON `usage_records` (`idempotency_key`);--> statement-breakpoint
CREATE INDEX `usage_records_customer_idx` ON `usage_records` (`customer_id`,`period_start`);--> statement-breakpoint
CREATE INDEX `usage_records_unbilled_idx` ON `usage_records` (`billed_at`,`customer_id`);--> statement-breakpoint
CREATE INDEX `usage_records_resource_idx` ON `usage_records` (`resource_type`,`resource_id`,`period_start`);--> statement-breakpoint
CREATE TABLE `volumes` (
	`id` text PRIMARY KEY NOT NULL,
	`customer_id` text NOT NULL,
	`organization_id` text,
	`provider_id` text,
	`name` text NOT NULL,
	`size_gb` integer NOT NULL,
	`datacenter_id` text NOT NULL,
	`server_id` text,
	`status` text DEFAULT 'creating' NOT NULL,
	`format` text,
	`labels` text DEFAULT '{}' NOT NULL,
	`created_at` integer DEFAULT (cast(unixepoch('subsecond') * 1000 as integer)) NOT NULL,
	`updated_at` integer DEFAULT (cast(unixepoch('subsecond') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`datacenter_id`) REFERENCES `datacenters`(`id`) ON UPDATE no action ON DELETE restrict,
	FOREIGN KEY (`server_id`) REFERENCES `cloud_servers`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `volumes_provider_uq` ON `volumes` (`provider_id`);--> statement-breakpoint
CREATE INDEX `volumes_customer_idx` ON `volumes` (`customer_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `volumes_server_idx` ON `volumes` (`server_id`);