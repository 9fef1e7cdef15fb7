ALTER TABLE `address_quarantine` ADD `address_index` integer;--> statement-breakpoint
CREATE INDEX `address_quarantine_index_idx` ON `address_quarantine` (`address_index`);--> statement-breakpoint
ALTER TABLE `devices` ADD `address_index` integer;--> statement-breakpoint
CREATE INDEX `devices_address_index_idx` ON `devices` (`address_index`);--> statement-breakpoint
ALTER TABLE `entitlements` ADD `email` text;--> statement-breakpoint
CREATE INDEX `entitlements_email_idx` ON `entitlements` (`email`);