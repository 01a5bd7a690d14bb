DROP INDEX `outbox_message_id`;--> statement-breakpoint
CREATE INDEX `outbox_message_id` ON `outbox` (`message_id`) WHERE "outbox"."message_id" is not null;--> statement-breakpoint
DROP INDEX `tickets_requester`;--> statement-breakpoint
DROP INDEX `tickets_org`;--> statement-breakpoint
CREATE INDEX `tickets_requester` ON `tickets` (`requester_id`,`id`);--> statement-breakpoint
CREATE INDEX `tickets_org` ON `tickets` (`org_id`,`id`);--> statement-breakpoint
-- Statistics for the new indexes beside their rivals (as in 0003): about a second a million tickets.
ANALYZE `tickets`;
