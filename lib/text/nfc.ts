/**
 * Text in Unicode's composed form (NFC), with the way between its offsets and the original's.
 * "é" may be one code unit (U+00E9) or two ("e" + U+0301): the same letter to a reader, two
 * different strings to every comparison, and macOS tools often write the second. Readings are
 * stored composed (lib/documents/convert-reading.ts), and re-anchoring compares composed texts
 * (lib/anchoring/reanchor.ts): a new version that differed only in this way orphaned the
 * annotations on every accented word (found by an independent check).
 */
export type NfcText = {
  text: string;
  /** Where an offset of the original lands in `text`; one inside a character that composed lands at its start. */
  toNfc: (offset: number) => number;
  /** Where an offset of `text` lands in the original; one inside a composed character lands at its start. */
  fromNfc: (offset: number) => number;
};

const identity = (offset: number) => offset;

export function toNfc(original: string): NfcText {
  const composed = original.normalize("NFC");
  if (composed === original) return { text: original, toNfc: identity, fromNfc: identity };
  // Composition never reaches across a grapheme cluster (a base and its marks, a Hangul syllable's
  // jamo), so clusters are composed one at a time and their starts are the offsets that map.
  const originalStarts: number[] = [];
  const composedStarts: number[] = [];
  let text = "";
  for (const { segment, index } of new Intl.Segmenter(undefined, { granularity: "grapheme" }).segment(original)) {
    originalStarts.push(index);
    composedStarts.push(text.length);
    text += segment.normalize("NFC");
  }
  // Should a cluster ever compose with its neighbour, offsets would be wrong: keep the text as it was.
  if (text !== composed) return { text: original, toNfc: identity, fromNfc: identity };
  originalStarts.push(original.length);
  composedStarts.push(text.length);
  const across = (from: number[], to: number[]) => (offset: number) => {
    // The last cluster start at or before `offset`; past it, within the cluster, the offset moves with it.
    let low = 0;
    let high = from.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if (from[middle] <= offset) low = middle;
      else high = middle - 1;
    }
    return to[low];
  };
  return { text, toNfc: across(originalStarts, composedStarts), fromNfc: across(composedStarts, originalStarts) };
}
