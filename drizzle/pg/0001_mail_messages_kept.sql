ALTER TABLE "mail_messages" ADD COLUMN "subject" text;--> statement-breakpoint
ALTER TABLE "mail_messages" ADD COLUMN "sender" text;--> statement-breakpoint
ALTER TABLE "mail_messages" ADD COLUMN "raw" "bytea";--> statement-breakpoint
CREATE INDEX "mail_messages_outcome" ON "mail_messages" USING btree ("outcome","received_at");