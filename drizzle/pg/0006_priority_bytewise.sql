DROP INDEX "tickets_status_priority";--> statement-breakpoint
DROP INDEX "tickets_priority";--> statement-breakpoint
CREATE INDEX "tickets_status_priority" ON "tickets" USING btree ("status","priority" collate "C","id");--> statement-breakpoint
CREATE INDEX "tickets_priority" ON "tickets" USING btree ("priority" collate "C","id");