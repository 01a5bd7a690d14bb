CREATE TABLE `org_domains` (
	`domain` text PRIMARY KEY NOT NULL,
	`org_id` integer NOT NULL,
	FOREIGN KEY (`org_id`) REFERENCES `organizations`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `organizations` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`sla_plan` text DEFAULT 'standard' NOT NULL,
	`calendar` text DEFAULT 'default' NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `organizations_name_unique` ON `organizations` (`name`);--> statement-breakpoint
CREATE TABLE `users` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`handle` text NOT NULL,
	`name` text NOT NULL,
	`email` text,
	`role` text NOT NULL,
	`tier` integer,
	`org_id` integer,
	`away` integer DEFAULT false NOT NULL,
	`notify_all` integer DEFAULT false NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`org_id`) REFERENCES `organizations`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `users_handle_unique` ON `users` (`handle`);--> statement-breakpoint
CREATE UNIQUE INDEX `users_email_unique` ON `users` (`email`);--> statement-breakpoint
CREATE INDEX `users_org_role` ON `users` (`org_id`,`role`);--> statement-breakpoint
CREATE INDEX `users_role_tier` ON `users` (`role`,`tier`);--> statement-breakpoint
CREATE TABLE `attachments` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`comment_id` integer NOT NULL,
	`filename` text NOT NULL,
	`content_type` text NOT NULL,
	`size` integer NOT NULL,
	`data` blob NOT NULL,
	FOREIGN KEY (`comment_id`) REFERENCES `comments`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `attachments_comment` ON `attachments` (`comment_id`);--> statement-breakpoint
CREATE TABLE `comments` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`ticket_id` integer NOT NULL,
	`author_id` integer NOT NULL,
	`body` text NOT NULL,
	`internal` integer DEFAULT false NOT NULL,
	`channel` text NOT NULL,
	`created_at` integer NOT NULL,
	`message_id` text,
	FOREIGN KEY (`ticket_id`) REFERENCES `tickets`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`author_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `comments_ticket` ON `comments` (`ticket_id`,`id`);--> statement-breakpoint
CREATE TABLE `events` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`ticket_id` integer NOT NULL,
	`actor_id` integer,
	`at` integer NOT NULL,
	`action` text NOT NULL,
	`before` text,
	`after` text,
	`text` text,
	`comment_id` integer,
	`batch_id` text,
	`version` integer NOT NULL,
	FOREIGN KEY (`ticket_id`) REFERENCES `tickets`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`actor_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`comment_id`) REFERENCES `comments`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `events_ticket` ON `events` (`ticket_id`,`id`);--> statement-breakpoint
CREATE INDEX `events_batch` ON `events` (`batch_id`,`ticket_id`);--> statement-breakpoint
CREATE INDEX `events_at` ON `events` (`at`);--> statement-breakpoint
CREATE TABLE `outbox` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`ticket_id` integer NOT NULL,
	`event_id` integer NOT NULL,
	`recipient_id` integer NOT NULL,
	`kind` text NOT NULL,
	`state` text DEFAULT 'queued' NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`next_attempt_at` integer NOT NULL,
	`last_error` text,
	`created_at` integer NOT NULL,
	`sent_at` integer,
	`message_id` text,
	FOREIGN KEY (`ticket_id`) REFERENCES `tickets`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`event_id`) REFERENCES `events`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`recipient_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `outbox_due` ON `outbox` (`state`,`next_attempt_at`);--> statement-breakpoint
CREATE INDEX `outbox_ticket` ON `outbox` (`ticket_id`);--> statement-breakpoint
CREATE INDEX `outbox_message_id` ON `outbox` (`message_id`);--> statement-breakpoint
CREATE TABLE `ticket_levels` (
	`ticket_id` integer NOT NULL,
	`level` integer NOT NULL,
	`entered_at` integer NOT NULL,
	`pickup_due_at` integer,
	`picked_up_at` integer,
	`picked_up_by` integer,
	`pickup_minutes` integer,
	`last_assignee_id` integer,
	PRIMARY KEY(`ticket_id`, `level`),
	FOREIGN KEY (`ticket_id`) REFERENCES `tickets`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`picked_up_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`last_assignee_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `ticket_tags` (
	`ticket_id` integer NOT NULL,
	`tag` text NOT NULL,
	PRIMARY KEY(`ticket_id`, `tag`),
	FOREIGN KEY (`ticket_id`) REFERENCES `tickets`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `ticket_tags_tag` ON `ticket_tags` (`tag`,`ticket_id`);--> statement-breakpoint
CREATE TABLE `tickets` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`subject` text NOT NULL,
	`description` text NOT NULL,
	`requester_id` integer NOT NULL,
	`org_id` integer,
	`type` text NOT NULL,
	`priority` text NOT NULL,
	`status` text NOT NULL,
	`level` integer NOT NULL,
	`assignee_id` integer,
	`channel` text NOT NULL,
	`waiting_on` text,
	`resolution` text,
	`closing_reason` text,
	`follow_up_of` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`status_since` integer NOT NULL,
	`solved_at` integer,
	`closed_at` integer,
	`version` integer DEFAULT 1 NOT NULL,
	`pickup_due_at` integer,
	`first_pickup_at` integer,
	`pickup_minutes` integer,
	`pickup_breached` integer,
	`resolution_start_at` integer,
	`resolution_due_at` integer,
	`resolution_paused_minutes` integer DEFAULT 0 NOT NULL,
	`paused_since` integer,
	`resolution_minutes` integer,
	`resolution_breached` integer,
	`sla_due_at` integer DEFAULT 8640000000000000 NOT NULL,
	FOREIGN KEY (`requester_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`org_id`) REFERENCES `organizations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`assignee_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`follow_up_of`) REFERENCES `tickets`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `tickets_status_level_sla` ON `tickets` (`status`,`level`,`sla_due_at`,`id`);--> statement-breakpoint
