import approxSearch from "approx-string-match";
import { editDistance } from "@/lib/text/edit-distance";
import { OutOfWork, WorkBudget } from "@/lib/text/work-budget";
import { toNfc, type NfcText } from "@/lib/text/nfc";
import { lastWord } from "@/lib/text/walk-back";
import { mapOldToNew } from "./text-diff";
import { snapRangeToGraphemes, splitsGrapheme, type TextRange } from "./text-quote";

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
 * 3. Fuzzy (edit distance): first near where the diff says the words went (a word inside the
 *    quote was rewritten, inserted, inflected or respelt), the diff bounding the place and the
 *    closest of a few word boundaries taking it; then, for a long quote, across the whole text
 *    (approx-string-match). The score weighs quote, prefix and suffix like Hypothesis's
 *    match-quote, but a candidate must pass a floor, beat every other place by a margin and be
 *    whole: no word cut, no edge word of the quote dropped, no character split.
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
/** A word this long, found whole inside a longer one ("policy" in "policymakers"), is the same word inflected. */
const MIN_STEM_LENGTH = 4;
/** How far past a quote's edges the diff's nearest surviving word is looked for, and how many word boundaries a changed edge may take. */
const ANCHOR_REACH = 256;
const MAX_EDGE_CANDIDATES = 8;
/** Context characters agreeing beside a fuzzy match's edge that vouch for the edge when its word changed. */
const EDGE_CONTEXT = 8;
/** How much an exact occurrence may be sought: beyond this many, a quote says nothing. */
const MAX_OCCURRENCES = 2_000;

// Hypothesis's match-quote weights: the quote matters most, its context next, position least.
const QUOTE_WEIGHT = 50;
const PREFIX_WEIGHT = 20;
const SUFFIX_WEIGHT = 20;
const TOTAL_WEIGHT = QUOTE_WEIGHT + PREFIX_WEIGHT + SUFFIX_WEIGHT;

/**
 * The fuzzy matching one annotation may do, in steps of ../text/work-budget.ts (~0.2 s here). Its
 * cost grows with the quote's length squared: one annotation quoting 50,000 characters whose edges
 * a new version changed held the server's thread for 18–36 s — once per create on an older
 * version, thirty times in one version — and any reader may write such a quote. A quote of 5,000
 * characters with both edges changed takes ~26 million steps (the revision corpus's largest, 0.15
 * million); 10,000 take ~110 million. An annotation past the budget waits for a new place
 * (orphaned), as one that fuzzy matching cannot place does.
 */
const MAX_FUZZY_STEPS = 30_000_000;
/**
 * The fuzzy matching all of a new version's annotations may do together (~6 s), after each has had
 * FIRST_PASS_STEPS: thirty-odd annotations at their own bound. Placing a version is one task in the
 * worker's line (server/documents/isolated-worker.ts), and everyone's readings wait behind it.
 */
const MAX_VERSION_FUZZY_STEPS = 1_000_000_000;
/**
 * What every annotation of a new version gets first, before any has more: far above what honest
 * annotations take (the revision corpus's largest, 0.15 million steps), so long quotes written to
 * use up the version's budget cannot leave the others without a place.
 */
const FIRST_PASS_STEPS = 1_000_000;
const ORPHANED = (score: number): Placement => ({ status: "orphaned", start: null, end: null, score });
/** An annotation whose fuzzy work ran out: orphaned, score 0 (one object, so placeOnNewVersion can tell it by identity). */
const OUT_OF_WORK: Placement = Object.freeze(ORPHANED(0));

/**
 * Places each target of `oldText` in `newText` (same order as `targets`). The texts are compared
 * composed (NFC, lib/text/nfc.ts): a version stored before readings were composed, or one whose
 * only change is how its accents are written, keeps its annotations where they were.
 */
export function reanchorTargets(oldText: string, newText: string, targets: readonly StoredTarget[]): Placement[] {
  return reanchorOnto(compareVersions(oldText, newText), targets);
}

/**
 * What re-anchoring from one version onto another works out once, whatever the annotations: the
 * texts composed (lib/text/nfc.ts), the diff's map of where each character went (the costly part,
 * up to ~2 s for a long book rewritten) and its inverse. Kept by the server per pair of versions
 * (server/documents/compared-versions.ts), so notes written on an older version one after another
 * do not each pay for the same diff.
 */
export type ComparedVersions = {
  readonly oldText: string;
  readonly newText: string;
  /** Offsets between each text as given and as composed; null for a text given composed. */
  readonly oldNfc: NfcText | null;
  readonly newNfc: NfcText | null;
  readonly map: Int32Array | null;
  readonly carriedFrom: Int32Array | null;
};

