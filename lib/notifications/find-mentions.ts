import { trimCharacters } from "@/lib/text/trim-characters";

/** A member who can be mentioned: the id is what a chosen mention is stored by, the name what the body shows. */
export type MentionCandidate = { id: string; name: string };

/** An "@" that starts a word: not inside one ("ada@example.edu" is no mention). */
const NOT_AFTER_WORD = "(?<![\\p{L}\\p{N}_])";

/** For each "@" in `body` where one of `names` follows in full, the longest such name. */
function longestNameAt(body: string, names: readonly string[]): Map<number, { name: string; length: number }> {
  const longestAt = new Map<number, { name: string; length: number }>();
  for (const name of names) {
    const trimmed = name.trim();
    if (!trimmed) continue;
    const escaped = trimmed.replace(/[.*+?^${}()|[\]\\]/g, "\\$&").replace(/\s+/g, "\\s+");
    for (const match of body.matchAll(new RegExp(`${NOT_AFTER_WORD}@${escaped}(?![\\p{L}\\p{N}_])`, "giu"))) {
      const current = longestAt.get(match.index);
      if (!current || match[0].length > current.length) longestAt.set(match.index, { name, length: match[0].length });
    }
  }
  return longestAt;
}

/**
 * The names, among `names`, that `body` mentions as `@Name`: case-insensitive, the whole name (so
 * "@Adam" does not mention "Ada"). Where names overlap, the longest wins: "@Ada Lovelace"
 * mentions "Ada Lovelace", not also "Ada". An `@` inside a word ("ada@example.edu") is no mention.
 */
export function findMentionedNames(body: string, names: readonly string[]): string[] {
  if (!body.includes("@")) return [];
  return [...new Set([...longestNameAt(body, names).values()].map((entry) => entry.name))];
}

/**
 * The "@word"s in `body` that begin no one's whole name among `names` ("@Maya" when the member is
 * "Maya Chen"): the editor flags them before saving, since they would notify nobody.
 */
export function findUnmatchedMentions(body: string, names: readonly string[]): string[] {
  if (!body.includes("@")) return [];
  const matched = longestNameAt(body, names);
  const attempts = body.matchAll(new RegExp(`${NOT_AFTER_WORD}@[\\p{L}\\p{N}_][\\p{L}\\p{N}_'.-]*`, "gu"));
  const unmatched = [...attempts].filter((attempt) => !matched.has(attempt.index)).map((attempt) => trimCharacters(attempt[0], ".'-"));
  return [...new Set(unmatched)];
}

/**
 * Whom `body` mentions among `members` (user ids). A member chosen from the list (`chosenIds`) is
 * mentioned by id while their "@Name" is still in the body; when members share that name, only
 * the chosen one is. A name typed in full without choosing mentions every member of that name.
 * Ids that are not among `members` mention nobody.
 */
export function resolveMentions(body: string, members: readonly MentionCandidate[], chosenIds: readonly string[]): string[] {
  const named = new Set(findMentionedNames(body, [...new Set(members.map((member) => member.name))]));
  const chosen = new Set(chosenIds);
  const chosenMembers = members.filter((member) => chosen.has(member.id) && named.has(member.name));
  const namesTakenByChoice = new Set(chosenMembers.map((member) => member.name));
  const typed = members.filter((member) => named.has(member.name) && !namesTakenByChoice.has(member.name));
  return [...new Set([...chosenMembers, ...typed].map((member) => member.id))];
}

/** Members whose name, or a word of it, begins with what was typed after the "@". */
export function matchCandidates(candidates: readonly MentionCandidate[], query: string): MentionCandidate[] {
  const wanted = query.trim().toLocaleLowerCase();
  if (!wanted) return [...candidates];
  return candidates.filter((candidate) => {
    const name = candidate.name.toLocaleLowerCase();
    return name.startsWith(wanted) || name.split(/\s+/).some((word) => word.startsWith(wanted));
  });
}

/**
 * The one member an unmatched "@word" (from findUnmatchedMentions) can only mean: the only one
 * whose name, or a word of it, begins with the word ("@Tara" for "Tara Student"). Null when none
 * or several do: the reader chooses then, nobody is mentioned by a guess.
 */
export function soleCandidateFor(word: string, candidates: readonly MentionCandidate[]): MentionCandidate | null {
  const matches = matchCandidates(candidates, word.replace(/^@/, ""));
  return matches.length === 1 ? matches[0] : null;
}

/** `body` with each "@word" (a whole word, not inside one) written out as "@Full Name". */
export function completeMention(body: string, word: string, name: string): string {
  const escaped = word.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  return body.replace(new RegExp(`${NOT_AFTER_WORD}${escaped}(?![\\p{L}\\p{N}_])`, "gu"), () => `@${name}`);
}
