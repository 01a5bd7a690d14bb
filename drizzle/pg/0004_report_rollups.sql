-- Report rollups (store/postgres/repos/slaRollups.ts), PostgreSQL's twin of SQLite's migrations
-- 0010 and 0011: per created day and per report dimension (all, priority, level, agent = assignee
-- id or 0, org = organization id or 0, type, level_pickup = each level's own pickup clock) the
-- ticket count and the stopped-clock counts of report sla; per dimension the histogram of stopped
-- clocks' minutes per created day and over the whole history (day -1); per created day the
-- unclosed tickets by status, level and assignee (report backlog). grp is text here (SQLite's is
-- untyped): the reader turns levels and ids back into numbers. Triggers keep the rollups in the
-- transaction of every change; report_rollups_recompute() builds them from the tickets, here and
-- for `report sla --recompute` and `ticketty copy`. A bulk load (copy) sets ticketty.rollups to
-- 'off' for its transaction and recomputes at its end instead of firing a trigger per row.
CREATE TABLE report_days (dim text NOT NULL, grp text NOT NULL, day integer NOT NULL, tickets integer NOT NULL, p_stopped integer NOT NULL, p_with_target integer NOT NULL, p_met integer NOT NULL, p_breached integer NOT NULL, p_within_hour integer NOT NULL, r_stopped integer NOT NULL, r_with_target integer NOT NULL, r_met integer NOT NULL, r_breached integer NOT NULL, r_within_hour integer NOT NULL, PRIMARY KEY (dim, grp, day));--> statement-breakpoint
CREATE TABLE report_minutes (dim text NOT NULL, clock text NOT NULL, day integer NOT NULL, grp text NOT NULL, minutes integer NOT NULL, n integer NOT NULL, PRIMARY KEY (dim, clock, day, grp, minutes));--> statement-breakpoint
CREATE TABLE report_backlog (day integer NOT NULL, status text NOT NULL, level integer NOT NULL, assignee integer NOT NULL, n integer NOT NULL, PRIMARY KEY (day, status, level, assignee));--> statement-breakpoint
CREATE FUNCTION report_rollups_ticket(t tickets, s integer, clocks boolean, backlog boolean) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  d integer := t.created_at / 86400000;
BEGIN
  IF clocks THEN
    INSERT INTO report_days AS r (dim, grp, day, tickets, p_stopped, p_with_target, p_met, p_breached, p_within_hour, r_stopped, r_with_target, r_met, r_breached, r_within_hour)
      SELECT k.dim, k.grp, d, s, s * (t.pickup_minutes IS NOT NULL)::int, s * (t.pickup_minutes IS NOT NULL AND t.pickup_due_at IS NOT NULL)::int,
        s * (t.pickup_minutes IS NOT NULL AND t.pickup_due_at IS NOT NULL AND t.pickup_breached IS FALSE)::int,
        s * (t.pickup_minutes IS NOT NULL AND t.pickup_due_at IS NOT NULL AND t.pickup_breached IS TRUE)::int, s * coalesce(t.pickup_minutes <= 60, false)::int,
        s * (t.resolution_minutes IS NOT NULL)::int, s * (t.resolution_minutes IS NOT NULL AND t.resolution_due_at IS NOT NULL)::int,
        s * (t.resolution_minutes IS NOT NULL AND t.resolution_due_at IS NOT NULL AND t.resolution_breached IS FALSE)::int,
        s * (t.resolution_minutes IS NOT NULL AND t.resolution_due_at IS NOT NULL AND t.resolution_breached IS TRUE)::int, s * coalesce(t.resolution_minutes <= 60, false)::int
      FROM (VALUES ('all', 'all'), ('priority', t.priority), ('level', t.level::text), ('agent', coalesce(t.assignee_id, 0)::text), ('org', coalesce(t.org_id, 0)::text), ('type', t.type)) k(dim, grp)
      ON CONFLICT (dim, grp, day) DO UPDATE SET tickets = r.tickets + excluded.tickets, p_stopped = r.p_stopped + excluded.p_stopped, p_with_target = r.p_with_target + excluded.p_with_target, p_met = r.p_met + excluded.p_met, p_breached = r.p_breached + excluded.p_breached, p_within_hour = r.p_within_hour + excluded.p_within_hour, r_stopped = r.r_stopped + excluded.r_stopped, r_with_target = r.r_with_target + excluded.r_with_target, r_met = r.r_met + excluded.r_met, r_breached = r.r_breached + excluded.r_breached, r_within_hour = r.r_within_hour + excluded.r_within_hour;
    INSERT INTO report_minutes AS r (dim, clock, day, grp, minutes, n)
      SELECT k.dim, c.clock, dd.day, k.grp, c.minutes, s
      FROM (VALUES ('all', 'all'), ('priority', t.priority), ('level', t.level::text), ('agent', coalesce(t.assignee_id, 0)::text), ('org', coalesce(t.org_id, 0)::text), ('type', t.type)) k(dim, grp),
        (VALUES (d), (-1)) dd(day), (VALUES ('p', t.pickup_minutes), ('r', t.resolution_minutes)) c(clock, minutes)
      WHERE c.minutes IS NOT NULL
      ON CONFLICT (dim, clock, day, grp, minutes) DO UPDATE SET n = r.n + excluded.n;
  END IF;
  IF backlog AND t.status <> 'closed' THEN
    INSERT INTO report_backlog AS r (day, status, level, assignee, n) VALUES (d, t.status, t.level, coalesce(t.assignee_id, 0), s)
      ON CONFLICT (day, status, level, assignee) DO UPDATE SET n = r.n + excluded.n;
  END IF;
END $$;--> statement-breakpoint
CREATE FUNCTION report_rollups_level(l ticket_levels, s integer) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  d integer;
BEGIN
  IF l.picked_up_at IS NULL THEN RETURN; END IF;
  SELECT t.created_at / 86400000 INTO d FROM tickets t WHERE t.id = l.ticket_id;
  IF NOT FOUND THEN RETURN; END IF;
  INSERT INTO report_days AS r (dim, grp, day, tickets, p_stopped, p_with_target, p_met, p_breached, p_within_hour, r_stopped, r_with_target, r_met, r_breached, r_within_hour)
    VALUES ('level_pickup', l.level::text, d, 0, s, s * (l.pickup_due_at IS NOT NULL)::int, s * coalesce(l.pickup_due_at IS NOT NULL AND NOT (l.picked_up_at > l.pickup_due_at), false)::int,
      s * coalesce(l.pickup_due_at IS NOT NULL AND l.picked_up_at > l.pickup_due_at, false)::int, s * coalesce(l.pickup_minutes <= 60, false)::int, 0, 0, 0, 0, 0)
    ON CONFLICT (dim, grp, day) DO UPDATE SET p_stopped = r.p_stopped + excluded.p_stopped, p_with_target = r.p_with_target + excluded.p_with_target, p_met = r.p_met + excluded.p_met, p_breached = r.p_breached + excluded.p_breached, p_within_hour = r.p_within_hour + excluded.p_within_hour;
  IF l.pickup_minutes IS NOT NULL THEN
    INSERT INTO report_minutes AS r (dim, clock, day, grp, minutes, n)
      SELECT 'level_pickup', 'p', dd.day, l.level::text, l.pickup_minutes, s FROM (VALUES (d), (-1)) dd(day)
      ON CONFLICT (dim, clock, day, grp, minutes) DO UPDATE SET n = r.n + excluded.n;
  END IF;
END $$;--> statement-breakpoint
CREATE FUNCTION report_rollups_tickets_trigger() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  clocks boolean;
  backlog boolean;
BEGIN
  IF current_setting('ticketty.rollups', true) = 'off' THEN RETURN NULL; END IF;
  IF TG_OP = 'INSERT' THEN
    PERFORM report_rollups_ticket(NEW, 1, true, true);
  ELSIF TG_OP = 'DELETE' THEN
    PERFORM report_rollups_ticket(OLD, -1, true, true);
  ELSE
    clocks := (OLD.created_at, OLD.priority, OLD.level, OLD.assignee_id, OLD.org_id, OLD.type, OLD.pickup_minutes, OLD.pickup_due_at, OLD.pickup_breached, OLD.resolution_minutes, OLD.resolution_due_at, OLD.resolution_breached)
      IS DISTINCT FROM (NEW.created_at, NEW.priority, NEW.level, NEW.assignee_id, NEW.org_id, NEW.type, NEW.pickup_minutes, NEW.pickup_due_at, NEW.pickup_breached, NEW.resolution_minutes, NEW.resolution_due_at, NEW.resolution_breached);
    backlog := (OLD.created_at, OLD.status, OLD.level, OLD.assignee_id) IS DISTINCT FROM (NEW.created_at, NEW.status, NEW.level, NEW.assignee_id);
    IF clocks OR backlog THEN
      PERFORM report_rollups_ticket(OLD, -1, clocks, backlog);
      PERFORM report_rollups_ticket(NEW, 1, clocks, backlog);
    END IF;
  END IF;
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE FUNCTION report_rollups_levels_trigger() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF current_setting('ticketty.rollups', true) = 'off' THEN RETURN NULL; END IF;
  IF TG_OP IN ('UPDATE', 'DELETE') THEN PERFORM report_rollups_level(OLD, -1); END IF;
  IF TG_OP IN ('UPDATE', 'INSERT') THEN PERFORM report_rollups_level(NEW, 1); END IF;
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE TRIGGER report_rollups_tickets AFTER INSERT OR UPDATE OR DELETE ON tickets FOR EACH ROW EXECUTE FUNCTION report_rollups_tickets_trigger();--> statement-breakpoint
CREATE TRIGGER report_rollups_levels AFTER INSERT OR DELETE OR UPDATE OF ticket_id, level, pickup_due_at, picked_up_at, pickup_minutes ON ticket_levels FOR EACH ROW EXECUTE FUNCTION report_rollups_levels_trigger();--> statement-breakpoint
CREATE FUNCTION report_rollups_recompute() RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM report_days;
  DELETE FROM report_minutes;
  DELETE FROM report_backlog;
  INSERT INTO report_days (dim, grp, day, tickets, p_stopped, p_with_target, p_met, p_breached, p_within_hour, r_stopped, r_with_target, r_met, r_breached, r_within_hour)
    SELECT k.dim, k.grp, (t.created_at / 86400000)::int AS day, count(*), count(*) FILTER (WHERE t.pickup_minutes IS NOT NULL),
      count(*) FILTER (WHERE t.pickup_minutes IS NOT NULL AND t.pickup_due_at IS NOT NULL),
      count(*) FILTER (WHERE t.pickup_minutes IS NOT NULL AND t.pickup_due_at IS NOT NULL AND t.pickup_breached IS FALSE),
      count(*) FILTER (WHERE t.pickup_minutes IS NOT NULL AND t.pickup_due_at IS NOT NULL AND t.pickup_breached IS TRUE), count(*) FILTER (WHERE t.pickup_minutes <= 60),
      count(*) FILTER (WHERE t.resolution_minutes IS NOT NULL), count(*) FILTER (WHERE t.resolution_minutes IS NOT NULL AND t.resolution_due_at IS NOT NULL),
      count(*) FILTER (WHERE t.resolution_minutes IS NOT NULL AND t.resolution_due_at IS NOT NULL AND t.resolution_breached IS FALSE),
      count(*) FILTER (WHERE t.resolution_minutes IS NOT NULL AND t.resolution_due_at IS NOT NULL AND t.resolution_breached IS TRUE), count(*) FILTER (WHERE t.resolution_minutes <= 60)
    FROM tickets t CROSS JOIN LATERAL (VALUES ('all', 'all'), ('priority', t.priority), ('level', t.level::text), ('agent', coalesce(t.assignee_id, 0)::text), ('org', coalesce(t.org_id, 0)::text), ('type', t.type)) k(dim, grp)
    GROUP BY k.dim, k.grp, day;
  INSERT INTO report_minutes (dim, clock, day, grp, minutes, n)
    SELECT k.dim, c.clock, dd.day, k.grp, c.minutes, count(*)
    FROM tickets t CROSS JOIN LATERAL (VALUES ('all', 'all'), ('priority', t.priority), ('level', t.level::text), ('agent', coalesce(t.assignee_id, 0)::text), ('org', coalesce(t.org_id, 0)::text), ('type', t.type)) k(dim, grp)
      CROSS JOIN LATERAL (VALUES ((t.created_at / 86400000)::int), (-1)) dd(day)
      CROSS JOIN LATERAL (VALUES ('p', t.pickup_minutes), ('r', t.resolution_minutes)) c(clock, minutes)
    WHERE c.minutes IS NOT NULL GROUP BY k.dim, c.clock, dd.day, k.grp, c.minutes;
  INSERT INTO report_backlog (day, status, level, assignee, n)
    SELECT (t.created_at / 86400000)::int AS day, t.status, t.level, coalesce(t.assignee_id, 0) AS a, count(*) FROM tickets t WHERE t.status <> 'closed' GROUP BY day, t.status, t.level, a;
  INSERT INTO report_days (dim, grp, day, tickets, p_stopped, p_with_target, p_met, p_breached, p_within_hour, r_stopped, r_with_target, r_met, r_breached, r_within_hour)
    SELECT 'level_pickup', l.level::text, (t.created_at / 86400000)::int AS day, 0, count(*), count(*) FILTER (WHERE l.pickup_due_at IS NOT NULL),
      count(*) FILTER (WHERE l.pickup_due_at IS NOT NULL AND NOT (l.picked_up_at > l.pickup_due_at)), count(*) FILTER (WHERE l.pickup_due_at IS NOT NULL AND l.picked_up_at > l.pickup_due_at),
      count(*) FILTER (WHERE l.pickup_minutes <= 60), 0, 0, 0, 0, 0
    FROM ticket_levels l JOIN tickets t ON t.id = l.ticket_id WHERE l.picked_up_at IS NOT NULL GROUP BY l.level, day;
  INSERT INTO report_minutes (dim, clock, day, grp, minutes, n)
    SELECT 'level_pickup', 'p', dd.day, l.level::text, l.pickup_minutes, count(*)
    FROM ticket_levels l JOIN tickets t ON t.id = l.ticket_id CROSS JOIN LATERAL (VALUES ((t.created_at / 86400000)::int), (-1)) dd(day)
    WHERE l.picked_up_at IS NOT NULL AND l.pickup_minutes IS NOT NULL GROUP BY dd.day, l.level, l.pickup_minutes;
END $$;--> statement-breakpoint
SELECT report_rollups_recompute();
