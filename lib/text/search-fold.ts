/**
 * Text as a search compares it, the query and the notes alike: without case, accents or Unicode
 * form, so "resume" finds "résumé", and "café" typed composed (U+00E9) or decomposed ("e" +
 * U+0301, as macOS tools often write it) finds both spellings, as the library's search on SQLite
 * does (FTS5 `unicode61`, diacritics removed).
 *
 * Compatibility forms are the letters they stand for (NFKD): a ligature as its letters, so
 * "financial" finds "ﬁnancial" and "ﬂow" is "flow" (PDFs and typeset web pages carry U+FB00–FB06),
 * a full-width or superscript letter as the letter; lower-cased after, as "™" is "tm". Soft hyphens
 * (U+00AD, in text copied from web pages and PDFs: "inter\u00ADnational") are dropped.
 *
 * Only the combining diacritics of Latin, Greek and Cyrillic letters (and their extensions) go:
 * the marks of scripts that write vowels with them (Devanagari, Arabic, Hebrew) stay, where they
 * are letters rather than accents. Composed again at the end, so a Hangul syllable is one
 * character again and "가" does not find half of "각".
 *
 * Search compares folded texts and shows no place inside them: nothing maps a folded offset back.
 */
const ACCENTS_AND_SOFT_HYPHENS = /[\xad\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]/g;

export function searchFold(text: string): string {
  return text.normalize("NFKD").replace(ACCENTS_AND_SOFT_HYPHENS, "").normalize("NFC").toLowerCase();
}

/**
 * A note's words as every search reads them, folded: its quote, body and tags on lines of their
 * own. The reading page and My notes match queries against it in the browser; the server stores it
 * (Annotation.searchText) for the list API's `q` and the readings too large to search in the page.
 */
export function searchableText(quote: string | null | undefined, body: string, tags: readonly string[]): string {
  return searchFold([quote ?? "", body, ...tags].join("\n"));
}
