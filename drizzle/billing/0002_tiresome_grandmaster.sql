ALTER TABLE `service_changes` ADD `effective_at` integer;--> statement-breakpoint
CREATE INDEX `service_changes_status_idx` ON `service_changes` (`status`,`effective_at`);--> statement-breakpoint
CREATE INDEX `invoices_status_created_idx` ON `invoices` (`status`,`created_at`);