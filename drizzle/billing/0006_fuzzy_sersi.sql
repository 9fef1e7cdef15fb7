CREATE TABLE `gateway_checkouts` (
	`id` text PRIMARY KEY NOT NULL,
	`gateway` text NOT NULL,
	`gateway_ref` text NOT NULL,
	`invoice_id` text NOT NULL,
	`amount` integer NOT NULL,
	`currency` text(3) NOT NULL,
	`created_at` integer DEFAULT (cast(unixepoch('subsecond') * 1000 as integer)) NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `gateway_checkouts_ref_uq` ON `gateway_checkouts` (`gateway`,`gateway_ref`);--> statement-breakpoint
CREATE INDEX `gateway_checkouts_created_idx` ON `gateway_checkouts` (`gateway`,`created_at`);