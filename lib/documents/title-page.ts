/** What a title page says besides a book's title, creators, publisher and date ("By …", "Translated by … and …"). */
const TITLE_PAGE_CONNECTIVES = new Set([
  "by",
  "and",
  "edited",
  "translated",
  "illustrated",
  "with",
  "an",
  "introduction",
  "foreword",
  "from",
  "the",
]);

/** A text's words, lower case, punctuation aside. */
function wordsOf(text: string): Set<string> {
  return new Set(text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []);
}

/**
 * Whether a text only repeats what a book's catalogue says of it (its title, creators, publisher,
 * date), as a title page does ("WALDEN" / "or, Life in the Woods" / "by Henry David Thoreau"):
 * an edition's page, not the book's words. `names`: what the catalogue says.
 */
export function repeatsOnly(names: readonly string[]): (text: string) => boolean {
  const named = wordsOf(names.join(" "));
  return (text) => [...wordsOf(text)].every((word) => named.has(word) || TITLE_PAGE_CONNECTIVES.has(word));
}