/**
 * The diff's part of comparing two versions: where each code unit of the old text (composed) went
 * in the new one, and the inverse; null when the texts are too far apart to diff. The costly part
 * (up to ~2 s for a long reading whose paragraphs were rewritten), and plain arrays: the worker process works it
 * out (server/documents/isolated-worker.ts) and the server composes the rest (compareVersions).
 */
export type VersionsMap = { readonly map: Int32Array | null; readonly carriedFrom: Int32Array | null };

export function mapVersions(oldText: string, newText: string): VersionsMap {
  return mapComposed(toNfc(oldText).text, toNfc(newText).text);
}

function mapComposed(before: string, after: string): VersionsMap {
  const map = mapOldToNew(before, after);
  return { map, carriedFrom: map && invertMap(map, after.length) };
}

/** The comparison of two versions; `mapped`, the texts' map when it was worked out elsewhere (mapVersions). */
export function compareVersions(oldText: string, newText: string, mapped?: VersionsMap): ComparedVersions {
  const before = toNfc(oldText);
  const after = toNfc(newText);
  const { map, carriedFrom } = mapped ?? mapComposed(before.text, after.text);
  return {
    oldText,
    newText,
    oldNfc: before.text === oldText ? null : before,
    newNfc: after.text === newText ? null : after,
    map,
    carriedFrom,
  };
}

/**
 * A new version's placements: each source (an earlier version's text and the annotations last
 * placed on it) onto `newText`, the fuzzy work shared out as MAX_VERSION_FUZZY_STEPS says. Each
 * annotation is placed first within FIRST_PASS_STEPS; those that needed more are placed again, in
 * turn, within their own bound and what is left of the version's. Past it, an annotation waits for
 * a new place. Run by the worker process (server/documents/isolated-worker-process.ts); the maps go
 * back with the placements, for annotations the version's transaction places itself.
 */
export function placeOnNewVersion(
  sources: readonly { text: string; targets: readonly StoredTarget[] }[],
  newText: string,
  versionSteps = MAX_VERSION_FUZZY_STEPS,
): { placements: Placement[][]; maps: VersionsMap[] } {
  const compared = sources.map((source) => compareVersions(source.text, newText));
  const outOfWork: { source: number; index: number }[] = [];
  const placed = sources.map((source, sourceIndex) =>
    reanchorOnto(compared[sourceIndex], source.targets, () => new WorkBudget(FIRST_PASS_STEPS)).map((placement, index) => {
      if (placement === OUT_OF_WORK) outOfWork.push({ source: sourceIndex, index });
      return placement;
    }),
  );
  const version = new WorkBudget(versionSteps);
  for (const { source, index } of outOfWork) {
    const budget = new WorkBudget(Math.min(MAX_FUZZY_STEPS, version.left));
    [placed[source][index]] = reanchorOnto(compared[source], [sources[source].targets[index]], () => budget);
    version.spend(budget.used);
  }
  return { placements: placed, maps: compared.map(({ map, carriedFrom }) => ({ map, carriedFrom })) };
}

/**
 * Where each target stands on the compared versions' new text (in its offsets as given). Each has
 * its own budget of fuzzy work (`budgetFor`, MAX_FUZZY_STEPS unless given); one that runs out waits
 * for a new place, as the one OUT_OF_WORK placement (placeOnNewVersion tells them by it).
 */
export function reanchorOnto(
  compared: ComparedVersions,
  targets: readonly StoredTarget[],
  budgetFor: () => WorkBudget = () => new WorkBudget(MAX_FUZZY_STEPS),
): Placement[] {
  const { oldNfc: before, newNfc: after } = compared;
  if (!before && !after) return placeComposed(compared, compared.oldText, compared.newText, targets, budgetFor);
  const composedTargets = targets.map((target) => ({
    exact: target.exact.normalize("NFC"),
    prefix: target.prefix.normalize("NFC"),
    suffix: target.suffix.normalize("NFC"),
    start: before ? before.toNfc(target.start) : target.start,
    end: before ? before.toNfc(target.end) : target.end,
  }));
  const oldText = before?.text ?? compared.oldText;
  const newText = after?.text ?? compared.newText;
  return placeComposed(compared, oldText, newText, composedTargets, budgetFor).map((placement, index): Placement => {
    if (placement.status === "orphaned") return placement;
    const [start, end] = after ? [after.fromNfc(placement.start), after.fromNfc(placement.end)] : [placement.start, placement.end];
    const isUnmoved = start === targets[index].start && end === targets[index].end;
    return { ...placement, status: placement.status === "anchored" && isUnmoved ? "anchored" : "relocated", start, end };
  });
}

