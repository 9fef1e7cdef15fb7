CREATE TABLE `accounts` (
	`id` text PRIMARY KEY NOT NULL,
	`server_id` text NOT NULL,
	`package_id` text NOT NULL,
	`service_id` text,
	`customer_id` text NOT NULL,
	`reseller_id` text,
	`domain` text NOT NULL,
	`username` text(16) NOT NULL,
	`contact_email` text,
	`ip_address` text,
	`status` text DEFAULT 'pending' NOT NULL,
	`suspended_reason` text,
	`suspended_at` integer,
	`terminated_at` integer,
	`disk_used_mb` integer DEFAULT 0 NOT NULL,
	`disk_limit_mb` integer,
	`bandwidth_used_mb` integer DEFAULT 0 NOT NULL,
	`bandwidth_limit_mb` integer,
	`usage_updated_at` integer,
	`created_at` integer DEFAULT (cast(unixepoch('subsecond') * 1000 as integer)) NOT NULL,
	`updated_at` integer DEFAULT (cast(unixepoch('subsecond') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`server_id`) REFERENCES `whm_servers`(`id`) ON UPDATE no action ON DELETE restrict,
	FOREIGN KEY (`package_id`) REFERENCES `packages`(`id`) ON UPDATE no action ON DELETE restrict,
	FOREIGN KEY (`reseller_id`) REFERENCES `resellers`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `accounts_server_username_uq` ON `accounts` (`server_id`,`username`);--> statement-breakpoint
CREATE UNIQUE INDEX `accounts_service_uq` ON `accounts` (`service_id`);--> statement-breakpoint
CREATE INDEX `accounts_customer_idx` ON `accounts` (`customer_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `accounts_domain_idx` ON `accounts` (`domain`);--> statement-breakpoint
CREATE INDEX `accounts_status_idx` ON `accounts` (`status`,`created_at`);--> statement-breakpoint
CREATE TABLE `activity_log` (
	`id` text PRIMARY KEY NOT NULL,
	`actor_id` text,
	`account_id` text,
	`server_id` text,
	`action` text NOT NULL,
	`description` text,
	`ip` text,
	`user_agent` text,
	`metadata` text,
	`created_at` integer DEFAULT (cast(unixepoch('subsecond') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`server_id`) REFERENCES `whm_servers`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `activity_log_account_idx` ON `activity_log` (`account_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `activity_log_server_idx` ON `activity_log` (`server_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `activity_log_action_idx` ON `activity_log` (`action`,`created_at`);--> statement-breakpoint
CREATE INDEX `activity_log_created_idx` ON `activity_log` (`created_at`);--> statement-breakpoint
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
	`account_id` text,
	`server_id` text NOT NULL,
	`type` text DEFAULT 'full' NOT NULL,
	`status` text DEFAULT 'pending' NOT NULL,
	`storage_location` text,
	`path` text,
	`size_bytes` integer,
	`checksum` text,
	`retention_days` integer DEFAULT 30 NOT NULL,
	`error` text,
	`started_at` integer,
	`completed_at` integer,
	`created_at` integer DEFAULT (cast(unixepoch('subsecond') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`server_id`) REFERENCES `whm_servers`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `backups_account_idx` ON `backups` (`account_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `backups_server_idx` ON `backups` (`server_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `backups_status_idx` ON `backups` (`status`,`created_at`);--> statement-breakpoint
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
CREATE TABLE `packages` (
	`id` text PRIMARY KEY NOT NULL,
	`slug` text NOT NULL,
	`name` text NOT NULL,
	`whm_package_name` text NOT NULL,
	`disk_quota_mb` integer,
	`bandwidth_mb` integer,
	`max_email_accounts` integer,
	`max_databases` integer,
	`max_ftp_accounts` integer,
	`max_addon_domains` integer,
	`max_subdomains` integer,
	`max_parked_domains` integer,
	`max_email_per_hour` integer,
	`cgi_access` integer DEFAULT true NOT NULL,
	`shell_access` integer DEFAULT false NOT NULL,
	`is_reseller` integer DEFAULT false NOT NULL,
	`feature_list` text,
	`active` integer DEFAULT true NOT NULL,
	`sort_order` integer DEFAULT 0 NOT NULL,
	`created_at` integer DEFAULT (cast(unixepoch('subsecond') * 1000 as integer)) NOT NULL,
	`updated_at` integer DEFAULT (cast(unixepoch('subsecond') * 1000 as integer)) NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `packages_slug_uq` ON `packages` (`slug`);--> statement-breakpoint
CREATE INDEX `packages_active_idx` ON `packages` (`active`,`sort_order`);--> statement-breakpoint
CREATE TABLE `resellers` (
	`id` text PRIMARY KEY NOT NULL,
	`server_id` text NOT NULL,
	`package_id` text,
	`service_id` text,
	`customer_id` text NOT NULL,
	`username` text(16) NOT NULL,
	`email` text NOT NULL,
	`max_accounts` integer DEFAULT 10 NOT NULL,
	`account_count` integer DEFAULT 0 NOT NULL,
	`disk_limit_mb` integer,
	`bandwidth_limit_mb` integer,
	`acl` text DEFAULT '[]' NOT NULL,
	`nameservers` text DEFAULT '[]' NOT NULL,
	`status` text DEFAULT 'pending' NOT NULL,
	`created_at` integer DEFAULT (cast(unixepoch('subsecond') * 1000 as integer)) NOT NULL,
	`updated_at` integer DEFAULT (cast(unixepoch('subsecond') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`server_id`) REFERENCES `whm_servers`(`id`) ON UPDATE no action ON DELETE restrict,
	FOREIGN KEY (`package_id`) REFERENCES `packages`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `resellers_server_username_uq` ON `resellers` (`server_id`,`username`);--> statement-breakpoint
CREATE INDEX `resellers_customer_idx` ON `resellers` (`customer_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `resellers_status_idx` ON `resellers` (`status`);--> statement-breakpoint
CREATE TABLE `whm_servers` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`hostname` text NOT NULL,
	`ip_address` text NOT NULL,
	`port` integer DEFAULT 2087 NOT NULL,
	`username` text DEFAULT 'root' NOT NULL,
	`api_token_encrypted` text NOT NULL,
	`verify_tls` integer DEFAULT true NOT NULL,
	`status` text DEFAULT 'active' NOT NULL,
	`max_accounts` integer DEFAULT 200 NOT NULL,
	`account_count` integer DEFAULT 0 NOT NULL,
	`nameservers` text DEFAULT '[]' NOT NULL,
	`last_sync_at` integer,
	`last_error` text,
	`created_at` integer DEFAULT (cast(unixepoch('subsecond') * 1000 as integer)) NOT NULL,
	`updated_at` integer DEFAULT (cast(unixepoch('subsecond') * 1000 as integer)) NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `whm_servers_hostname_uq` ON `whm_servers` (`hostname`);--> statement-breakpoint
CREATE INDEX `whm_servers_status_idx` ON `whm_servers` (`status`);