/**
 * A corpus for judging re-anchoring: revisions of a real text, each with hundreds of annotations
 * on the old version and, for each, where its words truly are in the new one.
 *
 * The truth is not guessed by any matcher: every character of a revision remembers which
 * character of the original it is (or that it is new), because the revisions are made by editing
 * an array of (character, origin) pairs. An annotation's words "still exist" when at least 80% of
 * its characters survive in one place; its true span is then where they are. Words of which less
 * than half survive are "gone"; in between (partly rewritten, cut, or split apart), placing on the
 * survivors and orphaning are both fair. Painting text that is mostly not the annotated words is
 * wrong, whatever the kind.
 *
 * Deterministic: a seeded generator, so every run measures the same corpus.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { describeTextRange, type TextRange } from "@/lib/anchoring/text-quote";
import { parsePlainTextArticle } from "@/lib/documents/parse-plain-text-article";

export type CorpusAnnotation = {
  exact: string;
  prefix: string;
  suffix: string;
  start: number;
  end: number;
  /** "exists": should be placed on `truth`; "gone": should be orphaned; "partial": either. */
  kind: "exists" | "partial" | "gone";
  truth: TextRange | null;
};

/** `origins[i]`: which character of `oldText` the new text's character i is, or -1 for a new one. */
export type CorpusRevision = { name: string; oldText: string; newText: string; origins: Int32Array; annotations: CorpusAnnotation[] };

type Doc = { chars: string[]; origins: number[] };

export const REVISION_KINDS = [
  "typo fixes",
  "sentences inserted",
  "sentences removed",
  "paragraphs reordered",
  "paragraphs split",
  "paragraphs merged",
  "words rewritten",
  "passages deleted",
  "sentences echoed elsewhere",
  "a new edition (all of the above)",
  // Corrections of the kind the settings page's editor is for (QA round 6): one word at a time.
  "words inserted inside phrases",
  "words inflected or respelt",
  "corrections reverted",
] as const;

type RevisionKind = (typeof REVISION_KINDS)[number];

/** What "a new edition" does: every edit above it in the list. */
const NEW_EDITION_EDITS = REVISION_KINDS.slice(0, REVISION_KINDS.indexOf("a new edition (all of the above)"));

export function seededArticleText(): string {
  const source = readFileSync(path.join(process.cwd(), "content", "taliban-ttp-and-pakistan.txt"), "utf8");
  return parsePlainTextArticle(source).text;
}

/** `rounds` revisions of each kind, `annotationsPerRevision` annotations on each. */
export function buildCorpus(options: { rounds: number; annotationsPerRevision: number; seed?: number }): CorpusRevision[] {
  const base = seededArticleText();
  const random = mulberry32(options.seed ?? 12);
  const revisions: CorpusRevision[] = [];
  for (let round = 0; round < options.rounds; round += 1) {
    for (const kind of REVISION_KINDS) {
      const doc: Doc = { chars: base.split(""), origins: [] };
      doc.origins = doc.chars.map((_, i) => i);
      if (kind === "corrections reverted") {
        revisions.push(revertedRevision(base, doc, random, options.annotationsPerRevision));
        continue;
      }
      applyRevision(kind, doc, random, base);
      const newText = doc.chars.join("");
      const annotations = makeAnnotations(base, options.annotationsPerRevision, random).map((range) => judge(base, doc, range));
      revisions.push({ name: kind, oldText: base, newText, origins: Int32Array.from(doc.origins), annotations });
    }
  }
  return revisions;
}

/**
 * A corrected version put back as it was ("so to say" → "so to speak" again): the annotations are
 * made on the corrected text, and the original is the new version.
 */
