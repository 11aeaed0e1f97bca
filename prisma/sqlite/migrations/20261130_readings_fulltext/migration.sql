-- Full-text search over the library (server/documents/search-readings.ts): one FTS5 row per
-- document, holding its title, its author(s) and its latest version's text. Raw SQL, outside the
-- Prisma models (scripts/db/provider-schemas.ts knows these objects): triggers keep it in step with
-- every write, whichever code makes it (the app, the seed, an import), so nothing has to remember to.
-- Rows are found by documentId, not by the Document table's rowid, which VACUUM may renumber.
CREATE VIRTUAL TABLE "DocumentSearch" USING fts5(
  "documentId" UNINDEXED,
  "title",
  "author",
  "body",
  tokenize = 'unicode61 remove_diacritics 2'
);

CREATE TRIGGER "DocumentSearch_document_insert" AFTER INSERT ON "Document" BEGIN
  INSERT INTO "DocumentSearch" ("documentId", "title", "author", "body") VALUES (NEW."id", NEW."title", coalesce(NEW."author", ''), '');
END;

CREATE TRIGGER "DocumentSearch_document_update" AFTER UPDATE OF "title", "author" ON "Document" BEGIN
  UPDATE "DocumentSearch" SET "title" = NEW."title", "author" = coalesce(NEW."author", '') WHERE "documentId" = NEW."id";
END;

CREATE TRIGGER "DocumentSearch_document_delete" AFTER DELETE ON "Document" BEGIN
  DELETE FROM "DocumentSearch" WHERE "documentId" = OLD."id";
END;

-- A version added (or, by hand, rewritten) is indexed when it is the latest: no higher number exists.
CREATE TRIGGER "DocumentSearch_version_insert" AFTER INSERT ON "DocumentVersion"
WHEN NOT EXISTS (SELECT 1 FROM "DocumentVersion" WHERE "documentId" = NEW."documentId" AND "number" > NEW."number")
BEGIN
  UPDATE "DocumentSearch" SET "body" = NEW."text" WHERE "documentId" = NEW."documentId";
END;

CREATE TRIGGER "DocumentSearch_version_update" AFTER UPDATE OF "text" ON "DocumentVersion"
WHEN NOT EXISTS (SELECT 1 FROM "DocumentVersion" WHERE "documentId" = NEW."documentId" AND "number" > NEW."number")
BEGIN
  UPDATE "DocumentSearch" SET "body" = NEW."text" WHERE "documentId" = NEW."documentId";
END;

-- The documents that exist already, with their latest versions.
INSERT INTO "DocumentSearch" ("documentId", "title", "author", "body")
SELECT d."id", d."title", coalesce(d."author", ''), coalesce((
  SELECT v."text" FROM "DocumentVersion" v WHERE v."documentId" = d."id" ORDER BY v."number" DESC LIMIT 1
), '')
FROM "Document" d;
