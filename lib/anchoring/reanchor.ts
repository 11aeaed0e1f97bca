import approxSearch from "approx-string-match";
import { mapOldToNew } from "./text-diff";
import { splitsSurrogatePair } from "./text-quote";

/**
 * Re-anchoring: carrying annotations from one version of a text to the next.
 *
 * The rule above all others is never to paint an annotation somewhere plausible but wrong
 * (hypothesis/client#7571: a note about one sentence shown on another that happens to look like
 * it). A wrong place misleads every reader; an orphan only asks its author for a new place. So
 * each step below places an annotation only on evidence that names one place, and everything
 * else is an orphan.
 *
 * 1. The diff (./text-diff.ts) says which characters survived and where they went. Words that
 *    survived as one block, with some of their surroundings, are placed by construction:
 *    `anchored` when their offsets are unchanged, else `relocated`.
 * 2. The exact quote, where the diff lost it (a paragraph moved, its surroundings rewritten):
 *    each occurrence is scored by how much of the stored prefix and suffix agrees with the text
 *    around it. One occurrence must clearly win; a quote that is unique in both versions wins on
 *    its own only when it is self-evidently long (a short one still needs its context).
 * 3. Fuzzy (approx-string-match, edit distance): first near where the diff says the words went
 *    (a word inside the quote was rewritten), then across the whole text for a long quote. The
 *    score weighs quote, prefix and suffix like Hypothesis's match-quote, but a candidate must
 *    pass a floor and beat every other place by a margin.
 */

export { ANCHOR_STATUSES, type AnchorStatus } from "./anchor-status";

/** An annotation's target on the old version: its quote selector and its position selector. */
export type StoredTarget = { exact: string; prefix: string; suffix: string; start: number; end: number };

export type Placement =
  | { status: "anchored" | "relocated"; start: number; end: number; score: number }
  | { status: "orphaned"; start: null; end: null; score: number };

/** Context characters that must agree around a diff-carried span, unless the quote is long on its own. */
const MIN_CARRIED_CONTEXT = 16;
/** A quote this long needs no context (carried, or unique in both versions): a long run of identical words is its own evidence. */
const SELF_EVIDENT_LENGTH = 40;
/** Exact occurrences: the winner's agreeing context characters, at least; more for a short quote (quote + context ≥ this). */
const MIN_CONTEXT_AGREEMENT = 10;
const SHORT_QUOTE_CONTEXT = 32;
/** Fuzzy: at most this share of the quote may differ — more where the diff vouches for the place. */
const MAX_FUZZY_ERROR_RATE = 0.25;
const MAX_NEAR_ERROR_RATE = 0.4;
/** Fuzzy across the whole text only for quotes this long: a short one fits too many places. */
const MIN_GLOBAL_FUZZY_LENGTH = 16;
/** Fuzzy: the weighted score a place must reach, and its lead over any other place. */
const MIN_FUZZY_SCORE = 0.75;
const MIN_LEAD = 0.05;
/** Across the whole text there is no diff to vouch for a place: it must stand out twice as far. */
const MIN_LEAD_ANYWHERE = 0.1;
/** How much an exact occurrence may be sought: beyond this many, a quote says nothing. */
const MAX_OCCURRENCES = 2_000;

// Hypothesis's match-quote weights: the quote matters most, its context next, position least.
const QUOTE_WEIGHT = 50;
const PREFIX_WEIGHT = 20;
const SUFFIX_WEIGHT = 20;
const TOTAL_WEIGHT = QUOTE_WEIGHT + PREFIX_WEIGHT + SUFFIX_WEIGHT;

const ORPHANED = (score: number): Placement => ({ status: "orphaned", start: null, end: null, score });

/** Places each target of `oldText` in `newText` (same order as `targets`). */
export function reanchorTargets(oldText: string, newText: string, targets: readonly StoredTarget[]): Placement[] {
  const map = mapOldToNew(oldText, newText);
  const oldCounts = new Map<string, number>();
  const countInOld = (quote: string) => {
    let count = oldCounts.get(quote);
    if (count === undefined) {
      count = countOccurrences(oldText, quote, 2);
      oldCounts.set(quote, count);
    }
    return count;
  };
  return targets.map((target) => placeTarget(newText, target, map, countInOld));
}

function placeTarget(text: string, target: StoredTarget, map: Int32Array | null, countInOld: (quote: string) => number): Placement {
  const { exact, start, end } = target;
  if (exact === "" || start < 0 || end <= start) return ORPHANED(0);

  if (map) {
    const carried = carriedSpan(text, map, target);
    if (carried) {
      const status = carried.start === start && carried.end === end ? "anchored" : "relocated";
      return { status, start: carried.start, end: carried.end, score: 1 };
    }
  }

  const exactPlace = placeByExactQuote(text, target, countInOld);
  if (exactPlace && exactPlace !== "absent") return exactPlace;

  const hint = map ? mappedHint(map, target) : null;
  if (hint) {
    const near = placeFuzzyNear(text, target, map!, hint);
    if (near) return near;
  }
  // Occurrences that were all too alike to choose from stay too alike with errors allowed.
  if (exactPlace === "absent" && exact.length >= MIN_GLOBAL_FUZZY_LENGTH) return placeFuzzyAnywhere(text, target);
  return ORPHANED(0);
}