function placeComposed(
  compared: ComparedVersions,
  oldText: string,
  newText: string,
  targets: readonly StoredTarget[],
  budgetFor: () => WorkBudget,
): Placement[] {
  const { map, carriedFrom } = compared;
  // How many times a quote occurs in the old text, up to 2 (per call: kept comparisons hold no quotes).
  const oldCounts = new Map<string, number>();
  const countInOld = (quote: string) => {
    let count = oldCounts.get(quote);
    if (count === undefined) {
      count = countOccurrences(oldText, quote, 2);
      oldCounts.set(quote, count);
    }
    return count;
  };
  return targets.map((target) => {
    try {
      return placeTarget(oldText, newText, target, map, carriedFrom, countInOld, budgetFor());
    } catch (error) {
      if (error instanceof OutOfWork) return OUT_OF_WORK;
      throw error;
    }
  });
}

/** For every code unit of the new text, the offset in the old text the diff carried it from, else -1. */
function invertMap(map: Int32Array, newLength: number): Int32Array {
  const carriedFrom = new Int32Array(newLength).fill(-1);
  for (let old = 0; old < map.length; old += 1) if (map[old] >= 0) carriedFrom[map[old]] = old;
  return carriedFrom;
}

/**
 * Whether `place` is mostly words the diff carried from elsewhere in the old text than the
 * annotation's own: another passage that happens to read alike (a parallel paragraph, a sibling
 * list item, an earlier sentence that began the same way), found by its quote or by fuzzy
 * matching once the annotation's own passage was deleted. It was never where these words went;
 * an independent check found notes painted on such look-alikes ("cats" in the morning paragraph
 * for "cats" in the deleted evening one, "grown in the north" for "grown in the south").
 */
function isOthersWords(carriedFrom: Int32Array | null, target: StoredTarget, place: TextRange): boolean {
  if (!carriedFrom) return false;
  let others = 0;
  for (let at = place.start; at < place.end; at += 1) {
    const from = carriedFrom[at];
    if (from >= 0 && (from < target.start || from >= target.end)) others += 1;
  }
  return others * 2 > place.end - place.start;
}

/**
 * Whether `place` is new text (no word of it carried by the diff) that only reads like the
 * annotation's passage: within the quote's sentence, a word of the context is another word, not
 * the same one edited. A passage moved elsewhere keeps its sentence around the quote (a typo fixed
 * in it meanwhile is still its word); a deleted one whose look-alike was written elsewhere does
 * not ("Students must read chapter 3 before the seminar and bring two questions." deleted and
 * "… chapter 6 …" added: a note on "bring two questions" agreed with the new item back to the
 * "6", and was put there; an independent check).
 */
function isLookAlikeNewText(
  carriedFrom: Int32Array | null,
  oldText: string,
  text: string,
  target: StoredTarget,
  place: TextRange,
): boolean {
  // A long run of identical words is its own evidence (a sentence moved whole into another paragraph).
  if (!carriedFrom || target.exact.length >= SELF_EVIDENT_LENGTH) return false;
  for (let at = place.start; at < place.end; at += 1) if (carriedFrom[at] >= 0) return false;
  // The old text's own sentence, not the stored context: 32 characters may stop short of the word
  // that tells two cities' sentences apart.
  const around = (version: string, range: TextRange, side: "before" | "after") =>
    side === "before"
      ? { context: version.slice(Math.max(0, range.start - SENTENCE_REACH), range.start), reachesTextEdge: range.start <= SENTENCE_REACH }
      : { context: version.slice(range.end, range.end + SENTENCE_REACH), reachesTextEdge: range.end + SENTENCE_REACH >= version.length };
  return (["before", "after"] as const).some((side) => !sameSentenceWords(around(oldText, target, side), around(text, place, side), side));
}

/** How far around a quote its sentence is read, each way. */
const SENTENCE_REACH = 240;

