/**
 * Where each character of an old version went in the new one, from a word-level diff.
 *
 * Re-anchoring knows something a browser anchoring a stored quote does not: the old text itself.
 * A diff of the two versions says which characters survived unchanged and where they are now, so
 * an annotation whose words were untouched is carried over by construction — even a phrase that
 * repeats elsewhere, which no amount of quote matching can tell apart from its twins.
 *
 * The diff is Myers' O((N+M)·D) algorithm over tokens (words, runs of spaces, single punctuation
 * marks), after trimming the common head and tail: a typo fix costs next to nothing, and a new
 * edition of a long book stays within `MAX_EDIT_TOKENS`, past which we give up on the map (every
 * annotation then falls back to quote matching, which still works, only slower).
 */

/** Past this many inserted plus deleted tokens the versions are too different for a map to help. */
const MAX_EDIT_TOKENS = 12_000;

const TOKEN = /[\p{L}\p{N}_]+|\s+|[^\p{L}\p{N}_\s]/gu;

type Tokens = { ids: Int32Array; starts: Int32Array };

function tokenize(text: string, vocabulary: Map<string, number>): Tokens {
  const ids: number[] = [];
  const starts: number[] = [];
  for (const match of text.matchAll(TOKEN)) {
    let id = vocabulary.get(match[0]);
    if (id === undefined) {
      id = vocabulary.size;
      vocabulary.set(match[0], id);
    }
    ids.push(id);
    starts.push(match.index);
  }
  starts.push(text.length);
  return { ids: Int32Array.from(ids), starts: Int32Array.from(starts) };
}

/**
 * For every code unit of `oldText`, its offset in `newText` when the diff kept it, else -1.
 * Null when the versions differ by more than the diff is allowed to spend on.
 */
export function mapOldToNew(oldText: string, newText: string): Int32Array | null {
  const map = new Int32Array(oldText.length).fill(-1);
  if (oldText === newText) {
    for (let i = 0; i < map.length; i += 1) map[i] = i;
    return map;
  }
  const vocabulary = new Map<string, number>();
  const a = tokenize(oldText, vocabulary);
  const b = tokenize(newText, vocabulary);
  const pairs = diffTokens(a.ids, b.ids);
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

/** The equal token pairs [i0, j0, i1, j1, …] of a shortest edit script, or null past the budget. */
function diffTokens(a: Int32Array, b: Int32Array): Int32Array | null {
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head += 1;
  let tail = 0;
  while (tail < a.length - head && tail < b.length - head && a[a.length - 1 - tail] === b[b.length - 1 - tail]) tail += 1;

  const pairs: number[] = [];
  for (let k = 0; k < head; k += 1) pairs.push(k, k);
  const middle = myers(a.subarray(head, a.length - tail), b.subarray(head, b.length - tail));
  if (!middle) return null;
  for (let p = 0; p < middle.length; p += 2) pairs.push(middle[p] + head, middle[p + 1] + head);
  for (let k = tail; k > 0; k -= 1) pairs.push(a.length - k, b.length - k);
  return Int32Array.from(pairs);
}

function myers(a: Int32Array, b: Int32Array): number[] | null {
  const n = a.length;
  const m = b.length;
  if (n === 0 || m === 0) return [];
  const max = Math.min(n + m, MAX_EDIT_TOKENS);
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
        return backtrack(trace, a, b);
      }
    }
    trace.push(v.slice(offset - d, offset + d + 1));
  }
  return null;
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
