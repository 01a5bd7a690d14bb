ALTER TABLE `mail_messages` ADD `subject` text;--> statement-breakpoint
ALTER TABLE `mail_messages` ADD `sender` text;--> statement-breakpoint
ALTER TABLE `mail_messages` ADD `raw` blob;--> statement-breakpoint
CREATE INDEX `mail_messages_outcome` ON `mail_messages` (`outcome`,`received_at`);