CREATE INDEX `tickets_status_updated` ON `tickets` (`status`,`updated_at`,`id`);--> statement-breakpoint
CREATE INDEX `tickets_assignee_status` ON `tickets` (`assignee_id`,`status`,`updated_at`);--> statement-breakpoint
CREATE INDEX `tickets_requester` ON `tickets` (`requester_id`,`updated_at`);--> statement-breakpoint
CREATE INDEX `tickets_org` ON `tickets` (`org_id`,`updated_at`);--> statement-breakpoint
CREATE INDEX `tickets_sla_due` ON `tickets` (`sla_due_at`,`id`);--> statement-breakpoint
CREATE INDEX `tickets_priority` ON `tickets` (`priority`,`id`);--> statement-breakpoint
CREATE INDEX `tickets_updated` ON `tickets` (`updated_at`,`id`);--> statement-breakpoint
CREATE INDEX `tickets_created` ON `tickets` (`created_at`,`id`);--> statement-breakpoint
CREATE INDEX `tickets_follow_up` ON `tickets` (`follow_up_of`);--> statement-breakpoint
CREATE TABLE `watchers` (
	`ticket_id` integer NOT NULL,
	`user_id` integer NOT NULL,
	PRIMARY KEY(`ticket_id`, `user_id`),
	FOREIGN KEY (`ticket_id`) REFERENCES `tickets`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `automation_firings` (
	`ticket_id` integer NOT NULL,
	`step` text NOT NULL,
	`status_since` integer NOT NULL,
	`fired_at` integer NOT NULL,
	PRIMARY KEY(`ticket_id`, `step`, `status_since`),
	FOREIGN KEY (`ticket_id`) REFERENCES `tickets`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `batches` (
	`id` text PRIMARY KEY NOT NULL,
	`command` text NOT NULL,
	`actor_id` integer NOT NULL,
	`filter` text NOT NULL,
	`params` text NOT NULL,
	`total` integer NOT NULL,
	`done` integer DEFAULT 0 NOT NULL,
	`created_at` integer NOT NULL,
	`finished_at` integer
);
--> statement-breakpoint
CREATE TABLE `calendars` (
	`name` text PRIMARY KEY NOT NULL,
	`definition` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `config` (
	`key` text PRIMARY KEY NOT NULL,
	`value` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `macros` (
	`name` text PRIMARY KEY NOT NULL,
	`definition` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `mail_messages` (
	`message_id` text PRIMARY KEY NOT NULL,
	`ticket_id` integer,
	`received_at` integer NOT NULL,
	`outcome` text NOT NULL,
	`reason` text,
	FOREIGN KEY (`ticket_id`) REFERENCES `tickets`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `mail_messages_ticket` ON `mail_messages` (`ticket_id`);--> statement-breakpoint
CREATE TABLE `sla_plans` (
	`name` text PRIMARY KEY NOT NULL,
	`definition` text NOT NULL
);
