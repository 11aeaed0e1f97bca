/**
 * Where each character of an old version went in the new one, from a word-level diff.
 *
 * Re-anchoring knows something a browser anchoring a stored quote does not: the old text itself.
 * A diff of the two versions says which characters survived unchanged and where they are now, so
 * an annotation whose words were untouched is carried over by construction — even a phrase that
 * repeats elsewhere, which no amount of quote matching can tell apart from its twins.
 *
 * A shortest edit script alone is not enough for that. Texts made of parallel passages (a study
 * guide whose sections each end "Questions for discussion: …", a reading list of "Students must
 * read chapter 3 … chapter 4 …") let it save edits by pairing each passage with its neighbour:
 * with chapter 3's item deleted and chapter 6's added, the fewest edits keep every item's words
 * and change only the numbers, so each note slid one item along (an independent check). So the
 * texts are first aligned as a patience diff aligns lines (Bram Cohen's; git's --patience):
 * paragraphs that occur exactly once in both versions, word for word, are paired, the longest
 * chain of them (by words) that keeps its order is kept, and the stretches between are aligned
 * the same way again; then sentences; and only what is left between those anchors is diffed word
 * by word, with Myers' O((N+M)·D) algorithm over tokens (words, runs of spaces, single
 * punctuation marks; one token per character in scripts written without spaces), after trimming
 * the common head and tail. A typo fix costs next to nothing, a paragraph moved or deleted is not
 * mistaken for its look-alike, and a new edition of a long book stays within `MAX_EDIT_TOKENS`,
 * shared by all the stretches; one past it stays unpaired (its annotations fall back to quote
 * matching, which still works, only slower) while the anchors and the other stretches keep theirs.
 */

/** Past this many inserted plus deleted tokens the versions are too different for a map to help. */
const MAX_EDIT_TOKENS = 12_000;

/** Scripts written without spaces between words: each character is a token, as a word is elsewhere. */
const UNSPACED = String.raw`\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}\p{Script=Myanmar}`;
const TOKEN = new RegExp(String.raw`[${UNSPACED}]|(?:(?![${UNSPACED}])[\p{L}\p{M}\p{N}_])+|\s+|[^\p{L}\p{M}\p{N}_\s]`, "gu");
const WORD = /[\p{L}\p{N}]/u;
const LINE_BREAK = /\n/;
/** Punctuation that ends a sentence (before a space), or ends it on its own in scripts without spaces. */
const SENTENCE_END = /^[.!?…]$/u;
const UNSPACED_SENTENCE_END = /^[。！？]$/u;

type Tokens = { ids: Int32Array; starts: Int32Array };

/** What each token id is, as far as the alignment cares: a word, a paragraph break, a sentence's end. */
type Vocabulary = { ids: Map<string, number>; kinds: number[] };
const IS_WORD = 1;
const IS_LINE_BREAK = 2;
const ENDS_SENTENCE = 4;
const ENDS_SENTENCE_ALONE = 8;
const IS_SPACE = 16;

function tokenize(text: string, vocabulary: Vocabulary): Tokens {
  const ids: number[] = [];
  const starts: number[] = [];
  for (const match of text.matchAll(TOKEN)) {
    const token = match[0];
    let id = vocabulary.ids.get(token);
    if (id === undefined) {
      id = vocabulary.ids.size;
      vocabulary.ids.set(token, id);
      const isSpace = /^\s/.test(token);
      vocabulary.kinds.push(
        (WORD.test(token) ? IS_WORD : 0) |
          (isSpace ? IS_SPACE : 0) |
          (isSpace && LINE_BREAK.test(token) ? IS_LINE_BREAK : 0) |
          (SENTENCE_END.test(token) ? ENDS_SENTENCE : 0) |
          (UNSPACED_SENTENCE_END.test(token) ? ENDS_SENTENCE_ALONE : 0),
      );
    }
    ids.push(id);
    starts.push(match.index);
  }
  starts.push(text.length);
  return { ids: Int32Array.from(ids), starts: Int32Array.from(starts) };
}

/**
 * For every code unit of `oldText`, its offset in `newText` when the diff kept it, else -1.
 * Null when the diff found nothing the versions share within what it may spend (`MAX_EDIT_TOKENS`).
 */
