-- Report rollups without hot rows (issue 19). The triggers of 0004 added each change into one row
-- per created day and group (ON CONFLICT DO UPDATE): every action on a ticket of the same day and
-- group updated the same row, and two such serializable transactions that overlap cannot both
-- commit (40001, "could not serialize access due to concurrent update"): one in ten actions of the
-- 50-agent bench was rerun, after waiting for the other's commit. A change is now appended as rows
-- of its own (slot: from a sequence, which never conflicts) and the readers, which already sum by
-- group, add them in; report_rollups_compact() folds appended rows into each key's slot-0 row
-- (ticketty automate runs it, and report sla --recompute rebuilds everything into slot 0).
CREATE SEQUENCE report_rollup_slots;--> statement-breakpoint
ALTER TABLE report_days ADD COLUMN slot bigint NOT NULL DEFAULT 0;--> statement-breakpoint
ALTER TABLE report_days DROP CONSTRAINT report_days_pkey;--> statement-breakpoint
ALTER TABLE report_days ADD PRIMARY KEY (dim, grp, day, slot);--> statement-breakpoint
CREATE INDEX report_days_appended ON report_days (slot) WHERE slot <> 0;--> statement-breakpoint
ALTER TABLE report_minutes ADD COLUMN slot bigint NOT NULL DEFAULT 0;--> statement-breakpoint
ALTER TABLE report_minutes DROP CONSTRAINT report_minutes_pkey;--> statement-breakpoint
ALTER TABLE report_minutes ADD PRIMARY KEY (dim, clock, day, grp, minutes, slot);--> statement-breakpoint
CREATE INDEX report_minutes_appended ON report_minutes (slot) WHERE slot <> 0;--> statement-breakpoint
ALTER TABLE report_backlog ADD COLUMN slot bigint NOT NULL DEFAULT 0;--> statement-breakpoint
ALTER TABLE report_backlog DROP CONSTRAINT report_backlog_pkey;--> statement-breakpoint
ALTER TABLE report_backlog ADD PRIMARY KEY (day, status, level, assignee, slot);--> statement-breakpoint
CREATE INDEX report_backlog_appended ON report_backlog (slot) WHERE slot <> 0;--> statement-breakpoint
CREATE OR REPLACE FUNCTION report_rollups_ticket(t tickets, s integer, clocks boolean, backlog boolean) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  d integer := t.created_at / 86400000;
  appended bigint := nextval('report_rollup_slots');
BEGIN
  IF clocks THEN
    INSERT INTO report_days (slot, dim, grp, day, tickets, p_stopped, p_with_target, p_met, p_breached, p_within_hour, r_stopped, r_with_target, r_met, r_breached, r_within_hour)
      SELECT appended, k.dim, k.grp, d, s, s * (t.pickup_minutes IS NOT NULL)::int, s * (t.pickup_minutes IS NOT NULL AND t.pickup_due_at IS NOT NULL)::int,
        s * (t.pickup_minutes IS NOT NULL AND t.pickup_due_at IS NOT NULL AND t.pickup_breached IS FALSE)::int,
        s * (t.pickup_minutes IS NOT NULL AND t.pickup_due_at IS NOT NULL AND t.pickup_breached IS TRUE)::int, s * coalesce(t.pickup_minutes <= 60, false)::int,
        s * (t.resolution_minutes IS NOT NULL)::int, s * (t.resolution_minutes IS NOT NULL AND t.resolution_due_at IS NOT NULL)::int,
        s * (t.resolution_minutes IS NOT NULL AND t.resolution_due_at IS NOT NULL AND t.resolution_breached IS FALSE)::int,
        s * (t.resolution_minutes IS NOT NULL AND t.resolution_due_at IS NOT NULL AND t.resolution_breached IS TRUE)::int, s * coalesce(t.resolution_minutes <= 60, false)::int
      FROM (VALUES ('all', 'all'), ('priority', t.priority), ('level', t.level::text), ('agent', coalesce(t.assignee_id, 0)::text), ('org', coalesce(t.org_id, 0)::text), ('type', t.type)) k(dim, grp);
    INSERT INTO report_minutes (slot, dim, clock, day, grp, minutes, n)
      SELECT appended, k.dim, c.clock, dd.day, k.grp, c.minutes, s
      FROM (VALUES ('all', 'all'), ('priority', t.priority), ('level', t.level::text), ('agent', coalesce(t.assignee_id, 0)::text), ('org', coalesce(t.org_id, 0)::text), ('type', t.type)) k(dim, grp),
        (VALUES (d), (-1)) dd(day), (VALUES ('p', t.pickup_minutes), ('r', t.resolution_minutes)) c(clock, minutes)
      WHERE c.minutes IS NOT NULL;
  END IF;
  IF backlog AND t.status <> 'closed' THEN
    INSERT INTO report_backlog (slot, day, status, level, assignee, n) VALUES (appended, d, t.status, t.level, coalesce(t.assignee_id, 0), s);
  END IF;