/**
 * Where the diff carried the whole quote as one unbroken block, with enough agreeing context
 * (or a quote long enough) that the alignment cannot be a coincidence of common words.
 */
function carriedSpan(text: string, map: Int32Array, target: StoredTarget): { start: number; end: number } | null {
  const { start, end, exact } = target;
  if (end > map.length) return null;
  const newStart = map[start];
  if (newStart < 0) return null;
  for (let i = start + 1; i < end; i += 1) if (map[i] !== newStart + (i - start)) return null;

  let before = 0;
  while (before < target.prefix.length && start - 1 - before >= 0 && map[start - 1 - before] === newStart - 1 - before) before += 1;
  let after = 0;
  const newEnd = newStart + (end - start);
  while (after < target.suffix.length && end + after < map.length && map[end + after] === newEnd + after) after += 1;

  const hasNoContextToCheck = target.prefix.length + target.suffix.length === 0;
  if (before + after < MIN_CARRIED_CONTEXT && exact.length < SELF_EVIDENT_LENGTH && !hasNoContextToCheck) return null;
  // The same words in the same surroundings twice (a passage quoted again): the diff could have
  // aligned either copy, so the quote and context must choose, or nobody does.
  const block = text.slice(newStart - before, newEnd + after);
  const first = text.indexOf(block);
  if (first !== newStart - before || text.indexOf(block, first + 1) !== -1) return null;
  return { start: newStart, end: newEnd };
}

/** Where the diff put whatever survived of the quote, or null when nothing did. */
function mappedHint(map: Int32Array, target: StoredTarget): { start: number; end: number; carried: number } | null {
  let first = -1;
  let last = -1;
  let carried = 0;
  for (let i = target.start; i < Math.min(target.end, map.length); i += 1) {
    if (map[i] < 0) continue;
    if (first < 0) first = map[i];
    last = map[i];
    carried += 1;
  }
  if (first < 0 || last < first) return null;
  return { start: first, end: last + 1, carried };
}

type ScoredPlace = { start: number; end: number; score: number; contextAgreement: number };

/**
 * "absent" when the quote does not occur at all (fuzzy matching may still find it); null when it
 * occurs but no occurrence is clearly the one (an orphan: fuzzy matching could only do worse).
 */
function placeByExactQuote(text: string, target: StoredTarget, countInOld: (quote: string) => number): Placement | null | "absent" {
  const { exact, prefix, suffix } = target;
  const places: ScoredPlace[] = [];
  for (let at = text.indexOf(exact); at !== -1 && places.length < MAX_OCCURRENCES; at = text.indexOf(exact, at + 1)) {
    const atEnd = at + exact.length;
    if (splitsSurrogatePair(text, at) || splitsSurrogatePair(text, atEnd)) continue;
    if (cutsWordsItDidNot(text, target, { start: at, end: atEnd })) continue;
    const before = agreeingBefore(text, at, prefix);
    const after = agreeingAfter(text, atEnd, suffix);
    const score = (QUOTE_WEIGHT + PREFIX_WEIGHT * share(before, prefix) + SUFFIX_WEIGHT * share(after, suffix)) / TOTAL_WEIGHT;
    places.push({ start: at, end: atEnd, score, contextAgreement: before + after });
  }
  if (places.length === 0) return "absent";

  places.sort((a, b) => b.contextAgreement - a.contextAgreement);
  const [best, second] = places;
  const place = (): Placement => ({ status: "relocated", start: best.start, end: best.end, score: best.score });

  // Unique in both versions is not evidence for a short quote: when its passage was deleted, a
  // phrase such as "light energy" or "the quality" can occur once in an unrelated new sentence,
  // and a few agreeing spaces or an " of " around it are coincidence. So only a self-evidently
  // long unique quote is placed without context; a shorter one must be chosen by its context
  // like any other quote, below (a moved passage keeps its context; a deleted one does not).
  const isUniqueInBoth = places.length === 1 && countInOld(exact) === 1;
  if (isUniqueInBoth && exact.length >= SELF_EVIDENT_LENGTH) return place();
  const runnerUp = second?.contextAgreement ?? 0;
  // A short quote is common: "and" with half a line of matching context is still anyone's "and".
  const needed = Math.max(MIN_CONTEXT_AGREEMENT, Math.min(SHORT_QUOTE_CONTEXT - exact.length, (prefix.length + suffix.length) / 2));
  if (best.contextAgreement >= needed && best.contextAgreement >= 2 * runnerUp + 4) return place();
  return null;
}

