ALTER TABLE `blog_post_revisions` ADD `seo` text;--> statement-breakpoint
ALTER TABLE `blog_posts` ADD `canonical_url` text;--> statement-breakpoint
ALTER TABLE `media` ADD `variants` text DEFAULT '[]' NOT NULL;--> statement-breakpoint
ALTER TABLE `pages` ADD `canonical_url` text;