END $$;--> statement-breakpoint
CREATE OR REPLACE FUNCTION report_rollups_level(l ticket_levels, s integer) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  d integer;
  appended bigint := nextval('report_rollup_slots');
BEGIN
  IF l.picked_up_at IS NULL THEN RETURN; END IF;
  SELECT t.created_at / 86400000 INTO d FROM tickets t WHERE t.id = l.ticket_id;
  IF NOT FOUND THEN RETURN; END IF;
  INSERT INTO report_days (slot, dim, grp, day, tickets, p_stopped, p_with_target, p_met, p_breached, p_within_hour, r_stopped, r_with_target, r_met, r_breached, r_within_hour)
    VALUES (appended, 'level_pickup', l.level::text, d, 0, s, s * (l.pickup_due_at IS NOT NULL)::int, s * coalesce(l.pickup_due_at IS NOT NULL AND NOT (l.picked_up_at > l.pickup_due_at), false)::int,
      s * coalesce(l.pickup_due_at IS NOT NULL AND l.picked_up_at > l.pickup_due_at, false)::int, s * coalesce(l.pickup_minutes <= 60, false)::int, 0, 0, 0, 0, 0);
  IF l.pickup_minutes IS NOT NULL THEN
    INSERT INTO report_minutes (slot, dim, clock, day, grp, minutes, n)
      SELECT appended, 'level_pickup', 'p', dd.day, l.level::text, l.pickup_minutes, s FROM (VALUES (d), (-1)) dd(day);
  END IF;
END $$;--> statement-breakpoint
CREATE FUNCTION report_rollups_compact() RETURNS integer LANGUAGE plpgsql AS $$
DECLARE
  folded integer := 0;
  keys integer;
BEGIN
  WITH moved AS (DELETE FROM report_days WHERE slot <> 0 RETURNING *)
  INSERT INTO report_days AS r (dim, grp, day, slot, tickets, p_stopped, p_with_target, p_met, p_breached, p_within_hour, r_stopped, r_with_target, r_met, r_breached, r_within_hour)
    SELECT dim, grp, day, 0, sum(tickets), sum(p_stopped), sum(p_with_target), sum(p_met), sum(p_breached), sum(p_within_hour), sum(r_stopped), sum(r_with_target), sum(r_met), sum(r_breached), sum(r_within_hour) FROM moved GROUP BY dim, grp, day
    ON CONFLICT (dim, grp, day, slot) DO UPDATE SET tickets = r.tickets + excluded.tickets, p_stopped = r.p_stopped + excluded.p_stopped, p_with_target = r.p_with_target + excluded.p_with_target, p_met = r.p_met + excluded.p_met, p_breached = r.p_breached + excluded.p_breached, p_within_hour = r.p_within_hour + excluded.p_within_hour, r_stopped = r.r_stopped + excluded.r_stopped, r_with_target = r.r_with_target + excluded.r_with_target, r_met = r.r_met + excluded.r_met, r_breached = r.r_breached + excluded.r_breached, r_within_hour = r.r_within_hour + excluded.r_within_hour;
  GET DIAGNOSTICS keys = ROW_COUNT;
  folded := folded + keys;
  WITH moved AS (DELETE FROM report_minutes WHERE slot <> 0 RETURNING *)
  INSERT INTO report_minutes AS r (dim, clock, day, grp, minutes, slot, n)
    SELECT dim, clock, day, grp, minutes, 0, sum(n) FROM moved GROUP BY dim, clock, day, grp, minutes
    ON CONFLICT (dim, clock, day, grp, minutes, slot) DO UPDATE SET n = r.n + excluded.n;
  GET DIAGNOSTICS keys = ROW_COUNT;
  folded := folded + keys;
  WITH moved AS (DELETE FROM report_backlog WHERE slot <> 0 RETURNING *)
  INSERT INTO report_backlog AS r (day, status, level, assignee, slot, n)
    SELECT day, status, level, assignee, 0, sum(n) FROM moved GROUP BY day, status, level, assignee
    ON CONFLICT (day, status, level, assignee, slot) DO UPDATE SET n = r.n + excluded.n;
  GET DIAGNOSTICS keys = ROW_COUNT;
  folded := folded + keys;
  RETURN folded;
END $$;
