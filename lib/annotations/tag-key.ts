/**
 * Tags compare without regard to case: "Walking" on one note and "walking" on another are one tag
 * to filter by and count, shown as one chip. A note keeps the spelling it was given (the schema
 * already folds one note's own "Evidence, evidence" into its first spelling).
 */
export function tagKey(tag: string): string {
  return tag.toLocaleLowerCase("en");
}

/**
 * A note's tags in the one order every view shows them: by key, so "keyboard" comes before
 * "Walking" as in My notes and the tag filter (by spelling, capitals sorted first), and compared
 * here, not by the database, whose collation differs between SQLite and PostgreSQL.
 */
export function sortTags(names: readonly string[]): string[] {
  const byCodeUnit = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  return [...names].sort((a, b) => byCodeUnit(tagKey(a), tagKey(b)) || byCodeUnit(a, b));
}

/** A tag as it is stored (AnnotationTag): its spelling, and its key beside it for filtering. */
export function tagRecord(name: string): { name: string; key: string } {
  return { name, key: tagKey(name) };
}

export function hasTag(tags: readonly string[], wanted: string): boolean {
  const key = tagKey(wanted);
  return tags.some((tag) => tagKey(tag) === key);
}

/** Each tag once whatever its case, with how many notes use it, in the spelling most of them use (the first seen on a tie). */
export function countTags(tagLists: Iterable<readonly string[]>): [tag: string, count: number][] {
  const byKey = new Map<string, { count: number; spellings: Map<string, number> }>();
  for (const tags of tagLists) {
    for (const tag of tags) {
      const key = tagKey(tag);
      const entry = byKey.get(key) ?? { count: 0, spellings: new Map<string, number>() };
      entry.count += 1;
      entry.spellings.set(tag, (entry.spellings.get(tag) ?? 0) + 1);
      byKey.set(key, entry);
    }
  }
  return [...byKey.values()].map(({ count, spellings }) => {
    let shown = "";
    let most = 0;
    for (const [spelling, uses] of spellings)
      if (uses > most) {
        shown = spelling;
        most = uses;
      }
    return [shown, count];
  });
}
