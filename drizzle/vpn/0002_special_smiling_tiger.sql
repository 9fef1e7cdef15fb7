CREATE INDEX `devices_created_idx` ON `devices` (`created_at`);--> statement-breakpoint
CREATE INDEX `devices_status_created_idx` ON `devices` (`status`,`created_at`);--> statement-breakpoint
CREATE INDEX `devices_handshake_idx` ON `devices` (`last_handshake_at`);