export function mapOldToNew(oldText: string, newText: string): Int32Array | null {
  const map = new Int32Array(oldText.length).fill(-1);
  if (oldText === newText) {
    for (let i = 0; i < map.length; i += 1) map[i] = i;
    return map;
  }
  const vocabulary: Vocabulary = { ids: new Map(), kinds: [] };
  const a = tokenize(oldText, vocabulary);
  const b = tokenize(newText, vocabulary);
  const pairs = alignTokens(a.ids, b.ids, vocabulary.kinds);
  if (!pairs) return null;
  for (let p = 0; p < pairs.length; p += 2) {
    const i = pairs[p];
    const j = pairs[p + 1];
    const oldStart = a.starts[i];
    const newStart = b.starts[j];
    const length = a.starts[i + 1] - oldStart;
    for (let k = 0; k < length; k += 1) map[oldStart + k] = newStart + k;
  }
  return map;
}

/** The levels stretches are aligned at, coarsest first; past the last, word by word. */
const PARAGRAPHS = 0;
const SENTENCES = 1;
const WORDS = 2;

type Stretch = { aLo: number; aHi: number; bLo: number; bHi: number; level: number };

/**
 * The equal token pairs [i0, j0, i1, j1, …] of the alignment described above, in order; null when
 * there are none and the budget ran out looking. Stretches wait on a list, not the call stack: versions written to nest anchors
 * deeply cannot overflow it.
 */
function alignTokens(a: Int32Array, b: Int32Array, kinds: readonly number[]): Int32Array | null {
  // Pairs by old token: each old token is paired at most once, and the alignment keeps order.
  const pairedWith = new Int32Array(a.length).fill(-1);
  const pair = (i: number, j: number) => void (pairedWith[i] = j);
  const waiting: Stretch[] = [{ aLo: 0, aHi: a.length, bLo: 0, bHi: b.length, level: PARAGRAPHS }];
  // Word-by-word diffing, shared by every stretch: its cost grows with the edits it looks through.
  let editsLeft = MAX_EDIT_TOKENS;
  let hasGivenUp = false;
  for (let stretch = waiting.pop(); stretch; stretch = waiting.pop()) {
    let { aLo, aHi, bLo, bHi } = stretch;
    const { level } = stretch;
    // The common head and tail, in whole paragraphs (sentences) above the words' level: token by
    // token, "Students must read chapter " of a deleted item would pair with the next item's.
    let head = 0;
    while (aLo + head < aHi && bLo + head < bHi && a[aLo + head] === b[bLo + head]) head += 1;
    // The tail never takes what the head had in common: of repeated sentences, the first ones stay paired.
    const [aHeadEnd, bHeadEnd] = [aLo + head, bLo + head];
    if (level !== WORDS && aLo + head < aHi && bLo + head < bHi)
      while (head > 0 && !endsSegment(a, aLo + head - 1, aLo, level, kinds)) head -= 1;
    for (let k = 0; k < head; k += 1) pair(aLo + k, bLo + k);
    [aLo, bLo] = [aLo + head, bLo + head];
    let tail = 0;
    while (aHeadEnd < aHi - tail && bHeadEnd < bHi - tail && a[aHi - 1 - tail] === b[bHi - 1 - tail]) tail += 1;
    if (level !== WORDS && aLo < aHi - tail && bLo < bHi - tail)
      while (tail > 0 && !endsSegment(a, aHi - tail - 1, aLo, level, kinds) && !startsSegment(a, aHi - tail, level, kinds)) tail -= 1;
    for (let k = 1; k <= tail; k += 1) pair(aHi - k, bHi - k);
    [aHi, bHi] = [aHi - tail, bHi - tail];
    if (aLo === aHi || bLo === bHi) continue;
    if (level === WORDS) {
      // Past what is left of the budget, this stretch stays unpaired (its notes are placed by their
      // quotes); the anchors and the other stretches keep theirs.
      const middle = myers(a.subarray(aLo, aHi), b.subarray(bLo, bHi), editsLeft);
      editsLeft -= middle.edits;
      hasGivenUp ||= middle.pairs === null;
      if (middle.pairs) for (let p = 0; p < middle.pairs.length; p += 2) pair(middle.pairs[p] + aLo, middle.pairs[p + 1] + bLo);
      continue;
    }
    const anchors = uniqueAnchors(a, b, { aLo, aHi, bLo, bHi, level }, kinds);
    if (anchors.length === 0) {
      waiting.push({ aLo, aHi, bLo, bHi, level: level + 1 });
      continue;
    }
    // The stretches between anchors may hold passages that are unique within them, though not in the whole.
    let [lastA, lastB] = [aLo, bLo];
    for (const anchor of anchors) {
      waiting.push({ aLo: lastA, aHi: anchor.aStart, bLo: lastB, bHi: anchor.bStart, level });
      for (let k = 0; k < anchor.aEnd - anchor.aStart; k += 1) pair(anchor.aStart + k, anchor.bStart + k);
      [lastA, lastB] = [anchor.aEnd, anchor.bEnd];
    }
    waiting.push({ aLo: lastA, aHi, bLo: lastB, bHi, level });
  }
  const pairs: number[] = [];
  for (let i = 0; i < a.length; i += 1) if (pairedWith[i] >= 0) pairs.push(i, pairedWith[i]);
  return hasGivenUp && pairs.length === 0 ? null : Int32Array.from(pairs);
}

