-- The SQLite store's sla=breached narrowing indexes (drizzle/0013_sla_seeks.sql), named alike.
CREATE INDEX "tickets_sla_flagged" ON "tickets" USING btree ("status","id") WHERE pickup_breached or resolution_breached;--> statement-breakpoint
CREATE INDEX "tickets_sla_risk" ON "tickets" USING btree ("sla_risk_at","id") WHERE sla_risk_at < 8640000000000000;