/** A rewritten word inside the quote: look for it where the diff put the rest of it. */
function placeFuzzyNear(
  text: string,
  target: StoredTarget,
  map: Int32Array,
  hint: { start: number; end: number; carried: number },
): Placement | null {
  const { exact } = target;
  // Half the quote must have come through the diff, or "near" means nothing.
  if (hint.carried * 2 < exact.length) return null;
  const pad = Math.ceil(exact.length / 2) + 8;
  const windowStart = Math.max(0, hint.start - pad);
  const windowEnd = Math.min(text.length, hint.end + pad);
  const maxErrors = Math.floor(exact.length * MAX_NEAR_ERROR_RATE);
  const matches = approxSearch(text.slice(windowStart, windowEnd), exact, maxErrors);
  if (matches.length === 0) return null;
  // Among the fewest-error matches, the one whose surroundings agree best ("rises " and "rises
  // fast" are equally far from "rises quickly"; only the second is followed by the old suffix).
  const fewest = Math.min(...matches.map((match) => match.errors));
  const best = matches
    .filter((match) => match.errors === fewest)
    .map((match) => ({ start: match.start + windowStart, end: match.end + windowStart, errors: match.errors }))
    .map((match) => ({ ...match, score: weightedScore(text, target, match) }))
    .sort((a, b) => b.score - a.score || overlap(b, hint) - overlap(a, hint))[0];
  if (overlap(best, hint) * 2 < hint.end - hint.start) return null;
  // Most of what gets painted must be the annotation's own surviving words, by the diff's account.
  if (carriedInto(map, target, best) * 2 < best.end - best.start) return null;
  if (cutsWordsItDidNot(text, target, best)) return null;
  // And what the diff carried, with its carried surroundings, must exist once: of two copies of a
  // sentence, the diff may have kept the wrong one.
  if (isCarriedTextRepeated(text, map, target)) return null;
  const score = best.score;
  if (score < MIN_FUZZY_SCORE) return null;
  // The same words, as well matched, somewhere else (a quotation, a summary): the diff may have
  // aligned the wrong copy, so neither is trusted.
  const elsewhere = distinctPlaces(approxSearch(text, exact, best.errors)).filter((match) => overlap(match, best) === 0);
  if (elsewhere.some((match) => weightedScore(text, target, match) > score - MIN_LEAD)) return null;
  return { status: "relocated", ...trimToCodePoints(text, best), score };
}

/** A long quote the diff lost altogether (moved and edited): one place must stand out everywhere. */
function placeFuzzyAnywhere(text: string, target: StoredTarget): Placement {
  const { exact } = target;
  const maxErrors = Math.floor(exact.length * MAX_FUZZY_ERROR_RATE);
  const matches = approxSearch(text, exact, maxErrors);
  if (matches.length === 0) return ORPHANED(0);
  const scored = distinctPlaces(matches).map((match) => ({ ...match, score: weightedScore(text, target, match) }));
  scored.sort((a, b) => b.score - a.score);
  const best = scored[0];
  if (best.score < MIN_FUZZY_SCORE) return ORPHANED(best.score);

  // approx-string-match returns only the lowest-error matches; a runner-up with a few more errors
  // but better context is found by searching again with the winner blanked out.
  const blanked = text.slice(0, best.start) + "\u0000".repeat(best.end - best.start) + text.slice(best.end);
  const others = distinctPlaces(approxSearch(blanked, exact, maxErrors)).map((match) => weightedScore(text, target, match));
  const runnerUp = Math.max(scored[1]?.score ?? 0, ...others);
  if (best.score - runnerUp < MIN_LEAD_ANYWHERE || cutsWordsItDidNot(text, target, best)) return ORPHANED(best.score);
  return { status: "relocated", ...trimToCodePoints(text, best), score: best.score };
}

/** One match per region: approx-string-match reports many overlapping starts and ends for one place. */
function distinctPlaces(matches: { start: number; end: number; errors: number }[]) {
  const sorted = [...matches].sort((a, b) => a.errors - b.errors || a.start - b.start);
  const kept: { start: number; end: number; errors: number }[] = [];
  for (const match of sorted) if (!kept.some((other) => match.start < other.end && other.start < match.end)) kept.push(match);
  return kept;
}

