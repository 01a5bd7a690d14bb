-- `sla=breached` / `at_risk` as a seek (store/sqlite/filterSeeks.ts narrowingOf): the tickets
-- flagged for a missed target, per status, and those whose clock runs, by risk moment. Both small.
CREATE INDEX `tickets_sla_flagged` ON `tickets` (`status`,`id`) WHERE pickup_breached = 1 or resolution_breached = 1;--> statement-breakpoint
CREATE INDEX `tickets_sla_risk` ON `tickets` (`sla_risk_at`,`id`) WHERE sla_risk_at < 8640000000000000;