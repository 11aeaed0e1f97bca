import "server-only";
import { db, provider } from "@/server/db/client";

/** At most this many words of a search are used. */
const MAX_SEARCH_WORDS = 8;

/**
 * The words of a search as the full-text index sees them: runs of letters, digits and combining
 * marks, a ligature as its letters (NFKC: "ﬁ" is "fi") and a soft hyphen (U+00AD) as nothing, as
 * the index reads the readings (the migration 20261207230100_readings_search_compatibility_forms).
 * Everything else a person may type — quotes, `-`, `*`, `OR`'s parentheses, `:` — only separates
 * words, so no input is a syntax error in either database's query language.
 */
export function searchWords(search: string | undefined): string[] {
  const words = (search ?? "").normalize("NFKC").replaceAll("\u00ad", "");
  return (words.match(/[\p{L}\p{N}\p{M}]+/gu) ?? []).slice(0, MAX_SEARCH_WORDS);
}

/**
 * The readings whose title, author(s) or latest text hold every word of the search, each as a
 * word or the start of one ("annot" finds "annotation"), best first: SQLite's FTS5 with bm25 (title
 * weighs 10, author 5, text 1), PostgreSQL's full-text search with ts_rank (title A, author B,
 * text D). The index is the DocumentSearch table the migration 20261130_readings_fulltext made and
 * its triggers keep current, each text with soft hyphens dropped and ligatures spelled out. This says nothing about who may read them: the caller filters by
 * server/authz (listDocuments), so ids of readings the viewer may not read never leave the server.
 */
export async function searchReadingIds(words: readonly string[]): Promise<string[]> {
  if (words.length === 0) return [];
  if (provider === "postgresql") {
    // Words hold letters and digits only, so `word:*` joined by `&` is always a valid tsquery.
    const query = words.map((word) => `${word}:*`).join(" & ");
    const rows = await db.$queryRaw<{ id: string }[]>`
      SELECT "documentId" AS id FROM "DocumentSearch", to_tsquery('simple', ${query}) AS query
      WHERE "document" @@ query
      ORDER BY ts_rank("document", query) DESC, "documentId"`;
    return rows.map((row) => row.id);
  }
  // Each word quoted (a phrase of one word) and a prefix: FTS5 reads nothing in it as an operator.
  const query = words.map((word) => `"${word}"*`).join(" ");
  const rows = await db.$queryRaw<{ id: string }[]>`
    SELECT "documentId" AS id FROM "DocumentSearch"
    WHERE "DocumentSearch" MATCH ${query}
    ORDER BY bm25("DocumentSearch", 0.0, 10.0, 5.0, 1.0), "documentId"`;
  return rows.map((row) => row.id);
}
