CREATE TABLE `address_quarantine` (
	`address` text PRIMARY KEY NOT NULL,
	`family` text NOT NULL,
	`former_device_id` text,
	`released_at` integer NOT NULL,
	`available_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `address_quarantine_available_idx` ON `address_quarantine` (`family`,`available_at`);--> statement-breakpoint
CREATE TABLE `agent_sync_state` (
	`server_id` text PRIMARY KEY NOT NULL,
	`served_serial` integer DEFAULT 0 NOT NULL,
	`applied_serial` integer DEFAULT 0 NOT NULL,
	`applied_hash` text,
	`acked_at` integer,
	`last_fetch_at` integer,
	`last_report_at` integer,
	`agent_version` text,
	`last_error` text,
	`created_at` integer DEFAULT (cast(unixepoch('subsecond') * 1000 as integer)) NOT NULL,
	`updated_at` integer DEFAULT (cast(unixepoch('subsecond') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`server_id`) REFERENCES `servers`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
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
CREATE TABLE `device_server_keys` (
	`id` text PRIMARY KEY NOT NULL,
	`device_id` text NOT NULL,
	`server_id` text NOT NULL,
	`preshared_key_encrypted` text NOT NULL,
	`config_downloaded_at` integer,
	`created_at` integer DEFAULT (cast(unixepoch('subsecond') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`device_id`) REFERENCES `devices`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`server_id`) REFERENCES `servers`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `device_server_keys_uq` ON `device_server_keys` (`device_id`,`server_id`);--> statement-breakpoint
CREATE INDEX `device_server_keys_server_idx` ON `device_server_keys` (`server_id`);--> statement-breakpoint
CREATE TABLE `device_usage_monthly` (
	`id` text PRIMARY KEY NOT NULL,
	`device_id` text NOT NULL,
	`server_id` text NOT NULL,
	`month` text(7) NOT NULL,
	`rx_bytes` integer DEFAULT 0 NOT NULL,
	`tx_bytes` integer DEFAULT 0 NOT NULL,
	`last_rx_counter` integer DEFAULT 0 NOT NULL,
	`last_tx_counter` integer DEFAULT 0 NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`device_id`) REFERENCES `devices`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`server_id`) REFERENCES `servers`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `device_usage_monthly_uq` ON `device_usage_monthly` (`device_id`,`server_id`,`month`);--> statement-breakpoint
CREATE INDEX `device_usage_monthly_month_idx` ON `device_usage_monthly` (`month`,`server_id`);--> statement-breakpoint
CREATE TABLE `devices` (
	`id` text PRIMARY KEY NOT NULL,
	`user_id` text NOT NULL,
	`service_id` text NOT NULL,
	`name` text NOT NULL,
	`platform` text DEFAULT 'other' NOT NULL,
	`public_key` text NOT NULL,
	`key_mode` text DEFAULT 'browser' NOT NULL,
	`private_key_encrypted` text,
	`ipv4` text NOT NULL,
	`ipv6` text NOT NULL,
	`status` text DEFAULT 'active' NOT NULL,
	`disabled_reason` text,
	`last_handshake_at` integer,
	`last_server_id` text,
	`key_rotated_at` integer,
	`created_at` integer DEFAULT (cast(unixepoch('subsecond') * 1000 as integer)) NOT NULL,
	`updated_at` integer DEFAULT (cast(unixepoch('subsecond') * 1000 as integer)) NOT NULL,
	CONSTRAINT "devices_server_key_encrypted" CHECK("devices"."key_mode" = 'browser' or "devices"."private_key_encrypted" is not null)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `devices_public_key_uq` ON `devices` (`public_key`);--> statement-breakpoint
CREATE UNIQUE INDEX `devices_ipv4_uq` ON `devices` (`ipv4`);--> statement-breakpoint
CREATE UNIQUE INDEX `devices_ipv6_uq` ON `devices` (`ipv6`);--> statement-breakpoint
CREATE INDEX `devices_user_idx` ON `devices` (`user_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `devices_service_idx` ON `devices` (`service_id`,`status`);--> statement-breakpoint
CREATE TABLE `entitlements` (
	`id` text PRIMARY KEY NOT NULL,
	`user_id` text NOT NULL,
	`service_id` text NOT NULL,
	`product_id` text,
	`device_limit` integer NOT NULL,
	`vip_access` integer DEFAULT false NOT NULL,
	`status` text DEFAULT 'active' NOT NULL,
	`granted_by` text,
	`created_at` integer DEFAULT (cast(unixepoch('subsecond') * 1000 as integer)) NOT NULL,
	`updated_at` integer DEFAULT (cast(unixepoch('subsecond') * 1000 as integer)) NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `entitlements_service_uq` ON `entitlements` (`service_id`);--> statement-breakpoint
CREATE INDEX `entitlements_user_idx` ON `entitlements` (`user_id`,`status`);--> statement-breakpoint
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
CREATE TABLE `peer_status` (
	`server_id` text NOT NULL,
	`device_id` text NOT NULL,
	`last_handshake_at` integer,
	`rx_counter` integer DEFAULT 0 NOT NULL,
	`tx_counter` integer DEFAULT 0 NOT NULL,
	`reported_at` integer NOT NULL,
	PRIMARY KEY(`server_id`, `device_id`),
	FOREIGN KEY (`server_id`) REFERENCES `servers`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`device_id`) REFERENCES `devices`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `peer_status_device_idx` ON `peer_status` (`device_id`);--> statement-breakpoint
CREATE TABLE `server_health_samples` (
	`id` text PRIMARY KEY NOT NULL,
	`server_id` text NOT NULL,
	`online` integer NOT NULL,
	`peer_count` integer DEFAULT 0 NOT NULL,
	`active_peers` integer DEFAULT 0 NOT NULL,
	`load_permille` integer DEFAULT 0 NOT NULL,
	`rx_bytes` integer DEFAULT 0 NOT NULL,
	`tx_bytes` integer DEFAULT 0 NOT NULL,
	`latency_ms` integer,
	`agent_version` text,
	`error` text,
	`sampled_at` integer NOT NULL,
	FOREIGN KEY (`server_id`) REFERENCES `servers`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `server_health_samples_server_idx` ON `server_health_samples` (`server_id`,`sampled_at`);--> statement-breakpoint
CREATE TABLE `servers` (
	`id` text PRIMARY KEY NOT NULL,
	`slug` text NOT NULL,
	`name` text NOT NULL,
	`country_code` text(2) NOT NULL,
	`city` text NOT NULL,
	`description` text,
	`endpoint_host` text NOT NULL,
	`endpoint_port` integer DEFAULT 51820 NOT NULL,
	`public_key` text NOT NULL,
	`access_level` text DEFAULT 'public' NOT NULL,
	`capacity` integer DEFAULT 250 NOT NULL,
	`active` integer DEFAULT true NOT NULL,
	`provider` text,
	`monthly_cost` integer,
	`monthly_cost_currency` text(3),
	`agent_token_hash` text,
	`agent_token_last4` text(4),
	`agent_token_rotated_at` integer,
	`last_seen_at` integer,
	`peer_count` integer DEFAULT 0 NOT NULL,
	`load_permille` integer DEFAULT 0 NOT NULL,
	`config_serial` integer DEFAULT 1 NOT NULL,
	`sort_order` integer DEFAULT 0 NOT NULL,
	`created_at` integer DEFAULT (cast(unixepoch('subsecond') * 1000 as integer)) NOT NULL,
	`updated_at` integer DEFAULT (cast(unixepoch('subsecond') * 1000 as integer)) NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `servers_slug_uq` ON `servers` (`slug`);--> statement-breakpoint
CREATE UNIQUE INDEX `servers_public_key_uq` ON `servers` (`public_key`);--> statement-breakpoint
CREATE UNIQUE INDEX `servers_agent_token_uq` ON `servers` (`agent_token_hash`);--> statement-breakpoint
CREATE INDEX `servers_listing_idx` ON `servers` (`active`,`access_level`,`sort_order`);--> statement-breakpoint
CREATE TABLE `vip_list` (
	`id` text PRIMARY KEY NOT NULL,
	`email` text NOT NULL,
	`note` text,
	`added_by` text,
	`created_at` integer DEFAULT (cast(unixepoch('subsecond') * 1000 as integer)) NOT NULL,
	CONSTRAINT "vip_list_email_lowercase" CHECK("vip_list"."email" = lower("vip_list"."email"))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `vip_list_email_uq` ON `vip_list` (`email`);