function revertedRevision(base: string, doc: Doc, random: () => number, annotationCount: number): CorpusRevision {
  for (const kind of ["words inflected or respelt", "words rewritten", "words inserted inside phrases"] as const) {
    applyRevision(kind, doc, random, base);
  }
  const corrected = doc.chars.join("");
  // Which character of the corrected text each of the original's is, or -1 for one the correction replaced.
  const back = new Array<number>(base.length).fill(-1);
  doc.origins.forEach((origin, at) => {
    if (origin >= 0) back[origin] = at;
  });
  const reverted: Doc = { chars: base.split(""), origins: back };
  const annotations = makeAnnotations(corrected, annotationCount, random).map((range) => judge(corrected, reverted, range));
  return { name: "corrections reverted", oldText: corrected, newText: base, origins: Int32Array.from(back), annotations };
}

function applyRevision(kind: RevisionKind, doc: Doc, random: () => number, base: string) {
  const words = base.match(/[A-Za-z’']{3,}/g) ?? ["word"];
  const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)];
  const times = (n: number, edit: () => void) => {
    for (let i = 0; i < n; i += 1) edit();
  };
  switch (kind) {
    case "typo fixes":
      return times(8, () => {
        const word = randomWord(doc, random);
        if (!word) return;
        const at = word.start + 1 + Math.floor(random() * Math.max(1, word.end - word.start - 2));
        replace(doc, at, at + 1, doc.chars[at] === "e" ? "a" : "e");
      });
    case "sentences inserted":
      return times(6, () => {
        const at = pick(sentenceBoundaries(doc));
        replace(doc, at, at, ` ${inventSentence(words, random)}`);
      });
    case "sentences removed":
      return times(5, () => {
        const sentence = pick(sentences(doc));
        if (sentence) replace(doc, sentence.start, sentence.end, "");
      });
    case "paragraphs reordered": {
      const paragraphs = splitParagraphs(doc);
      for (let i = paragraphs.length - 1; i > 0; i -= 1) {
        const j = Math.floor(random() * (i + 1));
        [paragraphs[i], paragraphs[j]] = [paragraphs[j], paragraphs[i]];
      }
      return joinParagraphs(doc, paragraphs);
    }
    case "paragraphs split":
      return times(5, () => {
        const at = pick(sentenceBoundaries(doc));
        if (doc.chars[at] === " ") replace(doc, at, at + 1, "\n\n");
      });
    case "paragraphs merged":
      return times(4, () => {
        const breaks = paragraphBreaks(doc);
        const at = pick(breaks);
        if (at !== undefined) replace(doc, at, at + 2, " ");
      });
    case "words rewritten":
      return times(12, () => {
        const word = randomWord(doc, random);
        if (word) replace(doc, word.start, word.end, pick(words));
      });
    case "passages deleted":
      return times(2, () => {
        const length = 200 + Math.floor(random() * 400);
        const start = Math.floor(random() * Math.max(1, doc.chars.length - length));
        replace(doc, start, start + length, "");
      });
    case "sentences echoed elsewhere":
      // The trap of hypothesis/client#7571: a sentence much like an annotated one appears
      // elsewhere (a quotation, a summary) while the original stays. A placement on the echo is wrong.
      return times(4, () => {
        const sentence = pick(sentences(doc));
        if (!sentence) return;
        let echo = doc.chars.slice(sentence.start, sentence.end).join("");
        echo = echo.replace(/\b[a-z]{4,}\b/, () => pick(words));
        // Elsewhere: an echo in the original's own surroundings would be a swap, not a trap.
        const far = sentenceBoundaries(doc).filter((at) => at < sentence.start - 300 || at > sentence.end + 300);
        if (far.length === 0) return;
        const at = pick(far);
        replace(doc, at, at, ` ${echo.trim()}`);
      });
    case "a new edition (all of the above)":
      for (const each of NEW_EDITION_EDITS) {
        if (each !== "paragraphs reordered" || random() < 0.5) applyRevision(each, doc, random, base);
      }
      return;
    case "words inserted inside phrases":
      // "the TTP" → "the banned TTP": a word added between two words of a sentence. Many of them
      // (one every 30 words or so), so that short annotations meet them too.
      return times(40, () => {
        const word = randomWord(doc, random);
        if (word && word.start > 0 && doc.chars[word.start - 1] === " ")
          replace(doc, word.start, word.start, `${pick(words).toLowerCase()} `);
      });
    case "words inflected or respelt":
      // "TTP" → "TTPs", "color" → "colour", "teh" → "the": most of the word's letters stay.
      return times(40, () => {
        const word = randomWord(doc, random);
        if (!word) return;
        const edit = Math.floor(random() * 3);
        if (edit === 0) return replace(doc, word.end, word.end, pick(["s", "es", "ed", "er", "ing"]));
        const at = word.start + 1 + Math.floor(random() * (word.end - word.start - 2));
        if (edit === 1) return replace(doc, at, at, pick(["u", "e", "i", "l"]));
        // Two letters swapped: each keeps its origin, as a transposition keeps the letters.
        [doc.chars[at], doc.chars[at + 1]] = [doc.chars[at + 1], doc.chars[at]];
        [doc.origins[at], doc.origins[at + 1]] = [doc.origins[at + 1], doc.origins[at]];
      });
    case "corrections reverted":
      throw new Error("A reverted correction is built by revertedRevision, from a corrected text.");
  }
}

