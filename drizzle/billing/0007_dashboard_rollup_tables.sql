CREATE TABLE `revenue_monthly` (
	`month` text NOT NULL,
	`gateway` text NOT NULL,
	`currency` text(3) NOT NULL,
	`amount` integer DEFAULT 0 NOT NULL,
	`payments` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`month`, `gateway`, `currency`)
);
--> statement-breakpoint
CREATE TABLE `service_totals` (
	`status` text NOT NULL,
	`product_id` text NOT NULL,
	`currency` text(3) NOT NULL,
	`cycle` text NOT NULL,
	`services` integer DEFAULT 0 NOT NULL,
	`monthly` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`status`, `product_id`, `currency`, `cycle`)
);
--> statement-breakpoint
CREATE INDEX `service_changes_applied_idx` ON `service_changes` (`status`,`applied_at`,`service_id`,`from_price_id`,`to_price_id`);