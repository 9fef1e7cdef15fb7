CREATE INDEX `credit_notes_issued_idx` ON `credit_notes` (`issued_at`);--> statement-breakpoint
CREATE INDEX `invoices_issued_idx` ON `invoices` (`issued_at`);--> statement-breakpoint
CREATE INDEX `invoices_due_idx` ON `invoices` (`due_at`);--> statement-breakpoint
CREATE INDEX `invoices_total_idx` ON `invoices` (`total`);--> statement-breakpoint
CREATE INDEX `invoices_status_issued_idx` ON `invoices` (`status`,`issued_at`);--> statement-breakpoint
CREATE INDEX `invoices_status_total_idx` ON `invoices` (`status`,`total`);--> statement-breakpoint
CREATE INDEX `orders_created_idx` ON `orders` (`created_at`);--> statement-breakpoint
CREATE INDEX `orders_total_idx` ON `orders` (`total`);--> statement-breakpoint
CREATE INDEX `payments_created_idx` ON `payments` (`created_at`);--> statement-breakpoint
CREATE INDEX `payments_amount_idx` ON `payments` (`amount`);--> statement-breakpoint
CREATE INDEX `payments_gateway_created_idx` ON `payments` (`gateway`,`created_at`);--> statement-breakpoint
CREATE INDEX `refunds_created_idx` ON `refunds` (`created_at`);--> statement-breakpoint
CREATE INDEX `refunds_status_created_idx` ON `refunds` (`status`,`created_at`);--> statement-breakpoint
CREATE INDEX `services_created_idx` ON `services` (`created_at`);--> statement-breakpoint
CREATE INDEX `services_next_due_idx` ON `services` (`next_due_at`);--> statement-breakpoint
CREATE INDEX `services_status_created_idx` ON `services` (`status`,`created_at`);