type Segment = { start: number; end: number; key: string; words: number };
type Anchor = { aStart: number; aEnd: number; bStart: number; bEnd: number };

/**
 * The paragraphs (or sentences) with words that occur once in each side of the stretch, word for
 * word, paired: of those, the heaviest chain (by words) in the same order on both sides.
 */
function uniqueAnchors(a: Int32Array, b: Int32Array, stretch: Stretch, kinds: readonly number[]): Anchor[] {
  const inA = countSegments(segments(a, stretch.aLo, stretch.aHi, stretch.level, kinds));
  const inB = countSegments(segments(b, stretch.bLo, stretch.bHi, stretch.level, kinds));
  const candidates: { a: Segment; b: Segment }[] = [];
  for (const [key, first] of inA) {
    const second = inB.get(key);
    if (first.count === 1 && second?.count === 1) candidates.push({ a: first.segment, b: second.segment });
  }
  if (candidates.length === 0) return [];
  candidates.sort((x, y) => x.a.start - y.a.start);
  return heaviestIncreasingChain(candidates).map(({ a: old, b: now }) => ({
    aStart: old.start,
    aEnd: old.end,
    bStart: now.start,
    bEnd: now.end,
  }));
}

/** The stretch's runs of tokens between paragraph breaks (and, for sentences, sentence ends), trimmed of spaces at their edges. */
function segments(tokens: Int32Array, lo: number, hi: number, level: number, kinds: readonly number[]): Segment[] {
  const found: Segment[] = [];
  let start = lo;
  const close = (end: number) => {
    let [first, last] = [start, end];
    while (first < last && kinds[tokens[first]] & IS_SPACE) first += 1;
    while (last > first && kinds[tokens[last - 1]] & IS_SPACE) last -= 1;
    let words = 0;
    for (let k = first; k < last; k += 1) if (kinds[tokens[k]] & IS_WORD) words += 1;
    if (words > 0) found.push({ start: first, end: last, key: tokens.subarray(first, last).join(","), words });
  };
  for (let k = lo; k < hi; k += 1) {
    if (!endsSegment(tokens, k, lo, level, kinds)) continue;
    close(kinds[tokens[k]] & ENDS_SENTENCE_ALONE ? k + 1 : k);
    start = k + 1;
  }
  close(hi);
  return found;
}

/** Whether token `k` ends a paragraph (or sentence): a line break, a space after a sentence's end, or an end that needs no space. */
function endsSegment(tokens: Int32Array, k: number, lo: number, level: number, kinds: readonly number[]): boolean {
  const kind = kinds[tokens[k]];
  if (kind & IS_LINE_BREAK) return true;
  if (level !== SENTENCES) return false;
  return (kind & ENDS_SENTENCE_ALONE) !== 0 || ((kind & IS_SPACE) !== 0 && k > lo && (kinds[tokens[k - 1]] & ENDS_SENTENCE) !== 0);
}

/** Whether a paragraph (or sentence) starts at token `k`: the tail from there is whole ones. */
function startsSegment(tokens: Int32Array, k: number, level: number, kinds: readonly number[]): boolean {
  const kind = kinds[tokens[k]];
  return (
    (kind & IS_LINE_BREAK) !== 0 ||
    (level === SENTENCES && (kind & IS_SPACE) !== 0 && k > 0 && (kinds[tokens[k - 1]] & ENDS_SENTENCE) !== 0)
  );
}

