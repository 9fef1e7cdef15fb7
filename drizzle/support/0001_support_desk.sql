CREATE TABLE `guest_requests` (
	`id` text PRIMARY KEY NOT NULL,
	`email` text NOT NULL,
	`name` text,
	`department_id` text NOT NULL,
	`subject` text NOT NULL,
	`body_markdown` text NOT NULL,
	`token_hash` text NOT NULL,
	`expires_at` integer NOT NULL,
	`verified_at` integer,
	`ticket_id` text,
	`ip` text,
	`created_at` integer DEFAULT (cast(unixepoch('subsecond') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`department_id`) REFERENCES `departments`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `guest_requests_token_uq` ON `guest_requests` (`token_hash`);--> statement-breakpoint
CREATE INDEX `guest_requests_expires_idx` ON `guest_requests` (`expires_at`);--> statement-breakpoint
CREATE TABLE `inbound_emails` (
	`id` text PRIMARY KEY NOT NULL,
	`message_id` text NOT NULL,
	`from_address` text,
	`to_address` text,
	`subject` text,
	`status` text NOT NULL,
	`reason` text,
	`ticket_id` text,
	`ticket_message_id` text,
	`received_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `inbound_emails_message_id_uq` ON `inbound_emails` (`message_id`);--> statement-breakpoint
CREATE INDEX `inbound_emails_ticket_idx` ON `inbound_emails` (`ticket_id`);--> statement-breakpoint
CREATE TABLE `sla_targets` (
	`department_id` text NOT NULL,
	`priority` text NOT NULL,
	`first_response_minutes` integer,
	`resolution_minutes` integer,
	`created_at` integer DEFAULT (cast(unixepoch('subsecond') * 1000 as integer)) NOT NULL,
	`updated_at` integer DEFAULT (cast(unixepoch('subsecond') * 1000 as integer)) NOT NULL,
	PRIMARY KEY(`department_id`, `priority`),
	FOREIGN KEY (`department_id`) REFERENCES `departments`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
ALTER TABLE `tickets` ADD `satisfaction_comment` text;--> statement-breakpoint
ALTER TABLE `tickets` ADD `requester_email` text;--> statement-breakpoint
ALTER TABLE `tickets` ADD `requester_name` text;--> statement-breakpoint
ALTER TABLE `tickets` ADD `merged_into_id` text;--> statement-breakpoint
ALTER TABLE `tickets` ADD `resolved_at` integer;--> statement-breakpoint
ALTER TABLE `tickets` ADD `status_changed_at` integer;--> statement-breakpoint
ALTER TABLE `tickets` ADD `first_response_breached_at` integer;--> statement-breakpoint
ALTER TABLE `tickets` ADD `resolution_breached_at` integer;--> statement-breakpoint
ALTER TABLE `tickets` ADD `auto_close_warned_at` integer;--> statement-breakpoint
CREATE INDEX `tickets_resolution_sla_idx` ON `tickets` (`status`,`resolution_due_at`);--> statement-breakpoint
CREATE INDEX `tickets_status_changed_idx` ON `tickets` (`status`,`status_changed_at`);--> statement-breakpoint
-- The old status list mapped onto the new one (status is who holds the ball now).
UPDATE `tickets` SET `status` = CASE `status`
	WHEN 'answered' THEN 'awaiting_customer'
	WHEN 'customer_reply' THEN 'awaiting_staff'
	WHEN 'in_progress' THEN 'awaiting_staff'
	WHEN 'on_hold' THEN 'awaiting_staff'
	ELSE `status` END
WHERE `status` IN ('answered', 'customer_reply', 'in_progress', 'on_hold');--> statement-breakpoint
UPDATE `tickets` SET `status_changed_at` = COALESCE(`last_reply_at`, `updated_at`) WHERE `status_changed_at` IS NULL;--> statement-breakpoint
UPDATE `tickets` SET `resolved_at` = `closed_at` WHERE `status` = 'closed' AND `resolved_at` IS NULL;
