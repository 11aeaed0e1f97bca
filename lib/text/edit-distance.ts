import { editDistanceSteps, type WorkBudget } from "./work-budget";

/**
 * Levenshtein distance between two strings (UTF-16 code units: insertions, deletions and
 * substitutions cost one each).
 *
 * A shared head and tail cost nothing and are dropped first: a quote with one word changed leaves
 * a few characters to compare. What is left is compared 32 rows at a time with bit vectors
 * (Myers 1999, in Hyyrö's form for the distance between whole strings): time grows with the
 * product of the lengths over 32, not with the product itself. Re-anchoring compares quotes of up
 * to 50,000 characters with the places they may have moved to; cell by cell, one such pair took
 * over 5 s of the server's time (and a reading's version is added while every other request waits).
 */
export function editDistance(first: string, second: string, budget?: WorkBudget): number {
  if (first === second) return 0;
  let head = 0;
  while (head < first.length && head < second.length && first.charCodeAt(head) === second.charCodeAt(head)) head += 1;
  let tail = 0;
  while (
    tail < first.length - head &&
    tail < second.length - head &&
    first.charCodeAt(first.length - 1 - tail) === second.charCodeAt(second.length - 1 - tail)
  )
    tail += 1;
  const a = first.slice(head, first.length - tail);
  const b = second.slice(head, second.length - tail);
  if (a.length === 0) return b.length;
  if (b.length === 0) return a.length;
  // What is left to compare is what costs: a budget is charged for it (and may refuse it) here.
  budget?.spend(editDistanceSteps(a.length, b.length));
  // The shorter one is the "pattern" whose characters are the bit vectors' rows.
  return a.length <= b.length ? bitParallelDistance(a, b) : bitParallelDistance(b, a);
}

/**
 * The distance between `pattern` (the rows, in blocks of 32) and `text` (the columns, one at a
 * time). Each block keeps, for its rows of the current column, whether the distance went up (Pv)
 * or down (Mv) from the row above; a column is computed from the previous one with a few word
 * operations per block, the change along the block's last row carried into the next block.
 */
function bitParallelDistance(pattern: string, text: string): number {
  const blocks = Math.ceil(pattern.length / 32);
  // For each character, the rows of the pattern that hold it.
  const rowsOf = new Map<number, Int32Array>();
  for (let row = 0; row < pattern.length; row += 1) {
    const code = pattern.charCodeAt(row);
    let rows = rowsOf.get(code);
    if (!rows) rowsOf.set(code, (rows = new Int32Array(blocks)));
    rows[row >>> 5] |= 1 << (row & 31);
  }
  const none = new Int32Array(blocks);
  const up = new Int32Array(blocks).fill(-1); // every row one more than the row above: column 0 is 0, 1, 2, …
  const down = new Int32Array(blocks);
  const lastRowBit = 1 << ((pattern.length - 1) & 31);
  let distance = pattern.length;
  for (let column = 0; column < text.length; column += 1) {
    const equal = rowsOf.get(text.charCodeAt(column)) ?? none;
    // Row 0 of every column is one more than the last: D[0][j] = j.
    let carry = 1;
    for (let block = 0; block < blocks; block += 1) {
      const pv = up[block];
      const mv = down[block];
      let eq = equal[block];
      const xv = eq | mv;
      if (carry < 0) eq |= 1;
      const xh = (((eq & pv) + pv) ^ pv) | eq;
      let ph = mv | ~(xh | pv);
      let mh = pv & xh;
      const highBit = block === blocks - 1 ? lastRowBit : 1 << 31;
      const out = ph & highBit ? 1 : mh & highBit ? -1 : 0;
      ph <<= 1;
      mh <<= 1;
      if (carry < 0) mh |= 1;
      else if (carry > 0) ph |= 1;
      up[block] = mh | ~(xv | ph);
      down[block] = ph & xv;
      carry = out;
    }
    distance += carry;
  }
  return distance;
}