function countSegments(found: Segment[]): Map<string, { count: number; segment: Segment }> {
  const counted = new Map<string, { count: number; segment: Segment }>();
  for (const segment of found) {
    const seen = counted.get(segment.key);
    if (seen) seen.count += 1;
    else counted.set(segment.key, { count: 1, segment });
  }
  return counted;
}

/**
 * Of pairs sorted by their old place, the chain whose new places also rise with the most words in
 * all: a longest increasing subsequence weighted by words, over a Fenwick tree of new places.
 */
function heaviestIncreasingChain<T extends { a: Segment; b: Segment }>(pairs: T[]): T[] {
  const ranks = [...pairs.keys()].sort((x, y) => pairs[x].b.start - pairs[y].b.start);
  const rankOf = new Int32Array(pairs.length);
  ranks.forEach((index, rank) => (rankOf[index] = rank + 1));
  const bestWeight = new Float64Array(pairs.length + 1);
  const bestIndex = new Int32Array(pairs.length + 1).fill(-1);
  const weight = new Float64Array(pairs.length);
  const previous = new Int32Array(pairs.length).fill(-1);
  for (let index = 0; index < pairs.length; index += 1) {
    // The heaviest chain ending below this pair's new place.
    let [below, belowIndex] = [0, -1];
    for (let r = rankOf[index] - 1; r > 0; r -= r & -r) {
      if (bestWeight[r] > below) [below, belowIndex] = [bestWeight[r], bestIndex[r]];
    }
    weight[index] = below + pairs[index].a.words;
    previous[index] = belowIndex;
    for (let r = rankOf[index]; r <= pairs.length; r += r & -r) {
      if (weight[index] > bestWeight[r]) [bestWeight[r], bestIndex[r]] = [weight[index], index];
    }
  }
  let last = 0;
  for (let index = 1; index < pairs.length; index += 1) if (weight[index] > weight[last]) last = index;
  const chain: T[] = [];
  for (let index = last; index >= 0; index = previous[index]) chain.push(pairs[index]);
  return chain.reverse();
}

/** The equal pairs of a shortest edit script within `budget` edits (null past it), and the edits it looked through. */
function myers(a: Int32Array, b: Int32Array, budget: number): { pairs: number[] | null; edits: number } {
  const n = a.length;
  const m = b.length;
  if (n === 0 || m === 0) return { pairs: [], edits: n + m };
  // At least the difference in length is inserted or deleted: past the budget, nothing to look for.
  if (Math.abs(n - m) > budget) return { pairs: null, edits: 0 };
  const max = Math.min(n + m, budget);
  const offset = max + 1;
  const v = new Int32Array(2 * max + 3);
  // The frontier after each d, kept only over -d..d: D² numbers in all, not D·(N+M).
  const trace: Int32Array[] = [];
  for (let d = 0; d <= max; d += 1) {
    for (let k = -d; k <= d; k += 2) {
      let x = k === -d || (k !== d && v[offset + k - 1] < v[offset + k + 1]) ? v[offset + k + 1] : v[offset + k - 1] + 1;
      let y = x - k;
      while (x < n && y < m && a[x] === b[y]) {
        x += 1;
        y += 1;
      }
      v[offset + k] = x;
      if (x >= n && y >= m) {
        trace.push(v.slice(offset - d, offset + d + 1));
        return { pairs: backtrack(trace, a, b), edits: d };
      }
    }
    trace.push(v.slice(offset - d, offset + d + 1));
  }
  return { pairs: null, edits: max };
}

function backtrack(trace: Int32Array[], a: Int32Array, b: Int32Array): number[] {
  const reversed: number[] = [];
  let x = a.length;
  let y = b.length;
  for (let d = trace.length - 1; d > 0; d -= 1) {
    // trace[d - 1] holds the frontier after d - 1 edits, diagonal k at index k + d - 1.
    const previous = trace[d - 1];
    const k = x - y;
    const isDown = k === -d || (k !== d && previous[k - 1 + d - 1] < previous[k + 1 + d - 1]);
    const previousK = isDown ? k + 1 : k - 1;
    const previousX = previous[previousK + d - 1];
    const previousY = previousX - previousK;
    // The diagonal run after this step's edit: equal tokens.
    while (x > previousX && y > previousY) {
      x -= 1;
      y -= 1;
      reversed.push(y, x);
    }
    x = previousX;
    y = previousY;
  }
  while (x > 0 && y > 0) {
    x -= 1;
    y -= 1;
    reversed.push(y, x);
  }
  reversed.reverse();
  return reversed;
}
