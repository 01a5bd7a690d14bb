-- Each word's document count in the text index, read to choose a search's plan
-- (store/sqlite/repos/textProbe.ts): a virtual view of ticket_search, it stores nothing.
CREATE VIRTUAL TABLE `ticket_search_vocab` USING fts5vocab(`ticket_search`, 'row');