/** Text up to the start of a sentence or paragraph (then the rest, from the next sentence on). */
const SENTENCE_EDGE = /\n|[.!?…]["'”’)\]]*\s+|[。！？]/gu;
const CONTEXT_WORD = /[\p{L}\p{M}\p{N}]+/gu;

/**
 * Whether the words beside a quote on the old version, up to its sentence's edge, are the words
 * beside a place now (each the same word or the same word edited, isSameWord), and the sentence's
 * edge is as far on both. `side` says which way the contexts read from the quote and the place;
 * `reachesTextEdge`, that a context runs to its text's start (end).
 */
function sameSentenceWords(
  was: { context: string; reachesTextEdge: boolean },
  now: { context: string; reachesTextEdge: boolean },
  side: "before" | "after",
): boolean {
  const sentenceWords = ({ context, reachesTextEdge }: { context: string; reachesTextEdge: boolean }) => {
    const edges = [...context.matchAll(SENTENCE_EDGE)];
    const edge = side === "before" ? edges.at(-1) : edges[0];
    const clipped = edge ? (side === "before" ? context.slice(edge.index + edge[0].length) : context.slice(0, edge.index)) : context;
    const words = clipped.match(CONTEXT_WORD) ?? [];
    const isWhole = edge !== undefined || reachesTextEdge;
    // A context cut short may end in a piece of a word (its far end); the words then go nearest the place first.
    if (!isWhole && side === "before") words.shift();
    if (!isWhole && side === "after") words.pop();
    return { words: side === "before" ? words.reverse() : words, isWhole };
  };
  const before = sentenceWords(was);
  const after = sentenceWords(now);
  // The sentence began (or ended) after as many words on both versions.
  if (before.isWhole && after.isWhole && before.words.length !== after.words.length) return false;
  return before.words.every((word, i) => after.words[i] !== undefined && isSameWord(after.words[i], word));
}

function placeTarget(
  oldText: string,
  text: string,
  target: StoredTarget,
  map: Int32Array | null,
  carriedFrom: Int32Array | null,
  countInOld: (quote: string) => number,
  budget: WorkBudget,
): Placement {
  const { exact, start, end } = target;
  if (exact === "" || start < 0 || end <= start) return ORPHANED(0);

  if (map) {
    const carried = carriedSpan(text, map, target);
    if (carried) {
      const status = carried.start === start && carried.end === end ? "anchored" : "relocated";
      return { status, start: carried.start, end: carried.end, score: 1 };
    }
  }

  const exactPlace = placeByExactQuote(
    text,
    target,
    countInOld,
    (place) => isOthersWords(carriedFrom, target, place) || isLookAlikeNewText(carriedFrom, oldText, text, target, place),
  );
  if (exactPlace && exactPlace !== "absent") return exactPlace;

  if (map) {
    const near = placeFuzzyNear(oldText, text, target, map, budget) ?? placeWordEditedInPlace(oldText, text, target, map, budget);
    if (near) return near;
  }
  // Occurrences that were all too alike to choose from stay too alike with errors allowed.
  if (exactPlace === "absent" && exact.length >= MIN_GLOBAL_FUZZY_LENGTH) {
    const anywhere = placeFuzzyAnywhere(text, target, budget);
    return anywhere.status !== "orphaned" && isOthersWords(carriedFrom, target, anywhere) ? ORPHANED(anywhere.score) : anywhere;
  }
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

  // A character the new version grew ("👩‍👩‍👧" → "👩‍👩‍👧‍👦"): the old code units are carried, but
  // painting them would tear the new character; fuzzy matching below takes it whole.
  if (splitsGrapheme(text, newStart) || splitsGrapheme(text, newEnd)) return null;
  const hasNoContextToCheck = target.prefix.length + target.suffix.length === 0;
  if (before + after < MIN_CARRIED_CONTEXT && exact.length < SELF_EVIDENT_LENGTH && !hasNoContextToCheck) return null;
  // The same words in the same surroundings twice (a passage quoted again): the diff could have
  // aligned either copy, so the quote and context must choose, or nobody does.
  const block = text.slice(newStart - before, newEnd + after);
  const first = text.indexOf(block);
  if (first !== newStart - before || text.indexOf(block, first + 1) !== -1) return null;
  return { start: newStart, end: newEnd };
}

type ScoredPlace = { start: number; end: number; score: number; contextAgreement: number };

/**
 * "absent" when the quote does not occur at all (fuzzy matching may still find it); null when it
 * occurs but no occurrence is clearly the one (an orphan: fuzzy matching could only do worse).
 */
function placeByExactQuote(
  text: string,
  target: StoredTarget,
  countInOld: (quote: string) => number,
  isOthersPlace: (place: TextRange) => boolean,
): Placement | null | "absent" {
  const { exact, prefix, suffix } = target;
  const places: ScoredPlace[] = [];
  let othersPlaces = 0;
  for (let at = text.indexOf(exact); at !== -1 && places.length < MAX_OCCURRENCES; at = text.indexOf(exact, at + 1)) {
    const atEnd = at + exact.length;
    if (splitsGrapheme(text, at) || splitsGrapheme(text, atEnd)) continue;
    if (cutsWordsItDidNot(text, target, { start: at, end: atEnd })) continue;
    const before = agreeingBefore(text, at, prefix);
    const after = agreeingAfter(text, atEnd, suffix);
    // Another passage's own words, carried by the diff from where they were, or new words written
    // alike: not this annotation's place, nor a rival to it.
    if (isOthersPlace({ start: at, end: atEnd })) {
      othersPlaces += 1;
      continue;
    }
    const score = (QUOTE_WEIGHT + PREFIX_WEIGHT * share(before, prefix) + SUFFIX_WEIGHT * share(after, suffix)) / TOTAL_WEIGHT;
    places.push({ start: at, end: atEnd, score, contextAgreement: before + after });
  }
  // Only others' words: the quote is there, but not this annotation's (fuzzy matching could only do worse).
  if (places.length === 0) return othersPlaces > 0 ? null : "absent";

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

/**
 * A word of the quote rewritten, inserted, lengthened or respelt ("the TTP" → "the banned TTP",
 * "color" → "colour", "so to say" → "so to speak"): the place is where the diff put the rest.
 *
 * The diff bounds the place: the quote's first and last surviving words on the inside, the
 * nearest surviving words outside it on the outside. An edge whose own character survived is
 * where the diff put it; a changed edge may be any of a few word boundaries beside it, and the
 * one closest to the quote wins. A fewest-errors match over the whole neighbourhood, as
 * approx-string-match finds, would rather drop an inserted word ("policy toward the " for "policy
 * toward the TTP") or cut a lengthened one ("so to spe") than pay for it.
 */
function placeFuzzyNear(oldText: string, text: string, target: StoredTarget, map: Int32Array, budget: WorkBudget): Placement | null {
  const edges = candidateEdges(oldText, text, map, target);
  if (!edges) return null;
  // The diff has already said where the words are; among its few candidates the one closest to
  // the quote wins, and context only breaks ties (a context edited too would otherwise pull an
  // edge off a word the quote still has).
  let best: (TextRange & { errors: number; score: number }) | null = null;
  const maxErrors = Math.floor(target.exact.length * MAX_NEAR_ERROR_RATE);
  for (const start of edges.starts) {
    for (const end of edges.ends) {
      // Lengths further apart than the errors allowed cannot match (the diff's edges in two
      // paragraphs that were swapped, say): skip them before measuring.
      if (end <= start || Math.abs(end - start - target.exact.length) > maxErrors) continue;
      const errors = editDistance(text.slice(start, end), target.exact, budget);
      if (best && errors > best.errors) continue;
      const score = weightedScore(text, target, { start, end }, budget);
      if (!best || errors < best.errors || score > best.score) best = { start, end, errors, score };
    }
  }
  if (!best) return null;
  // An edge is vouched for when its own character survived, when nothing but spaces and
  // punctuation lies between it and the surviving context (the words there were deleted or
  // edited in place), or when it keeps the quote's edge word.
  const isStartVouched =
    map[target.start] >= 0 ||
    (edges.before !== null && !WORD_CHARACTER.test(text.slice(edges.before, best.start))) ||
    keepsEdgeWord(text, target, best, "start");
  const isEndVouched =
    map[target.end - 1] >= 0 ||
    (edges.after !== null && !WORD_CHARACTER.test(text.slice(best.end, edges.after))) ||
    keepsEdgeWord(text, target, best, "end");
  if (!isStartVouched || !isEndVouched) return null;
  return judgeNear(text, target, map, best, budget);
}

/**
 * A one-word quote whose word was corrected where it stood ("recieve" → "receive", "teh" → "the",
 * "monsoon" → "Monsoon"): nothing of it survived, so the diff says nothing of where it went, but
 * it kept the words on both sides right up to it, and between them now stands one word, the same
 * word edited. Every such highlight waited for a new place after its typo was fixed (an
 * independent check).
 */
function placeWordEditedInPlace(
  oldText: string,
  text: string,
  target: StoredTarget,
  map: Int32Array,
  budget: WorkBudget,
): Placement | null {
  const { start, end, exact } = target;
  if (end > map.length || !ONE_WORD.test(exact)) return null;
  // The nearest word on each side survived, with nothing but what survived between it and the quote.
  let before = start - 1;
  while (before >= 0 && map[before] >= 0 && !WORD_CHARACTER.test(oldText[before])) before -= 1;
  let after = end;
  while (after < map.length && map[after] >= 0 && !WORD_CHARACTER.test(oldText[after])) after += 1;
  const isHeldBefore = before < 0 || map[before] >= 0;
  const isHeldAfter = after >= map.length || map[after] >= 0;
  if (!isHeldBefore || !isHeldAfter) return null;
  const place = { start: start === 0 ? 0 : map[start - 1] + 1, end: end === map.length ? text.length : map[end] };
  if (place.end <= place.start) return null;
  const word = text.slice(place.start, place.end);
  if (!ONE_WORD.test(word) || !(isSameWord(word, exact) || isTransposed(word, exact))) return null;
  return { status: "relocated", ...place, score: weightedScore(text, target, place, budget) };
}

const ONE_WORD = /^[\p{L}\p{M}\p{N}]+$/u;

/** Two neighbouring letters swapped ("recieve", "teh"): a typo of the word, not another word. */
function isTransposed(now: string, was: string): boolean {
  if (now.length !== was.length || now.length < 2) return false;
  let first = 0;
  while (first < now.length && now[first] === was[first]) first += 1;
  return (
    first < now.length - 1 &&
    now[first] === was[first + 1] &&
    now[first + 1] === was[first] &&
    now.slice(first + 2) === was.slice(first + 2)
  );
}

type CandidateEdges = { starts: number[]; ends: number[]; before: number | null; after: number | null };

/**
 * Where the quote may begin and end in the new text, by the diff's account; null when none of its
 * words survived. `before` and `after` bound the place: just past the nearest surviving word
 * before the quote and at the nearest after it (the text's ends count), null when none is near.
 */
function candidateEdges(oldText: string, text: string, map: Int32Array, target: StoredTarget): CandidateEdges | null {
  const { start, end } = target;
  if (end > map.length) return null;
  const isSurvivingWord = (i: number) => map[i] >= 0 && WORD_CHARACTER.test(oldText[i]);
  // A quote without words (an emoji, a run of symbols) is held by whatever of it survived.
  const isSurvivingPart = WORD_CHARACTER.test(target.exact) ? isSurvivingWord : (i: number) => map[i] >= 0 && !WHITESPACE.test(oldText[i]);
  let first = start;
  while (first < end && !isSurvivingPart(first)) first += 1;
  if (first === end) return null;
  let last = end - 1;
  while (!isSurvivingPart(last)) last -= 1;

  let before: number | null = start <= ANCHOR_REACH ? 0 : null;
  for (let i = start - 1; i >= Math.max(0, start - ANCHOR_REACH); i -= 1) {
    if (isSurvivingWord(i)) {
      before = map[i] + 1;
      break;
    }
  }
  let after: number | null = end + ANCHOR_REACH >= map.length ? text.length : null;
  for (let i = end; i < Math.min(map.length, end + ANCHOR_REACH); i += 1) {
    if (isSurvivingWord(i)) {
      after = map[i];
      break;
    }
  }

  // A changed edge spans at most about twice what it replaced: "TTP" → "TTPs", not a new paragraph.
  const starts: number[] = [];
  if (map[start] >= 0) starts.push(map[start]);
  else {
    // Not bounded by `before`: the diff may have paired the quote's first word with a like word
    // before it ("organization" with "organizations").
    const lowest = Math.max(0, map[first] - 2 * (first - start) - 8);
    for (let at = map[first]; at >= lowest && starts.length < MAX_EDGE_CANDIDATES; at -= 1) if (isTokenStart(text, at)) starts.push(at);
  }
  const ends: number[] = [];
  if (map[end - 1] >= 0) ends.push(map[end - 1] + 1);
  else {
    const highest = Math.min(text.length, map[last] + 1 + 2 * (end - 1 - last) + 8);
    for (let at = map[last] + 1; at <= highest && ends.length < MAX_EDGE_CANDIDATES; at += 1) if (isTokenEnd(text, at)) ends.push(at);
  }
  return { starts, ends, before, after };
}

function isTokenStart(text: string, at: number): boolean {
  if (at >= text.length || WHITESPACE.test(text[at])) return false;
  return at === 0 || WHITESPACE.test(text[at - 1]) || WORD_CHARACTER.test(text[at]) !== WORD_CHARACTER.test(text[at - 1]);
}

function isTokenEnd(text: string, at: number): boolean {
  if (at <= 0 || WHITESPACE.test(text[at - 1])) return false;
  return at === text.length || WHITESPACE.test(text[at]) || WORD_CHARACTER.test(text[at]) !== WORD_CHARACTER.test(text[at - 1]);
}

/**
 * Whether a candidate near the diff's place is the annotated words: trimmed of whitespace the
 * quote did not have and taken whole where it would split a character, it must be close to the
 * quote, be mostly the quote's own words, not cut words, and be the one such place in the text.
 */
function judgeNear(text: string, target: StoredTarget, map: Int32Array, found: TextRange, budget: WorkBudget): Placement | null {
  const { exact } = target;
  const trimmed = trimWhitespaceTheQuoteLacks(text, exact, found);
  if (!trimmed) return null;
  const place = snapRangeToGraphemes(text, trimmed.start, trimmed.end);
  const errors = editDistance(text.slice(place.start, place.end), exact, budget);
  if (errors > Math.floor(exact.length * MAX_NEAR_ERROR_RATE)) return null;
  // Most of what gets painted must be the annotation's own words, by the diff's account (or the
  // same word edited: "TTP" in "TTPs"), and they must be most of what the annotation was.
  const own = ownCharacters(text, map, target, place);
  if (own * 2 < place.end - place.start || own * 2 < exact.length) return null;
  if (cutsWordsItDidNot(text, target, place)) return null;
  // Of two copies of a sentence, the diff may have kept the wrong one: the words found, with the
  // context that agrees around them, must occur once.
  const before = agreeingBefore(text, place.start, target.prefix);
  const after = agreeingAfter(text, place.end, target.suffix);
  if (countOccurrences(text, text.slice(place.start - before, place.end + after), 2) > 1) return null;
  const score = weightedScore(text, target, place, budget);
  if (score < MIN_FUZZY_SCORE) return null;
  // The same words, as well matched, somewhere else (a quotation, a summary): the diff may have
  // aligned the wrong copy, so neither is trusted.
  const elsewhere = distinctPlaces(searchWithin(budget, text, exact, errors)).filter((match) => overlap(match, place) === 0);
  if (elsewhere.some((match) => weightedScore(text, target, match, budget) > score - MIN_LEAD)) return null;
  return { status: "relocated", start: place.start, end: place.end, score };
}

/** A long quote the diff lost altogether (moved and edited): one place must stand out everywhere. */
function placeFuzzyAnywhere(text: string, target: StoredTarget, budget: WorkBudget): Placement {
  const { exact } = target;
  const maxErrors = Math.floor(exact.length * MAX_FUZZY_ERROR_RATE);
  const matches = searchWithin(budget, text, exact, maxErrors);
  if (matches.length === 0) return ORPHANED(0);
  const scored = distinctPlaces(matches).map((match) => ({ ...match, score: weightedScore(text, target, match, budget) }));
  scored.sort((a, b) => b.score - a.score);
  const best = scored[0];
  if (best.score < MIN_FUZZY_SCORE) return ORPHANED(best.score);

  // approx-string-match returns only the lowest-error matches; a runner-up with a few more errors
  // but better context is found by searching again with the winner blanked out.
  const blanked = text.slice(0, best.start) + "\u0000".repeat(best.end - best.start) + text.slice(best.end);
  const others = distinctPlaces(searchWithin(budget, blanked, exact, maxErrors)).map((match) => weightedScore(text, target, match, budget));
  const runnerUp = Math.max(scored[1]?.score ?? 0, ...others);
  if (best.score - runnerUp < MIN_LEAD_ANYWHERE) return ORPHANED(best.score);
  // The fewest errors may come from dropping a word at an edge ("policy toward the " for "policy
  // toward the TTP" when "banned" came before "TTP"): a place is taken only whole and with the
  // quote's own first and last words (or the context beyond them) at its edges.
  const trimmed = trimWhitespaceTheQuoteLacks(text, exact, best);
  if (!trimmed) return ORPHANED(best.score);
  const place = snapRangeToGraphemes(text, trimmed.start, trimmed.end);
  if (cutsWordsItDidNot(text, target, place)) return ORPHANED(best.score);
  if (!keepsEdgeWord(text, target, place, "start") || !keepsEdgeWord(text, target, place, "end")) return ORPHANED(best.score);
  return { status: "relocated", start: place.start, end: place.end, score: best.score };
}

/** approx-string-match's search (bit vectors too, a step per 32 code units of the quote and character of the text), charged to the budget first. */
function searchWithin(budget: WorkBudget, text: string, quote: string, maxErrors: number) {
  budget.spend(Math.ceil(quote.length / 32) * text.length);
  return approxSearch(text, quote, maxErrors);
}

/** One match per region: approx-string-match reports many overlapping starts and ends for one place. */
function distinctPlaces(matches: { start: number; end: number; errors: number }[]) {
  const sorted = [...matches].sort((a, b) => a.errors - b.errors || a.start - b.start);
  const kept: { start: number; end: number; errors: number }[] = [];
  for (const match of sorted) if (!kept.some((other) => match.start < other.end && other.start < match.end)) kept.push(match);
  return kept;
}

/** Hypothesis's weighting of quote, prefix and suffix similarity (edit distance), in [0, 1]. */
function weightedScore(text: string, target: StoredTarget, place: { start: number; end: number }, budget: WorkBudget): number {
  const quote = 1 - editDistance(text.slice(place.start, place.end), target.exact, budget) / Math.max(target.exact.length, 1);
  const prefix = target.prefix
    ? 1 -
      editDistance(text.slice(Math.max(0, place.start - target.prefix.length), place.start), target.prefix, budget) / target.prefix.length
    : 1;
  const suffix = target.suffix
    ? 1 - editDistance(text.slice(place.end, place.end + target.suffix.length), target.suffix, budget) / target.suffix.length
    : 1;
  return (QUOTE_WEIGHT * quote + PREFIX_WEIGHT * prefix + SUFFIX_WEIGHT * suffix) / TOTAL_WEIGHT;
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
const WHITESPACE = /\s/;
const FIRST_WORD = /[\p{L}\p{N}\p{M}]+/u;

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

/**
 * How many of `place`'s characters are the annotation's: those the diff carried there, and in
 * each gap the diff left, the letters of a word that was edited rather than replaced.
 */
function ownCharacters(text: string, map: Int32Array, target: StoredTarget, place: TextRange): number {
  let own = 0;
  let oldGapStart = target.start;
  let newGapStart = place.start;
  const closeGap = (oldGapEnd: number, newGapEnd: number) => {
    if (oldGapEnd > oldGapStart && newGapEnd > newGapStart) {
      own += keptLetters(
        text.slice(newGapStart, newGapEnd).trim(),
        target.exact.slice(oldGapStart - target.start, oldGapEnd - target.start).trim(),
      );
    }
  };
  for (let i = target.start; i < Math.min(target.end, map.length); i += 1) {
    const at = map[i];
    if (at < place.start || at >= place.end) continue;
    closeGap(i, at);
    own += 1;
    oldGapStart = i + 1;
    newGapStart = at + 1;
  }
  closeGap(target.end, place.end);
  return own;
}

/**
 * The letters a word kept when it was edited rather than replaced: inflected or given a prefix
 * ("TTP" → "TTPs", "پالیسی" → "پالیسیاں"), respelt or corrected ("color" → "colour"). Another word
 * keeps none, however alike ("policy" → "political").
 */
function keptLetters(now: string, was: string): number {
  if (now === "" || was === "") return 0;
  const shorter = Math.min(now.length, was.length);
  if (shorter >= MIN_STEM_LENGTH && (now.startsWith(was) || was.startsWith(now) || now.endsWith(was) || was.endsWith(now))) return shorter;
  const distance = editDistance(now, was);
  return distance <= Math.max(1, Math.floor(Math.max(now.length, was.length) / 4)) ? Math.max(0, was.length - distance) : 0;
}

/**
 * Whether `place` begins (or ends) with the quote's own first (or last) word, or the same word
 * edited, or else with the quote's context agreeing beside it: the evidence that a fuzzy match
 * did not drop or swap the word at that edge.
 */
function keepsEdgeWord(text: string, target: StoredTarget, place: TextRange, edge: "start" | "end"): boolean {
  const found = text.slice(place.start, place.end);
  // No stored context means the quote began (or ended) the text: only the text's own edge agrees
  // with that (an empty suffix agreed with any place, and a note on a deleted last sentence was put
  // on an earlier one that began alike, its last word dropped).
  if (edge === "start") {
    const isContextAgreeing = target.prefix
      ? agreeingBefore(text, place.start, target.prefix) >= Math.min(target.prefix.length, EDGE_CONTEXT)
      : place.start === 0;
    if (isContextAgreeing) return true;
    return isSameWord(found.match(FIRST_WORD)?.[0], target.exact.match(FIRST_WORD)?.[0]);
  }
  const isContextAgreeing = target.suffix
    ? agreeingAfter(text, place.end, target.suffix) >= Math.min(target.suffix.length, EDGE_CONTEXT)
    : place.end === text.length;
  if (isContextAgreeing) return true;
  return isSameWord(lastWord(found), lastWord(target.exact));
}

function isSameWord(now: string | undefined, was: string | undefined): boolean {
  if (now === undefined || was === undefined) return false;
  return now === was || keptLetters(now, was) * 2 > was.length;
}

/** Drops whitespace at an edge of `range` where the quote has none (a match ending in the space before a dropped word). */
function trimWhitespaceTheQuoteLacks(text: string, exact: string, range: TextRange): TextRange | null {
  let { start, end } = range;
  if (!WHITESPACE.test(exact[0])) while (start < end && WHITESPACE.test(text[start])) start += 1;
  if (!WHITESPACE.test(exact.at(-1)!)) while (end > start && WHITESPACE.test(text[end - 1])) end -= 1;
  return start < end ? { start, end } : null;
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
