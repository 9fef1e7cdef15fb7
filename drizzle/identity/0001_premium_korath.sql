CREATE INDEX `api_tokens_created_idx` ON `api_tokens` (`created_at`);--> statement-breakpoint
CREATE INDEX `blocked_ips_created_idx` ON `blocked_ips` (`created_at`);--> statement-breakpoint
CREATE INDEX `organizations_created_idx` ON `organizations` (`created_at`);--> statement-breakpoint
CREATE INDEX `users_role_status_created_idx` ON `users` (`role`,`status`,`created_at`);--> statement-breakpoint
CREATE INDEX `users_role_email_idx` ON `users` (`role`,`email`);--> statement-breakpoint
CREATE INDEX `users_role_last_sign_in_idx` ON `users` (`role`,`last_sign_in_at`);