-- Tags are compared exactly from now on (filters lower-case their values), so that `tag=` and
-- `tag in (…)` are seeks on `ticket_tags_tag` instead of `collate nocase` tests. The write path
-- has lower-cased tags since the first release; imports kept them as written. ASCII only, as
-- SQLite's lower() (and the NOCASE comparison this replaces) is.
INSERT OR IGNORE INTO `ticket_tags` (`ticket_id`, `tag`) SELECT `ticket_id`, lower(`tag`) FROM `ticket_tags` WHERE `tag` <> lower(`tag`);--> statement-breakpoint
DELETE FROM `ticket_tags` WHERE `tag` <> lower(`tag`);
