/**
 * The names, among `names`, that `body` mentions as `@Name`: case-insensitive, the whole name (so
 * "@Adam" does not mention "Ada"). Where names overlap, the longest wins: "@Ada Lovelace"
 * mentions "Ada Lovelace", not also "Ada". An `@` inside a word ("ada@example.edu") is no mention.
 */
export function findMentionedNames(body: string, names: readonly string[]): string[] {
  if (!body.includes("@")) return [];
  // The longest name matched at each "@".
  const longestAt = new Map<number, { name: string; length: number }>();
  for (const name of names) {
    const trimmed = name.trim();
    if (!trimmed) continue;
    const escaped = trimmed.replace(/[.*+?^${}()|[\]\\]/g, "\\$&").replace(/\s+/g, "\\s+");
    for (const match of body.matchAll(new RegExp(`(?<![\\p{L}\\p{N}_])@${escaped}(?![\\p{L}\\p{N}_])`, "giu"))) {
      const current = longestAt.get(match.index);
      if (!current || match[0].length > current.length) longestAt.set(match.index, { name, length: match[0].length });
    }
  }
  return [...new Set([...longestAt.values()].map((entry) => entry.name))];
}
