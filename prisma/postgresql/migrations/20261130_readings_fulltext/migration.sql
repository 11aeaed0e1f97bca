-- Full-text search over the library (server/documents/search-readings.ts): one tsvector per
-- document, over its title (weight A), its author(s) (B) and its latest version's text, with a GIN
-- index. Raw SQL, outside the Prisma models (scripts/db/provider-schemas.ts knows these objects):
-- triggers keep it in step with every write, whichever code makes it (the app, the seed, an import).
-- The 'simple' configuration neither stems nor drops stop words: readings come in every language.
-- The text's lexemes are stripped of positions, which keeps a whole book far below tsvector's 1 MB
-- limit (should one still not fit, the reading stays findable by its title and author).
CREATE TABLE "DocumentSearch" (
  "documentId" TEXT NOT NULL PRIMARY KEY REFERENCES "Document" ("id") ON DELETE CASCADE,
  "document" tsvector NOT NULL
);

CREATE INDEX "DocumentSearch_document_idx" ON "DocumentSearch" USING GIN ("document");

CREATE FUNCTION "DocumentSearch_refresh"(target TEXT) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  heading tsvector;
  body tsvector;
BEGIN
  SELECT setweight(to_tsvector('simple', d."title"), 'A') || setweight(to_tsvector('simple', coalesce(d."author", '')), 'B')
    INTO heading FROM "Document" d WHERE d."id" = target;
  IF heading IS NULL THEN
    RETURN;
  END IF;
  BEGIN
    SELECT strip(to_tsvector('simple', v."text")) INTO body
      FROM "DocumentVersion" v WHERE v."documentId" = target ORDER BY v."number" DESC LIMIT 1;
  EXCEPTION WHEN program_limit_exceeded THEN
    body := NULL;
  END;
  INSERT INTO "DocumentSearch" ("documentId", "document") VALUES (target, heading || coalesce(body, ''::tsvector))
  ON CONFLICT ("documentId") DO UPDATE SET "document" = EXCLUDED."document";
END;
$$;

CREATE FUNCTION "DocumentSearch_document_changed"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM "DocumentSearch_refresh"(NEW."id");
  RETURN NULL;
END;
$$;

CREATE FUNCTION "DocumentSearch_version_added"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM "DocumentSearch_refresh"(NEW."documentId");
  RETURN NULL;
END;
$$;

CREATE TRIGGER "DocumentSearch_document_changed" AFTER INSERT OR UPDATE OF "title", "author" ON "Document"
  FOR EACH ROW EXECUTE FUNCTION "DocumentSearch_document_changed"();

-- Versions are added, not changed; one rewritten by hand is indexed again all the same.
CREATE TRIGGER "DocumentSearch_version_added" AFTER INSERT OR UPDATE OF "text" ON "DocumentVersion"
  FOR EACH ROW EXECUTE FUNCTION "DocumentSearch_version_added"();

-- The documents that exist already, with their latest versions.
SELECT "DocumentSearch_refresh"(d."id") FROM "Document" d;
