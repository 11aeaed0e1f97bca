/**
 * Levenshtein distance as the textbook table, filled cell by cell in two rows: the reference
 * lib/text/edit-distance.ts is tested against (its test) and measured beside (scripts/bench-reanchor.ts),
 * and what re-anchoring computed before the bit vectors.
 */
export function tableEditDistance(a: string, b: string): number {
  let previous = new Int32Array(b.length + 1).map((_, j) => j);
  let current = new Int32Array(b.length + 1);
  for (let i = 1; i <= a.length; i += 1) {
    current[0] = i;
    const code = a.charCodeAt(i - 1);
    for (let j = 1; j <= b.length; j += 1) {
      current[j] = Math.min(previous[j - 1] + (code === b.charCodeAt(j - 1) ? 0 : 1), previous[j] + 1, current[j - 1] + 1);
    }
    [previous, current] = [current, previous];
  }
  return previous[b.length];
}
