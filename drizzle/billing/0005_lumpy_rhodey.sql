CREATE INDEX `invoices_organization_idx` ON `invoices` (`organization_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `orders_organization_idx` ON `orders` (`organization_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `services_organization_idx` ON `services` (`organization_id`,`created_at`);