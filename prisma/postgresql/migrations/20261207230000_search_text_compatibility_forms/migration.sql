-- A search now reads compatibility forms as the letters they stand for ("ﬁ" is "fi", NFKD) and a
-- soft hyphen (U+00AD) as nothing (lib/text/search-fold.ts): a note's searchText written before may
-- still hold them. Only a text with a character beyond ASCII can fold otherwise now; those go back
-- to null, and `npm start` folds them again (scripts/db/backfill-search-text.ts).
UPDATE "Annotation" SET "searchText" = NULL WHERE octet_length("searchText") <> char_length("searchText");
