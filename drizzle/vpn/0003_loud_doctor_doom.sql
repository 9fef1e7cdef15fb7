ALTER TABLE `agent_sync_state` ADD `last_rejected_at` integer;--> statement-breakpoint
ALTER TABLE `agent_sync_state` ADD `rejected_count` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `servers` ADD `agent_token_retired_hash` text;--> statement-breakpoint
CREATE INDEX `servers_agent_token_retired_idx` ON `servers` (`agent_token_retired_hash`);