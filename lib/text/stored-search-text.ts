import { searchableText, searchFold } from "./search-fold";

/**
 * Annotation.searchText and the pattern a search matches it with. The database compares them with
 * LIKE (Prisma's `contains`), which reads `%` and `_` as wildcards, and on PostgreSQL `\` as an
 * escape, and Prisma passes them through: "100%" found every note with "100" in it, "_" every note,
 * and a lone "\" was an error on PostgreSQL. Neither database lets Prisma name another escape
 * character, so both sides spell the three characters as code points of Unicode's private use
 * area instead, which LIKE compares as letters. What those code points were in the text itself is
 * dropped first, on both sides, so nothing else can match them.
 */
const AS_LETTERS: Record<string, string> = { "%": "\uE000", _: "\uE001", "\\": "\uE002" };

function likeLiteral(folded: string): string {
  return folded.replace(/[\uE000-\uE002]/g, "").replace(/[%_\\]/g, (character) => AS_LETTERS[character]);
}

/**
 * What is stored for a note: its quote, body and tags as a search reads them (searchableText), the
 * tags in code-unit order, so the same note gives the same text whichever order its tags are read in.
 */
export function storedSearchText(quote: string | null | undefined, body: string, tags: readonly string[]): string {
  return likeLiteral(searchableText(quote, body, [...tags].sort()));
}

/** What a query looks for in storedSearchText, with `contains`. */
export function searchTextPattern(query: string): string {
  return likeLiteral(searchFold(query));
}
