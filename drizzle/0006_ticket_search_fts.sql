-- Full-text search for `text~` (store/sqlite/textSearch.ts): per ticket one document of what its
-- requester can read (subject, description and public comments, rowid = the ticket's id) and one
-- of its internal notes (rowid = minus the id), so a match is a ticket id with no lookup. Words
-- are folded by unicode61 (case and diacritics). Contentless: the text lives in tickets and
-- comments only. Triggers rebuild a ticket's documents in the transaction of every change to its
-- text (a ticket has few comments); the two INSERT … SELECT build the index for existing rows.
CREATE VIRTUAL TABLE `ticket_search` USING fts5(body, content='', contentless_delete=1, tokenize='unicode61 remove_diacritics 2');--> statement-breakpoint
CREATE TRIGGER `ticket_search_ticket_insert` AFTER INSERT ON `tickets` BEGIN
  INSERT INTO `ticket_search` (rowid, body) VALUES (new.id, new.subject || char(10) || new.description);
END;--> statement-breakpoint
CREATE TRIGGER `ticket_search_ticket_update` AFTER UPDATE OF subject, description ON `tickets` BEGIN
  DELETE FROM `ticket_search` WHERE rowid IN (new.id, -new.id);
  INSERT INTO `ticket_search` (rowid, body) SELECT new.id, doc FROM (SELECT (SELECT subject || char(10) || description FROM tickets WHERE id = new.id) || coalesce(char(10) || (SELECT group_concat(body, char(10)) FROM comments WHERE ticket_id = new.id AND internal = 0), '') AS doc) WHERE doc IS NOT NULL;
  INSERT INTO `ticket_search` (rowid, body) SELECT -new.id, doc FROM (SELECT (SELECT group_concat(body, char(10)) FROM comments WHERE ticket_id = new.id AND internal = 1) AS doc) WHERE doc IS NOT NULL;
END;--> statement-breakpoint
CREATE TRIGGER `ticket_search_ticket_delete` AFTER DELETE ON `tickets` BEGIN
  DELETE FROM `ticket_search` WHERE rowid IN (old.id, -old.id);
END;--> statement-breakpoint
CREATE TRIGGER `ticket_search_comment_insert` AFTER INSERT ON `comments` BEGIN
  DELETE FROM `ticket_search` WHERE rowid IN (new.ticket_id, -new.ticket_id);
  INSERT INTO `ticket_search` (rowid, body) SELECT new.ticket_id, doc FROM (SELECT (SELECT subject || char(10) || description FROM tickets WHERE id = new.ticket_id) || coalesce(char(10) || (SELECT group_concat(body, char(10)) FROM comments WHERE ticket_id = new.ticket_id AND internal = 0), '') AS doc) WHERE doc IS NOT NULL;
  INSERT INTO `ticket_search` (rowid, body) SELECT -new.ticket_id, doc FROM (SELECT (SELECT group_concat(body, char(10)) FROM comments WHERE ticket_id = new.ticket_id AND internal = 1) AS doc) WHERE doc IS NOT NULL;
END;--> statement-breakpoint
CREATE TRIGGER `ticket_search_comment_update` AFTER UPDATE OF body, internal, ticket_id ON `comments` BEGIN
  DELETE FROM `ticket_search` WHERE rowid IN (old.ticket_id, -old.ticket_id);
  INSERT INTO `ticket_search` (rowid, body) SELECT old.ticket_id, doc FROM (SELECT (SELECT subject || char(10) || description FROM tickets WHERE id = old.ticket_id) || coalesce(char(10) || (SELECT group_concat(body, char(10)) FROM comments WHERE ticket_id = old.ticket_id AND internal = 0), '') AS doc) WHERE doc IS NOT NULL;
  INSERT INTO `ticket_search` (rowid, body) SELECT -old.ticket_id, doc FROM (SELECT (SELECT group_concat(body, char(10)) FROM comments WHERE ticket_id = old.ticket_id AND internal = 1) AS doc) WHERE doc IS NOT NULL;
  DELETE FROM `ticket_search` WHERE rowid IN (new.ticket_id, -new.ticket_id);
  INSERT INTO `ticket_search` (rowid, body) SELECT new.ticket_id, doc FROM (SELECT (SELECT subject || char(10) || description FROM tickets WHERE id = new.ticket_id) || coalesce(char(10) || (SELECT group_concat(body, char(10)) FROM comments WHERE ticket_id = new.ticket_id AND internal = 0), '') AS doc) WHERE doc IS NOT NULL;
  INSERT INTO `ticket_search` (rowid, body) SELECT -new.ticket_id, doc FROM (SELECT (SELECT group_concat(body, char(10)) FROM comments WHERE ticket_id = new.ticket_id AND internal = 1) AS doc) WHERE doc IS NOT NULL;
END;--> statement-breakpoint
CREATE TRIGGER `ticket_search_comment_delete` AFTER DELETE ON `comments` BEGIN
  DELETE FROM `ticket_search` WHERE rowid IN (old.ticket_id, -old.ticket_id);
  INSERT INTO `ticket_search` (rowid, body) SELECT old.ticket_id, doc FROM (SELECT (SELECT subject || char(10) || description FROM tickets WHERE id = old.ticket_id) || coalesce(char(10) || (SELECT group_concat(body, char(10)) FROM comments WHERE ticket_id = old.ticket_id AND internal = 0), '') AS doc) WHERE doc IS NOT NULL;
  INSERT INTO `ticket_search` (rowid, body) SELECT -old.ticket_id, doc FROM (SELECT (SELECT group_concat(body, char(10)) FROM comments WHERE ticket_id = old.ticket_id AND internal = 1) AS doc) WHERE doc IS NOT NULL;
END;--> statement-breakpoint
INSERT INTO `ticket_search` (rowid, body) SELECT t.id, t.subject || char(10) || t.description || coalesce(char(10) || (SELECT group_concat(body, char(10)) FROM comments c WHERE c.ticket_id = t.id AND c.internal = 0), '') FROM `tickets` t;--> statement-breakpoint
INSERT INTO `ticket_search` (rowid, body) SELECT -ticket_id, group_concat(body, char(10)) FROM `comments` WHERE internal = 1 GROUP BY ticket_id;
