-- The library's search (server/documents/search-readings.ts) reads a ligature as its letters and a
-- soft hyphen as nothing, as a search of notes does (lib/text/search-fold.ts): the 'simple' parser
-- took "inter" + U+00AD + "national" for two words and "ﬁnancial" (U+FB01) for a word of its own, so
-- "international" and "financial" found neither. The index is given each text with U+00AD dropped and
-- the Latin ligatures U+FB00–FB06 spelled out (what NFKC makes of them, as it does of the search's
-- words; the same characters as on SQLite, which has no normalize()); the reading's own text keeps
-- them, as annotations count their places in it.
CREATE FUNCTION "DocumentSearch_words"(words TEXT) RETURNS TEXT LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
  SELECT replace(replace(replace(replace(replace(replace(replace(replace(words, chr(173), ''), chr(64256), 'ff'), chr(64257), 'fi'), chr(64258), 'fl'), chr(64259), 'ffi'), chr(64260), 'ffl'), chr(64261), 'st'), chr(64262), 'st')
$$;

CREATE OR REPLACE FUNCTION "DocumentSearch_refresh"(target TEXT) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  heading tsvector;
  body tsvector;
BEGIN
  SELECT setweight(to_tsvector('simple', "DocumentSearch_words"(d."title")), 'A')
      || setweight(to_tsvector('simple', "DocumentSearch_words"(coalesce(d."author", ''))), 'B')
    INTO heading FROM "Document" d WHERE d."id" = target;
  IF heading IS NULL THEN
    RETURN;
  END IF;
  BEGIN
    SELECT strip(to_tsvector('simple', "DocumentSearch_words"(v."text"))) INTO body
      FROM "DocumentVersion" v WHERE v."documentId" = target ORDER BY v."number" DESC LIMIT 1;
  EXCEPTION WHEN program_limit_exceeded THEN
    body := NULL;
  END;
  INSERT INTO "DocumentSearch" ("documentId", "document") VALUES (target, heading || coalesce(body, ''::tsvector))
  ON CONFLICT ("documentId") DO UPDATE SET "document" = EXCLUDED."document";
END;
$$;

-- The readings indexed already with one of those characters (in any version: a superset of the
-- latest), indexed again.
SELECT "DocumentSearch_refresh"(d."id") FROM "Document" d
WHERE concat_ws(' ', d."title", d."author") ~ ('[' || chr(173) || chr(64256) || '-' || chr(64262) || ']')
   OR EXISTS (
     SELECT 1 FROM "DocumentVersion" v
     WHERE v."documentId" = d."id" AND v."text" ~ ('[' || chr(173) || chr(64256) || '-' || chr(64262) || ']')
   );