function replace(doc: Doc, start: number, end: number, text: string) {
  const units = text.split("");
  doc.chars.splice(start, end - start, ...units);
  doc.origins.splice(start, end - start, ...units.map(() => -1));
}

function randomWord(doc: Doc, random: () => number): { start: number; end: number } | null {
  for (let attempt = 0; attempt < 20; attempt += 1) {
    let at = Math.floor(random() * doc.chars.length);
    while (at > 0 && /\w/.test(doc.chars[at - 1])) at -= 1;
    let end = at;
    while (end < doc.chars.length && /\w/.test(doc.chars[end])) end += 1;
    if (end - at >= 4) return { start: at, end };
  }
  return null;
}

function sentenceBoundaries(doc: Doc): number[] {
  const text = doc.chars.join("");
  return [...text.matchAll(/[.?!](?= [A-Z])/g)].map((match) => match.index + 1);
}

function sentences(doc: Doc): { start: number; end: number }[] {
  const text = doc.chars.join("");
  // A sentence with the space before it, so removing it leaves the paragraph well formed.
  return [...text.matchAll(/ [A-Z][^.?!\n]*[.?!](?= [A-Z]|\n|$)/g)].map((match) => ({
    start: match.index,
    end: match.index + match[0].length,
  }));
}

function paragraphBreaks(doc: Doc): number[] {
  const text = doc.chars.join("");
  return [...text.matchAll(/\n\n/g)].map((match) => match.index);
}

function splitParagraphs(doc: Doc): Doc[] {
  const paragraphs: Doc[] = [];
  let from = 0;
  for (const at of [...paragraphBreaks(doc), doc.chars.length]) {
    paragraphs.push({ chars: doc.chars.slice(from, at), origins: doc.origins.slice(from, at) });
    from = at + 2;
  }
  return paragraphs;
}

function joinParagraphs(doc: Doc, paragraphs: Doc[]) {
  doc.chars = paragraphs.flatMap((p, i) => (i === 0 ? p.chars : ["\n", "\n", ...p.chars]));
  doc.origins = paragraphs.flatMap((p, i) => (i === 0 ? p.origins : [-1, -1, ...p.origins]));
}

function inventSentence(words: string[], random: () => number): string {
  const count = 6 + Math.floor(random() * 12);
  const picked = Array.from({ length: count }, () => words[Math.floor(random() * words.length)].toLowerCase());
  return `${picked[0][0].toUpperCase()}${picked.join(" ").slice(1)}.`;
}

