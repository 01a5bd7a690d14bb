-- The text index with prefix indexes for two- and three-letter prefixes, so that a search whose
-- last word is being typed (`"cannot log"*`, `pr*`) reads one list instead of every word that
-- starts so (store/sqlite/repos/textProbe.ts): on the 1M demo `"cannot log"*` 44 -> 11 ms. The
-- index grows from 131 to 356 MB there (the database: 2.6 GB), and a document's write costs about
-- twice as much (tens of microseconds). The same documents as migration 0006, rebuilt: 54 s on
-- the 1M demo. The triggers of 0006 name the table and stay; the vocabulary view is rebuilt on it.
DROP TABLE `ticket_search_vocab`;--> statement-breakpoint
DROP TABLE `ticket_search`;--> statement-breakpoint
CREATE VIRTUAL TABLE `ticket_search` USING fts5(body, content='', contentless_delete=1, prefix='2 3', tokenize='unicode61 remove_diacritics 2');--> statement-breakpoint
CREATE VIRTUAL TABLE `ticket_search_vocab` USING fts5vocab(`ticket_search`, 'row');--> statement-breakpoint
INSERT INTO `ticket_search` (rowid, body) SELECT t.id, t.subject || char(10) || t.description || coalesce(char(10) || (SELECT group_concat(body, char(10)) FROM comments c WHERE c.ticket_id = t.id AND c.internal = 0), '') FROM `tickets` t;--> statement-breakpoint
INSERT INTO `ticket_search` (rowid, body) SELECT -ticket_id, group_concat(body, char(10)) FROM `comments` WHERE internal = 1 GROUP BY ticket_id;
