-- The text index with prefix indexes for two- and three-letter prefixes, so that a search whose
-- last word is being typed (`"cannot log"*`, `pr*`) reads one list instead of every word that
-- starts so (store/sqlite/repos/textProbe.ts): on the 1M demo `"cannot log"*` 44 -> 11 ms. The
-- index grows from 131 to 356 MB there (the database: 2.6 GB), and a document's write costs about
-- twice as much (tens of microseconds). The triggers of 0006 name the table and stay; the
-- vocabulary view is made again on it. The documents are written by this migration's step in code,
-- in chunks that report progress (src/store/sqlite/migrationSteps.ts): about 50 s on the 1M demo.
DROP TABLE `ticket_search_vocab`;--> statement-breakpoint
DROP TABLE `ticket_search`;--> statement-breakpoint
CREATE VIRTUAL TABLE `ticket_search` USING fts5(body, content='', contentless_delete=1, prefix='2 3', tokenize='unicode61 remove_diacritics 2');--> statement-breakpoint
CREATE VIRTUAL TABLE `ticket_search_vocab` USING fts5vocab(`ticket_search`, 'row');