/** Word-aligned ranges, most of them short (one to a few words: the hard ones), some long. */
function makeAnnotations(text: string, count: number, random: () => number): TextRange[] {
  const words = [...text.matchAll(/[^\s]+/g)].map((match) => ({ start: match.index, end: match.index + match[0].length }));
  return Array.from({ length: count }, () => {
    const length = random() < 0.35 ? 1 + Math.floor(random() * 2) : 3 + Math.floor(random() * 22);
    const first = Math.floor(random() * (words.length - length));
    return { start: words[first].start, end: words[first + length - 1].end };
  });
}

function judge(oldText: string, doc: Doc, range: TextRange): CorpusAnnotation {
  const { quote } = describeTextRange(oldText, range.start, range.end);
  const survivors: number[] = [];
  doc.origins.forEach((origin, at) => {
    if (origin >= range.start && origin < range.end) survivors.push(at);
  });
  const length = range.end - range.start;
  const base = { exact: quote.exact, prefix: quote.prefix, suffix: quote.suffix, start: range.start, end: range.end };
  if (survivors.length === 0) return { ...base, kind: "gone", truth: null };
  const truth = { start: survivors[0], end: survivors[survivors.length - 1] + 1 };
  const survived = survivors.length / length;
  const isScattered = truth.end - truth.start > length * 1.5 + 10;
  if (survived < 0.5) return { ...base, kind: "gone", truth };
  return { ...base, kind: survived >= 0.8 && !isScattered ? "exists" : "partial", truth };
}

/** A small, fast, seedable generator (public-domain mulberry32). */
function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export type Placed = { start: number; end: number } | null;

export type Tally = {
  total: number;
  exists: number;
  placedOnTruth: number;
  orphaned: number;
  wrong: number;
  placedWhereWordsExist: number;
  /** Placed on the annotated words, but leaving out some of those that survived ("policy toward the " for "policy toward the TTP"). */
  cutShort: number;
};

/**
 * Scores placements by what they paint. A placement is WRONG when most of the characters it
 * paints are not the annotated words (another passage, an echo, new text); it is on the true
 * span when, besides, it covers most of the words that survived.
 */
export function tally(revision: CorpusRevision, placements: Placed[]): Tally {
  const result: Tally = { total: 0, exists: 0, placedOnTruth: 0, orphaned: 0, wrong: 0, placedWhereWordsExist: 0, cutShort: 0 };
  revision.annotations.forEach((annotation, i) => {
    const placed = placements[i];
    result.total += 1;
    if (annotation.kind === "exists") result.exists += 1;
    if (!placed) {
      result.orphaned += 1;
      return;
    }
    let own = 0;
    for (let at = placed.start; at < placed.end; at += 1) {
      const origin = revision.origins[at];
      if (origin >= annotation.start && origin < annotation.end) own += 1;
    }
    const survivors = annotation.truth ? survivorCount(revision, annotation) : 0;
    if (own * 2 <= placed.end - placed.start) {
      result.wrong += 1;
      return;
    }
    if (annotation.kind === "exists" && leavesOutSurvivingWords(revision, annotation, placed)) result.cutShort += 1;
    if (own * 2 < survivors) return;
    result.placedOnTruth += 1;
    if (annotation.kind === "exists") result.placedWhereWordsExist += 1;
  });
  return result;
}

function leavesOutSurvivingWords(revision: CorpusRevision, annotation: CorpusAnnotation, placed: { start: number; end: number }): boolean {
  for (let at = 0; at < revision.origins.length; at += 1) {
    const origin = revision.origins[at];
    if (origin < annotation.start || origin >= annotation.end) continue;
    if ((at < placed.start || at >= placed.end) && /[\p{L}\p{N}]/u.test(revision.newText[at])) return true;
  }
  return false;
}

function survivorCount(revision: CorpusRevision, annotation: CorpusAnnotation): number {
  let count = 0;
  for (const origin of revision.origins) if (origin >= annotation.start && origin < annotation.end) count += 1;
  return count;
}