/** Hypothesis's weighting of quote, prefix and suffix similarity (edit distance), in [0, 1]. */
function weightedScore(text: string, target: StoredTarget, place: { start: number; end: number }): number {
  const quote = 1 - editDistance(text.slice(place.start, place.end), target.exact) / Math.max(target.exact.length, 1);
  const prefix = target.prefix
    ? 1 - editDistance(text.slice(Math.max(0, place.start - target.prefix.length), place.start), target.prefix) / target.prefix.length
    : 1;
  const suffix = target.suffix
    ? 1 - editDistance(text.slice(place.end, place.end + target.suffix.length), target.suffix) / target.suffix.length
    : 1;
  return (QUOTE_WEIGHT * quote + PREFIX_WEIGHT * prefix + SUFFIX_WEIGHT * suffix) / TOTAL_WEIGHT;
}

/** Levenshtein distance, two rows: the strings compared here are a quote and its context (short). */
function editDistance(a: string, b: string): number {
  if (a === b) return 0;
  if (a.length === 0) return b.length;
  if (b.length === 0) return a.length;
  let previous = new Int32Array(b.length + 1);
  let current = new Int32Array(b.length + 1);
  for (let j = 0; j <= b.length; j += 1) previous[j] = j;
  for (let i = 1; i <= a.length; i += 1) {
    current[0] = i;
    const code = a.charCodeAt(i - 1);
    for (let j = 1; j <= b.length; j += 1) {
      const substitution = previous[j - 1] + (code === b.charCodeAt(j - 1) ? 0 : 1);
      current[j] = Math.min(substitution, previous[j] + 1, current[j - 1] + 1);
    }
    [previous, current] = [current, previous];
  }
  return previous[b.length];
}

function agreeingBefore(text: string, at: number, prefix: string): number {
  let count = 0;
  while (count < prefix.length && count < at && text[at - 1 - count] === prefix[prefix.length - 1 - count]) count += 1;
  return count;
}

function agreeingAfter(text: string, at: number, suffix: string): number {
  let count = 0;
  while (count < suffix.length && at + count < text.length && text[at + count] === suffix[count]) count += 1;
  return count;
}

const WORD_CHARACTER = /[\p{L}\p{N}]/u;

function cutsWord(text: string, at: number): boolean {
  return at > 0 && at < text.length && WORD_CHARACTER.test(text[at - 1]) && WORD_CHARACTER.test(text[at]);
}

/**
 * A fuzzy edge inside a word ("The" found in "Their") where the annotation began and ended on
 * word boundaries: the words found are not the words annotated.
 */
function cutsWordsItDidNot(text: string, target: StoredTarget, place: { start: number; end: number }): boolean {
  const didCutStart = target.prefix.length > 0 && WORD_CHARACTER.test(target.prefix.at(-1)!) && WORD_CHARACTER.test(target.exact[0]);
  const didCutEnd = target.suffix.length > 0 && WORD_CHARACTER.test(target.exact.at(-1)!) && WORD_CHARACTER.test(target.suffix[0]);
  return (!didCutStart && cutsWord(text, place.start)) || (!didCutEnd && cutsWord(text, place.end));
}

/** Whether the first run of the quote the diff carried, with the context carried with it, occurs twice in the new text. */
function isCarriedTextRepeated(text: string, map: Int32Array, target: StoredTarget): boolean {
  let first = target.start;
  while (first < target.end && map[first] < 0) first += 1;
  if (first >= target.end) return false;
  let from = first;
  while (from > 0 && first - from < target.prefix.length + (first - target.start) && map[from - 1] === map[from] - 1) from -= 1;
  let to = first + 1;
  while (to < target.end && map[to] === map[to - 1] + 1) to += 1;
  const block = text.slice(map[from], map[to - 1] + 1);
  const at = text.indexOf(block);
  return at !== -1 && text.indexOf(block, at + 1) !== -1;
}

/** How many of the quote's characters the diff carried into `range` of the new text. */
function carriedInto(map: Int32Array, target: StoredTarget, range: { start: number; end: number }): number {
  let count = 0;
  for (let i = target.start; i < Math.min(target.end, map.length); i += 1) if (map[i] >= range.start && map[i] < range.end) count += 1;
  return count;
}

function share(count: number, of: string): number {
  return of.length === 0 ? 1 : count / of.length;
}

function overlap(a: { start: number; end: number }, b: { start: number; end: number }): number {
  return Math.max(0, Math.min(a.end, b.end) - Math.max(a.start, b.start));
}

function countOccurrences(text: string, quote: string, limit: number): number {
  let count = 0;
  for (let at = text.indexOf(quote); at !== -1 && count < limit; at = text.indexOf(quote, at + 1)) count += 1;
  return count;
}

/** A fuzzy edge can fall between the halves of an emoji; a stored range must not. */
function trimToCodePoints(text: string, range: { start: number; end: number }): { start: number; end: number } {
  return {
    start: splitsSurrogatePair(text, range.start) ? range.start - 1 : range.start,
    end: splitsSurrogatePair(text, range.end) ? range.end + 1 : range.end,
  };
}
