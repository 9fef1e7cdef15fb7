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
CREATE TABLE `billing_profiles` (
	`id` text PRIMARY KEY NOT NULL,
	`customer_id` text NOT NULL,
	`organization_id` text,
	`name` text,
	`company_name` text,
	`email` text,
	`address_line1` text,
	`address_line2` text,
	`city` text,
	`state` text,
	`postal_code` text,
	`country` text(2),
	`vat_id` text,
	`vat_id_check` text,
	`tax_exempt` integer DEFAULT false NOT NULL,
	`currency` text(3),
	`stripe_customer_id` text,
	`created_at` integer DEFAULT (cast(unixepoch('subsecond') * 1000 as integer)) NOT NULL,
	`updated_at` integer DEFAULT (cast(unixepoch('subsecond') * 1000 as integer)) NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `billing_profiles_customer_uq` ON `billing_profiles` (`customer_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `billing_profiles_stripe_uq` ON `billing_profiles` (`stripe_customer_id`);--> statement-breakpoint
CREATE TABLE `coupon_redemptions` (
	`id` text PRIMARY KEY NOT NULL,
	`coupon_id` text NOT NULL,
	`customer_id` text NOT NULL,
	`order_id` text,
	`service_id` text,
	`invoice_id` text,
	`amount` integer NOT NULL,
	`currency` text(3) NOT NULL,
	`cycles_remaining` integer,
	`created_at` integer DEFAULT (cast(unixepoch('subsecond') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`coupon_id`) REFERENCES `coupons`(`id`) ON UPDATE no action ON DELETE restrict
);
--> statement-breakpoint
CREATE UNIQUE INDEX `coupon_redemptions_coupon_order_uq` ON `coupon_redemptions` (`coupon_id`,`order_id`);--> statement-breakpoint
CREATE INDEX `coupon_redemptions_coupon_customer_idx` ON `coupon_redemptions` (`coupon_id`,`customer_id`);--> statement-breakpoint
CREATE INDEX `coupon_redemptions_service_idx` ON `coupon_redemptions` (`service_id`);--> statement-breakpoint
CREATE TABLE `coupons` (
	`id` text PRIMARY KEY NOT NULL,
	`code` text NOT NULL,
	`description` text,
	`discount_type` text NOT NULL,
	`percent_bps` integer,
	`amount_off` integer,
	`currency` text(3),
	`duration` text DEFAULT 'once' NOT NULL,
	`duration_cycles` integer,
	`product_ids` text DEFAULT '[]' NOT NULL,
	`cycles` text DEFAULT '[]' NOT NULL,
	`max_redemptions` integer,
	`max_per_customer` integer,
	`redemption_count` integer DEFAULT 0 NOT NULL,
	`new_customers_only` integer DEFAULT false NOT NULL,
	`valid_from` integer,
	`valid_until` integer,
	`active` integer DEFAULT true NOT NULL,
	`created_at` integer DEFAULT (cast(unixepoch('subsecond') * 1000 as integer)) NOT NULL,
	`updated_at` integer DEFAULT (cast(unixepoch('subsecond') * 1000 as integer)) NOT NULL,
	CONSTRAINT "coupons_code_uppercase" CHECK("coupons"."code" = upper("coupons"."code"))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `coupons_code_uq` ON `coupons` (`code`);--> statement-breakpoint
CREATE INDEX `coupons_active_idx` ON `coupons` (`active`,`valid_until`);--> statement-breakpoint
CREATE TABLE `credit_ledger` (
	`id` text PRIMARY KEY NOT NULL,
	`customer_id` text NOT NULL,
	`currency` text(3) NOT NULL,
	`seq` integer NOT NULL,
	`amount` integer NOT NULL,
	`balance_after` integer NOT NULL,
	`reason` text NOT NULL,
	`description` text,
	`invoice_id` text,
	`payment_id` text,
	`refund_id` text,
	`created_by` text,
	`idempotency_key` text,
	`created_at` integer DEFAULT (cast(unixepoch('subsecond') * 1000 as integer)) NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `credit_ledger_customer_seq_uq` ON `credit_ledger` (`customer_id`,`currency`,`seq`);--> statement-breakpoint
CREATE UNIQUE INDEX `credit_ledger_idempotency_uq` ON `credit_ledger` (`idempotency_key`);--> statement-breakpoint
CREATE INDEX `credit_ledger_customer_idx` ON `credit_ledger` (`customer_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `credit_notes` (
	`id` text PRIMARY KEY NOT NULL,
	`number` text NOT NULL,
	`invoice_id` text NOT NULL,
	`customer_id` text NOT NULL,
	`currency` text(3) NOT NULL,
	`subtotal` integer NOT NULL,
	`tax` integer DEFAULT 0 NOT NULL,
	`total` integer NOT NULL,
	`reason` text,
	`status` text DEFAULT 'issued' NOT NULL,
	`created_by` text,
	`issued_at` integer NOT NULL,
	`created_at` integer DEFAULT (cast(unixepoch('subsecond') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`invoice_id`) REFERENCES `invoices`(`id`) ON UPDATE no action ON DELETE restrict
);
--> statement-breakpoint
CREATE UNIQUE INDEX `credit_notes_number_uq` ON `credit_notes` (`number`);--> statement-breakpoint
CREATE INDEX `credit_notes_invoice_idx` ON `credit_notes` (`invoice_id`);--> statement-breakpoint
CREATE INDEX `credit_notes_customer_idx` ON `credit_notes` (`customer_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `dunning_steps` (
	`id` text PRIMARY KEY NOT NULL,
	`invoice_id` text NOT NULL,
	`step` text NOT NULL,
	`email_id` text,
	`created_at` integer DEFAULT (cast(unixepoch('subsecond') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`invoice_id`) REFERENCES `invoices`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `dunning_steps_invoice_step_uq` ON `dunning_steps` (`invoice_id`,`step`);--> statement-breakpoint
CREATE TABLE `gateway_events` (
	`id` text PRIMARY KEY NOT NULL,
	`gateway` text NOT NULL,
	`event_id` text NOT NULL,
	`type` text NOT NULL,
	`payload` text NOT NULL,
	`status` text DEFAULT 'received' NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`error` text,
	`invoice_id` text,
	`payment_id` text,
	`received_at` integer DEFAULT (cast(unixepoch('subsecond') * 1000 as integer)) NOT NULL,
	`processed_at` integer
);
--> statement-breakpoint
CREATE UNIQUE INDEX `gateway_events_gateway_event_uq` ON `gateway_events` (`gateway`,`event_id`);--> statement-breakpoint
CREATE INDEX `gateway_events_status_idx` ON `gateway_events` (`status`,`received_at`);--> statement-breakpoint
CREATE INDEX `gateway_events_type_idx` ON `gateway_events` (`gateway`,`type`,`received_at`);--> statement-breakpoint
CREATE TABLE `gateway_settings` (
	`gateway` text PRIMARY KEY NOT NULL,
	`enabled` integer DEFAULT false NOT NULL,
	`test_mode` integer DEFAULT true NOT NULL,
	`display_name` text NOT NULL,
	`public_config` text DEFAULT '{}' NOT NULL,
	`secrets_encrypted` text,
	`sort_order` integer DEFAULT 0 NOT NULL,
	`updated_by` text,
	`created_at` integer DEFAULT (cast(unixepoch('subsecond') * 1000 as integer)) NOT NULL,
	`updated_at` integer DEFAULT (cast(unixepoch('subsecond') * 1000 as integer)) NOT NULL
);
--> statement-breakpoint
CREATE TABLE `invoice_items` (
	`id` text PRIMARY KEY NOT NULL,
	`invoice_id` text NOT NULL,
	`kind` text DEFAULT 'service' NOT NULL,
	`service_id` text,
	`product_id` text,
	`price_id` text,
	`description` text NOT NULL,
	`quantity` integer DEFAULT 1 NOT NULL,
	`unit_amount` integer NOT NULL,
	`discount` integer DEFAULT 0 NOT NULL,
	`amount` integer NOT NULL,
	`tax_rate_id` text,
	`tax_name` text,
	`tax_rate_bps` integer DEFAULT 0 NOT NULL,
	`tax_amount` integer DEFAULT 0 NOT NULL,
	`total` integer NOT NULL,
	`period_start` integer,
	`period_end` integer,
	`sort_order` integer DEFAULT 0 NOT NULL,
	FOREIGN KEY (`invoice_id`) REFERENCES `invoices`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`service_id`) REFERENCES `services`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `invoice_items_invoice_idx` ON `invoice_items` (`invoice_id`,`sort_order`);--> statement-breakpoint
CREATE INDEX `invoice_items_service_idx` ON `invoice_items` (`service_id`,`period_start`);--> statement-breakpoint
CREATE TABLE `invoice_number_sequences` (
	`series` text NOT NULL,
	`year` integer NOT NULL,
	`last_number` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`series`, `year`)
);
--> statement-breakpoint
CREATE TABLE `invoices` (
	`id` text PRIMARY KEY NOT NULL,
	`number` text,
	`customer_id` text NOT NULL,
	`organization_id` text,
	`order_id` text,
	`kind` text DEFAULT 'order' NOT NULL,
	`status` text DEFAULT 'draft' NOT NULL,
	`currency` text(3) NOT NULL,
	`subtotal` integer DEFAULT 0 NOT NULL,
	`discount` integer DEFAULT 0 NOT NULL,
	`tax` integer DEFAULT 0 NOT NULL,
	`total` integer DEFAULT 0 NOT NULL,
	`amount_paid` integer DEFAULT 0 NOT NULL,
	`amount_refunded` integer DEFAULT 0 NOT NULL,
	`tax_inclusive` integer DEFAULT false NOT NULL,
	`reverse_charge` integer DEFAULT false NOT NULL,
	`billing_details` text,
	`coupon_id` text,
	`notes` text,
	`idempotency_key` text,
	`issued_at` integer,
	`due_at` integer,
	`paid_at` integer,
	`cancelled_at` integer,
	`created_at` integer DEFAULT (cast(unixepoch('subsecond') * 1000 as integer)) NOT NULL,
	`updated_at` integer DEFAULT (cast(unixepoch('subsecond') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`order_id`) REFERENCES `orders`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `invoices_number_uq` ON `invoices` (`number`);--> statement-breakpoint
CREATE UNIQUE INDEX `invoices_idempotency_uq` ON `invoices` (`idempotency_key`);--> statement-breakpoint
CREATE INDEX `invoices_customer_idx` ON `invoices` (`customer_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `invoices_status_due_idx` ON `invoices` (`status`,`due_at`);--> statement-breakpoint
CREATE INDEX `invoices_order_idx` ON `invoices` (`order_id`);--> statement-breakpoint
CREATE INDEX `invoices_created_idx` ON `invoices` (`created_at`);--> statement-breakpoint
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
CREATE TABLE `licenses` (
	`id` text PRIMARY KEY NOT NULL,
	`key_hash` text NOT NULL,
	`key_encrypted` text NOT NULL,
	`key_prefix` text NOT NULL,
	`customer_id` text NOT NULL,
	`product_id` text NOT NULL,
	`service_id` text,
	`status` text DEFAULT 'active' NOT NULL,
	`max_activations` integer DEFAULT 1 NOT NULL,
	`activation_count` integer DEFAULT 0 NOT NULL,
	`bound_domain` text,
	`bound_ip` text,
	`expires_at` integer,
	`last_checked_at` integer,
	`created_at` integer DEFAULT (cast(unixepoch('subsecond') * 1000 as integer)) NOT NULL,
	`updated_at` integer DEFAULT (cast(unixepoch('subsecond') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`product_id`) REFERENCES `products`(`id`) ON UPDATE no action ON DELETE restrict,
	FOREIGN KEY (`service_id`) REFERENCES `services`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `licenses_key_hash_uq` ON `licenses` (`key_hash`);--> statement-breakpoint
CREATE INDEX `licenses_customer_idx` ON `licenses` (`customer_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `licenses_service_idx` ON `licenses` (`service_id`);--> statement-breakpoint
CREATE INDEX `licenses_status_idx` ON `licenses` (`status`);--> statement-breakpoint
CREATE TABLE `order_items` (
	`id` text PRIMARY KEY NOT NULL,
	`order_id` text NOT NULL,
	`product_id` text NOT NULL,
	`price_id` text,
	`cycle` text NOT NULL,
	`description` text NOT NULL,
	`quantity` integer DEFAULT 1 NOT NULL,
	`unit_amount` integer NOT NULL,
	`setup_fee` integer DEFAULT 0 NOT NULL,
	`discount` integer DEFAULT 0 NOT NULL,
	`tax` integer DEFAULT 0 NOT NULL,
	`total` integer NOT NULL,
	`config` text DEFAULT '{}' NOT NULL,
	`service_id` text,
	`created_at` integer DEFAULT (cast(unixepoch('subsecond') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`order_id`) REFERENCES `orders`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`product_id`) REFERENCES `products`(`id`) ON UPDATE no action ON DELETE restrict,
	FOREIGN KEY (`price_id`) REFERENCES `prices`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `order_items_order_idx` ON `order_items` (`order_id`);--> statement-breakpoint
CREATE INDEX `order_items_service_idx` ON `order_items` (`service_id`);--> statement-breakpoint
CREATE TABLE `orders` (
	`id` text PRIMARY KEY NOT NULL,
	`customer_id` text NOT NULL,
	`organization_id` text,
	`status` text DEFAULT 'pending' NOT NULL,
	`currency` text(3) NOT NULL,
	`subtotal` integer DEFAULT 0 NOT NULL,
	`discount` integer DEFAULT 0 NOT NULL,
	`tax` integer DEFAULT 0 NOT NULL,
	`total` integer DEFAULT 0 NOT NULL,
	`coupon_id` text,
	`invoice_id` text,
	`idempotency_key` text,
	`ip` text,
	`user_agent` text,
	`notes` text,
	`created_at` integer DEFAULT (cast(unixepoch('subsecond') * 1000 as integer)) NOT NULL,
	`updated_at` integer DEFAULT (cast(unixepoch('subsecond') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`coupon_id`) REFERENCES `coupons`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `orders_idempotency_uq` ON `orders` (`idempotency_key`);--> statement-breakpoint
CREATE INDEX `orders_customer_idx` ON `orders` (`customer_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `orders_status_idx` ON `orders` (`status`,`created_at`);--> statement-breakpoint
CREATE TABLE `payment_failures` (
	`id` text PRIMARY KEY NOT NULL,
	`customer_id` text NOT NULL,
	`invoice_id` text,
	`service_id` text,
	`payment_method_id` text,
	`gateway` text NOT NULL,
	`gateway_ref` text,
	`amount` integer NOT NULL,
	`currency` text(3) NOT NULL,
	`code` text,
	`message` text,
	`attempt` integer DEFAULT 1 NOT NULL,
	`next_retry_at` integer,
	`resolved_at` integer,
	`created_at` integer DEFAULT (cast(unixepoch('subsecond') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`invoice_id`) REFERENCES `invoices`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `payment_failures_customer_idx` ON `payment_failures` (`customer_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `payment_failures_invoice_idx` ON `payment_failures` (`invoice_id`);--> statement-breakpoint
CREATE INDEX `payment_failures_retry_idx` ON `payment_failures` (`resolved_at`,`next_retry_at`);--> statement-breakpoint
CREATE TABLE `payment_methods` (
	`id` text PRIMARY KEY NOT NULL,
	`customer_id` text NOT NULL,
	`gateway` text NOT NULL,
	`gateway_customer_ref` text,
	`gateway_method_ref` text NOT NULL,
	`type` text NOT NULL,
	`brand` text,
	`last4` text(4),
	`exp_month` integer,
	`exp_year` integer,
	`is_default` integer DEFAULT false NOT NULL,
	`status` text DEFAULT 'active' NOT NULL,
	`created_at` integer DEFAULT (cast(unixepoch('subsecond') * 1000 as integer)) NOT NULL,
	`updated_at` integer DEFAULT (cast(unixepoch('subsecond') * 1000 as integer)) NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `payment_methods_gateway_ref_uq` ON `payment_methods` (`gateway`,`gateway_method_ref`);--> statement-breakpoint
CREATE INDEX `payment_methods_customer_idx` ON `payment_methods` (`customer_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `payments` (
	`id` text PRIMARY KEY NOT NULL,
	`customer_id` text NOT NULL,
	`invoice_id` text,
	`gateway` text NOT NULL,
	`gateway_ref` text,
	`amount` integer NOT NULL,
	`currency` text(3) NOT NULL,
	`fee` integer,
	`amount_refunded` integer DEFAULT 0 NOT NULL,
	`status` text DEFAULT 'pending' NOT NULL,
	`failure_code` text,
	`failure_message` text,
	`payment_method_id` text,
	`recorded_by` text,
	`details` text,
	`paid_at` integer,
	`created_at` integer DEFAULT (cast(unixepoch('subsecond') * 1000 as integer)) NOT NULL,
	`updated_at` integer DEFAULT (cast(unixepoch('subsecond') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`invoice_id`) REFERENCES `invoices`(`id`) ON UPDATE no action ON DELETE restrict
);
--> statement-breakpoint
CREATE UNIQUE INDEX `payments_gateway_ref_uq` ON `payments` (`gateway`,`gateway_ref`);--> statement-breakpoint
CREATE INDEX `payments_customer_idx` ON `payments` (`customer_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `payments_invoice_idx` ON `payments` (`invoice_id`);--> statement-breakpoint
CREATE INDEX `payments_status_idx` ON `payments` (`status`,`created_at`);--> statement-breakpoint
CREATE TABLE `prices` (
	`id` text PRIMARY KEY NOT NULL,
	`product_id` text NOT NULL,
	`cycle` text NOT NULL,
	`currency` text(3) NOT NULL,
	`amount` integer NOT NULL,
	`setup_fee` integer DEFAULT 0 NOT NULL,
	`active` integer DEFAULT true NOT NULL,
	`created_at` integer DEFAULT (cast(unixepoch('subsecond') * 1000 as integer)) NOT NULL,
	`updated_at` integer DEFAULT (cast(unixepoch('subsecond') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`product_id`) REFERENCES `products`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `prices_product_cycle_currency_uq` ON `prices` (`product_id`,`cycle`,`currency`);--> statement-breakpoint
CREATE TABLE `products` (
	`id` text PRIMARY KEY NOT NULL,
	`slug` text NOT NULL,
	`type` text NOT NULL,
	`name` text NOT NULL,
	`tagline` text,
	`description` text,
	`features` text DEFAULT '[]' NOT NULL,
	`module` text DEFAULT 'none' NOT NULL,
	`module_config` text DEFAULT '{}' NOT NULL,
	`trial_days` integer DEFAULT 0 NOT NULL,
	`visible` integer DEFAULT true NOT NULL,
	`featured` integer DEFAULT false NOT NULL,
	`sort_order` integer DEFAULT 0 NOT NULL,
	`created_at` integer DEFAULT (cast(unixepoch('subsecond') * 1000 as integer)) NOT NULL,
	`updated_at` integer DEFAULT (cast(unixepoch('subsecond') * 1000 as integer)) NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `products_slug_uq` ON `products` (`slug`);--> statement-breakpoint
CREATE INDEX `products_type_idx` ON `products` (`type`,`visible`,`sort_order`);--> statement-breakpoint
CREATE TABLE `provisioning_runs` (
	`id` text PRIMARY KEY NOT NULL,
	`service_id` text NOT NULL,
	`action` text NOT NULL,
	`module` text NOT NULL,
	`status` text DEFAULT 'queued' NOT NULL,
	`attempt` integer DEFAULT 1 NOT NULL,
	`idempotency_key` text,
	`job_id` text,
	`triggered_by` text,
	`error` text,
	`started_at` integer,
	`finished_at` integer,
	`created_at` integer DEFAULT (cast(unixepoch('subsecond') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`service_id`) REFERENCES `services`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `provisioning_runs_idempotency_uq` ON `provisioning_runs` (`idempotency_key`);--> statement-breakpoint
CREATE INDEX `provisioning_runs_service_idx` ON `provisioning_runs` (`service_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `provisioning_runs_status_idx` ON `provisioning_runs` (`status`,`created_at`);--> statement-breakpoint
CREATE TABLE `provisioning_steps` (
	`id` text PRIMARY KEY NOT NULL,
	`run_id` text NOT NULL,
	`seq` integer NOT NULL,
	`name` text NOT NULL,
	`status` text DEFAULT 'pending' NOT NULL,
	`log` text,
	`data` text,
	`started_at` integer,
	`finished_at` integer,
	FOREIGN KEY (`run_id`) REFERENCES `provisioning_runs`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `provisioning_steps_run_seq_uq` ON `provisioning_steps` (`run_id`,`seq`);--> statement-breakpoint
CREATE TABLE `reconciliation_flags` (
	`id` text PRIMARY KEY NOT NULL,
	`gateway` text NOT NULL,
	`gateway_ref` text NOT NULL,
	`kind` text NOT NULL,
	`payment_id` text,
	`invoice_id` text,
	`amount` integer,
	`gateway_amount` integer,
	`currency` text(3),
	`details` text,
	`status` text DEFAULT 'open' NOT NULL,
	`resolved_by` text,
	`resolved_at` integer,
	`note` text,
	`created_at` integer DEFAULT (cast(unixepoch('subsecond') * 1000 as integer)) NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `reconciliation_flags_uq` ON `reconciliation_flags` (`gateway`,`gateway_ref`,`kind`);--> statement-breakpoint
CREATE INDEX `reconciliation_flags_status_idx` ON `reconciliation_flags` (`status`,`created_at`);--> statement-breakpoint
CREATE TABLE `refunds` (
	`id` text PRIMARY KEY NOT NULL,
	`payment_id` text NOT NULL,
	`invoice_id` text,
	`customer_id` text NOT NULL,
	`method` text NOT NULL,
	`gateway` text NOT NULL,
	`gateway_ref` text,
	`amount` integer NOT NULL,
	`currency` text(3) NOT NULL,
	`status` text DEFAULT 'pending' NOT NULL,
	`reason` text,
	`credit_note_id` text,
	`created_by` text,
	`idempotency_key` text,
	`created_at` integer DEFAULT (cast(unixepoch('subsecond') * 1000 as integer)) NOT NULL,
	`updated_at` integer DEFAULT (cast(unixepoch('subsecond') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`payment_id`) REFERENCES `payments`(`id`) ON UPDATE no action ON DELETE restrict
);
--> statement-breakpoint
CREATE UNIQUE INDEX `refunds_gateway_ref_uq` ON `refunds` (`gateway`,`gateway_ref`);--> statement-breakpoint
CREATE UNIQUE INDEX `refunds_idempotency_uq` ON `refunds` (`idempotency_key`);--> statement-breakpoint
CREATE INDEX `refunds_payment_idx` ON `refunds` (`payment_id`);--> statement-breakpoint
CREATE INDEX `refunds_customer_idx` ON `refunds` (`customer_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `service_changes` (
	`id` text PRIMARY KEY NOT NULL,
	`service_id` text NOT NULL,
	`from_price_id` text,
	`to_price_id` text NOT NULL,
	`kind` text NOT NULL,
	`proration_amount` integer NOT NULL,
	`currency` text(3) NOT NULL,
	`status` text DEFAULT 'pending' NOT NULL,
	`invoice_id` text,
	`requested_by` text,
	`applied_at` integer,
	`cancelled_at` integer,
	`created_at` integer DEFAULT (cast(unixepoch('subsecond') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`service_id`) REFERENCES `services`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`to_price_id`) REFERENCES `prices`(`id`) ON UPDATE no action ON DELETE restrict
);
--> statement-breakpoint
CREATE INDEX `service_changes_service_idx` ON `service_changes` (`service_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `services` (
	`id` text PRIMARY KEY NOT NULL,
	`customer_id` text NOT NULL,
	`organization_id` text,
	`order_id` text,
	`product_id` text NOT NULL,
	`price_id` text,
	`cycle` text NOT NULL,
	`currency` text(3) NOT NULL,
	`amount` integer NOT NULL,
	`status` text DEFAULT 'pending' NOT NULL,
	`provisioning_status` text DEFAULT 'pending' NOT NULL,
	`label` text,
	`config` text DEFAULT '{}' NOT NULL,
	`next_due_at` integer,
	`current_period_start` integer,
	`current_period_end` integer,
	`trial_ends_at` integer,
	`cancel_at_period_end` integer DEFAULT false NOT NULL,
	`cancellation_reason` text,
	`cancelled_at` integer,
	`suspended_at` integer,
	`suspension_reason` text,
	`terminated_at` integer,
	`payment_method_id` text,
	`gateway` text,
	`gateway_subscription_ref` text,
	`created_at` integer DEFAULT (cast(unixepoch('subsecond') * 1000 as integer)) NOT NULL,
	`updated_at` integer DEFAULT (cast(unixepoch('subsecond') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`order_id`) REFERENCES `orders`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`product_id`) REFERENCES `products`(`id`) ON UPDATE no action ON DELETE restrict,
	FOREIGN KEY (`price_id`) REFERENCES `prices`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `services_customer_idx` ON `services` (`customer_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `services_status_due_idx` ON `services` (`status`,`next_due_at`);--> statement-breakpoint
CREATE INDEX `services_product_idx` ON `services` (`product_id`,`status`);--> statement-breakpoint
CREATE INDEX `services_order_idx` ON `services` (`order_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `services_gateway_subscription_uq` ON `services` (`gateway`,`gateway_subscription_ref`);--> statement-breakpoint
CREATE TABLE `tax_rates` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`country` text(2) NOT NULL,
	`state` text DEFAULT '' NOT NULL,
	`rate_bps` integer NOT NULL,
	`inclusive` integer DEFAULT false NOT NULL,
	`active` integer DEFAULT true NOT NULL,
	`created_at` integer DEFAULT (cast(unixepoch('subsecond') * 1000 as integer)) NOT NULL,
	`updated_at` integer DEFAULT (cast(unixepoch('subsecond') * 1000 as integer)) NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `tax_rates_country_state_uq` ON `tax_rates` (`country`,`state`);--> statement-breakpoint
CREATE INDEX `tax_rates_active_idx` ON `tax_rates` (`active`);