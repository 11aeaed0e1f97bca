-- The library's search (server/documents/search-readings.ts) reads a ligature as its letters and a
-- soft hyphen as nothing, as a search of notes does (lib/text/search-fold.ts): FTS5's unicode61 took
-- "inter" + U+00AD + "national" for two words and "ﬁnancial" (U+FB01) for a word of its own, so
-- "international" and "financial" found neither. The index is given each text with U+00AD dropped and
-- the Latin ligatures U+FB00–FB06 spelled out (what NFKC makes of them, as it does of the search's
-- words); the reading's own text keeps them, as annotations count their places in it.
DROP TRIGGER "DocumentSearch_document_insert";
DROP TRIGGER "DocumentSearch_document_update";
DROP TRIGGER "DocumentSearch_version_insert";
DROP TRIGGER "DocumentSearch_version_update";

CREATE TRIGGER "DocumentSearch_document_insert" AFTER INSERT ON "Document" BEGIN
  INSERT INTO "DocumentSearch" ("documentId", "title", "author", "body")
  VALUES (NEW."id", replace(replace(replace(replace(replace(replace(replace(replace(NEW."title", char(173), ''), char(64256), 'ff'), char(64257), 'fi'), char(64258), 'fl'), char(64259), 'ffi'), char(64260), 'ffl'), char(64261), 'st'), char(64262), 'st'), replace(replace(replace(replace(replace(replace(replace(replace(coalesce(NEW."author", ''), char(173), ''), char(64256), 'ff'), char(64257), 'fi'), char(64258), 'fl'), char(64259), 'ffi'), char(64260), 'ffl'), char(64261), 'st'), char(64262), 'st'), '');
END;

CREATE TRIGGER "DocumentSearch_document_update" AFTER UPDATE OF "title", "author" ON "Document" BEGIN
  UPDATE "DocumentSearch" SET
    "title" = replace(replace(replace(replace(replace(replace(replace(replace(NEW."title", char(173), ''), char(64256), 'ff'), char(64257), 'fi'), char(64258), 'fl'), char(64259), 'ffi'), char(64260), 'ffl'), char(64261), 'st'), char(64262), 'st'),
    "author" = replace(replace(replace(replace(replace(replace(replace(replace(coalesce(NEW."author", ''), char(173), ''), char(64256), 'ff'), char(64257), 'fi'), char(64258), 'fl'), char(64259), 'ffi'), char(64260), 'ffl'), char(64261), 'st'), char(64262), 'st')
  WHERE "documentId" = NEW."id";
END;

-- A version added (or, by hand, rewritten) is indexed when it is the latest: no higher number exists.
CREATE TRIGGER "DocumentSearch_version_insert" AFTER INSERT ON "DocumentVersion"
WHEN NOT EXISTS (SELECT 1 FROM "DocumentVersion" WHERE "documentId" = NEW."documentId" AND "number" > NEW."number")
BEGIN
  UPDATE "DocumentSearch" SET "body" = replace(replace(replace(replace(replace(replace(replace(replace(NEW."text", char(173), ''), char(64256), 'ff'), char(64257), 'fi'), char(64258), 'fl'), char(64259), 'ffi'), char(64260), 'ffl'), char(64261), 'st'), char(64262), 'st') WHERE "documentId" = NEW."documentId";
END;

CREATE TRIGGER "DocumentSearch_version_update" AFTER UPDATE OF "text" ON "DocumentVersion"
WHEN NOT EXISTS (SELECT 1 FROM "DocumentVersion" WHERE "documentId" = NEW."documentId" AND "number" > NEW."number")
BEGIN
  UPDATE "DocumentSearch" SET "body" = replace(replace(replace(replace(replace(replace(replace(replace(NEW."text", char(173), ''), char(64256), 'ff'), char(64257), 'fi'), char(64258), 'fl'), char(64259), 'ffi'), char(64260), 'ffl'), char(64261), 'st'), char(64262), 'st') WHERE "documentId" = NEW."documentId";
END;

-- The readings indexed already with one of those characters, indexed again.
UPDATE "DocumentSearch" SET
  "title" = replace(replace(replace(replace(replace(replace(replace(replace("title", char(173), ''), char(64256), 'ff'), char(64257), 'fi'), char(64258), 'fl'), char(64259), 'ffi'), char(64260), 'ffl'), char(64261), 'st'), char(64262), 'st'),
  "author" = replace(replace(replace(replace(replace(replace(replace(replace("author", char(173), ''), char(64256), 'ff'), char(64257), 'fi'), char(64258), 'fl'), char(64259), 'ffi'), char(64260), 'ffl'), char(64261), 'st'), char(64262), 'st'),
  "body" = replace(replace(replace(replace(replace(replace(replace(replace("body", char(173), ''), char(64256), 'ff'), char(64257), 'fi'), char(64258), 'fl'), char(64259), 'ffi'), char(64260), 'ffl'), char(64261), 'st'), char(64262), 'st')
WHERE "title" || ' ' || "author" || ' ' || "body" GLOB '*[' || char(173, 64256, 64257, 64258, 64259, 64260, 64261, 64262) || ']*';
