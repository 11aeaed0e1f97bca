// Benchmark: re-anchoring annotations onto a revised text. Three approaches on the same corpus
// (tests/reanchor-corpus.ts: revisions of the seeded article, with each annotation's true new
// span known by construction), side by side:
//   - ours: lib/anchoring/reanchor.ts (diff, then exact quote, then fuzzy, with thresholds);
//   - Hypothesis's approach: the position selector if the quote is still there, else the best
//     approx-string-match candidate scored with match-quote's published weights (quote 50,
//     prefix 20, suffix 20, position 2), whatever its score;
//   - exact only, as Apache Annotator's TextQuoteSelector matcher: prefix + exact + suffix must
//     occur verbatim; the first occurrence is taken.
// Usage: npm run bench:reanchor [-- --rounds 3 --annotations 300]
import { performance as clock } from "node:perf_hooks";
import approxSearch from "approx-string-match";
import { reanchorTargets, type StoredTarget } from "@/lib/anchoring/reanchor";
import { editDistance } from "@/lib/text/edit-distance";
import { tableEditDistance } from "@/tests/edit-distance-table";
import { buildCorpus, REVISION_KINDS, tally, type CorpusRevision, type Placed, type Tally } from "@/tests/reanchor-corpus";

function argument(name: string, fallback: number): number {
  const at = process.argv.indexOf(`--${name}`);
  return at === -1 ? fallback : Number(process.argv[at + 1]);
}

const ROUNDS = argument("rounds", 3);
const ANNOTATIONS = argument("annotations", 300);
const REPEATS = 3;

type Method = { name: string; run: (revision: CorpusRevision) => Placed[] };

const ours: Method = {
  name: "ours",
  run: ({ oldText, newText, annotations }) =>
    reanchorTargets(oldText, newText, annotations).map((placement) =>
      placement.status === "orphaned" ? null : { start: placement.start, end: placement.end },
    ),
};

/** Hypothesis's anchoring of a text quote, as its client does it: position first, then match-quote. */
const hypothesis: Method = {
  name: "Hypothesis (match-quote)",
  run: ({ newText, annotations }) => annotations.map((target) => hypothesisAnchor(newText, target)),
};

function hypothesisAnchor(text: string, target: StoredTarget): Placed {
  if (text.slice(target.start, target.end) === target.exact) return { start: target.start, end: target.end };
  const match = hypothesisMatchQuote(text, target.exact, { prefix: target.prefix, suffix: target.suffix, hint: target.start });
  return match ? { start: match.start, end: match.end } : null;
}

/** Exact matches when there are any, else matches within `maxErrors` (match-quote's `search`). */
function candidates(text: string, pattern: string, maxErrors: number) {
  const exact: { start: number; end: number; errors: number }[] = [];
  for (let at = text.indexOf(pattern); at !== -1; at = text.indexOf(pattern, at + 1))
    exact.push({ start: at, end: at + pattern.length, errors: 0 });
  return exact.length > 0 ? exact : approxSearch(text, pattern, maxErrors);
}

function similarity(text: string, pattern: string): number {
  if (pattern.length === 0 || text.length === 0) return 0;
  return 1 - candidates(text, pattern, pattern.length)[0].errors / pattern.length;
}

function hypothesisMatchQuote(text: string, quote: string, context: { prefix: string; suffix: string; hint: number }) {
  const matches = candidates(text, quote, Math.min(256, quote.length / 2));
  if (matches.length === 0) return null;
  let best: { start: number; end: number; score: number } | null = null;
  for (const match of matches) {
    const quoteScore = 1 - match.errors / quote.length;
    const prefixScore = context.prefix
      ? similarity(text.slice(Math.max(0, match.start - context.prefix.length), match.start), context.prefix)
      : 1;
    const suffixScore = context.suffix ? similarity(text.slice(match.end, match.end + context.suffix.length), context.suffix) : 1;
    const positionScore = 1 - Math.abs(match.start - context.hint) / text.length;
    const score = (50 * quoteScore + 20 * prefixScore + 20 * suffixScore + 2 * positionScore) / 92;
    if (!best || score > best.score) best = { start: match.start, end: match.end, score };
  }
  return best;
}

const exactOnly: Method = {
  name: "exact only (Apache Annotator)",
  run: ({ newText, annotations }) =>
    annotations.map((target) => {
      const at = newText.indexOf(target.prefix + target.exact + target.suffix);
      if (at === -1) return null;
      const start = at + target.prefix.length;
      return { start, end: start + target.exact.length };
    }),
};

const corpus = buildCorpus({ rounds: ROUNDS, annotationsPerRevision: ANNOTATIONS });
const methods = [ours, hypothesis, exactOnly];

function sum(tallies: Tally[]): Tally {
  return tallies.reduce(
    (total, each) => ({
      total: total.total + each.total,
      exists: total.exists + each.exists,
      placedOnTruth: total.placedOnTruth + each.placedOnTruth,
      orphaned: total.orphaned + each.orphaned,
      wrong: total.wrong + each.wrong,
      placedWhereWordsExist: total.placedWhereWordsExist + each.placedWhereWordsExist,
      cutShort: total.cutShort + each.cutShort,
    }),
    { total: 0, exists: 0, placedOnTruth: 0, orphaned: 0, wrong: 0, placedWhereWordsExist: 0, cutShort: 0 },
  );
}

const percent = (part: number, whole: number) => (whole === 0 ? "–" : `${((100 * part) / whole).toFixed(1)}%`);

const results = methods.map((method) => {
  const times: number[] = [];
  let placements: Placed[][] = [];
  for (let repeat = 0; repeat < REPEATS; repeat += 1) {
    const started = clock.now();
    placements = corpus.map((revision) => method.run(revision));
    times.push(clock.now() - started);
  }
  const perRevision = corpus.map((revision, i) => tally(revision, placements[i]));
  const byKind = new Map(REVISION_KINDS.map((kind) => [kind, sum(perRevision.filter((_, i) => corpus[i].name === kind))]));
  return { method, total: sum(perRevision), byKind, milliseconds: Math.min(...times) };
});

const annotationCount = corpus.reduce((count, revision) => count + revision.annotations.length, 0);
const exists = results[0].total.exists;
const gone = corpus.flatMap((revision) => revision.annotations).filter((annotation) => annotation.kind === "gone").length;
console.log(
  `Corpus: ${corpus.length} revisions of the seeded article (${ROUNDS} of each of ${REVISION_KINDS.length} kinds), ` +
    `${annotationCount} annotations: ${exists} whose words still exist, ${gone} whose words are gone, ` +
    `${annotationCount - exists - gone} partly rewritten or cut.\n`,
);
const header = ["approach", "on true span", "orphaned", "WRONG", "cut short", "placed where words exist", `time (best of ${REPEATS})`];
const rows = results.map(({ method, total, milliseconds }) => [
  method.name,
  percent(total.placedOnTruth, total.total),
  percent(total.orphaned, total.total),
  `${percent(total.wrong, total.total)} (${total.wrong})`,
  String(total.cutShort),
  percent(total.placedWhereWordsExist, total.exists),
  `${milliseconds.toFixed(0)} ms`,
]);
printTable([header, ...rows]);

console.log("\nBy kind of revision (ours · Hypothesis · exact only):");
printTable([
  ["revision", ...methods.map((method) => method.name)],
  ...REVISION_KINDS.map((kind) => [
    kind,
    ...results.map(
      ({ byKind }) =>
        `${byKind.get(kind)!.wrong} wrong, ${byKind.get(kind)!.cutShort} cut short, ${percent(byKind.get(kind)!.placedWhereWordsExist, byKind.get(kind)!.exists)} placed`,
    ),
  ]),
]);

// Long quotes: one annotation whose quote is a whole section, re-anchored when the text is replaced
// whole and when only its last word changes (a long word, then a hyphen). Beside it, in the same run,
// the edit distance of the two quotes cell by cell (the table re-anchoring computed before) and with
// the bit vectors it uses now.
console.log("\nLong quotes (ms, best of 3): re-anchoring one annotation, and one edit distance of its quote");
const bestOf = (run: () => unknown, times = 3) => {
  let fastest = Infinity;
  for (let i = 0; i < times; i += 1) {
    const started = clock.now();
    run();
    fastest = Math.min(fastest, clock.now() - started);
  }
  return fastest.toFixed(0);
};
const longRows = [["quote", "text replaced whole", "last word changed", "edit distance, cell by cell", "edit distance, bit vectors"]];
for (const length of [5_000, 20_000, 50_000]) {
  const words = (seed: number) =>
    Array.from({ length: length / 4 }, (_, i) => ((i * 7_919 + seed) % 100_000).toString(36))
      .join(" ")
      .slice(0, length);
  const [oldText, newText] = [words(1), words(2)];
  const whole: StoredTarget = { start: 0, end: oldText.length, exact: oldText, prefix: "", suffix: "" } as StoredTarget;
  const word = "a".repeat(length - 2);
  const lastWordTarget = { start: 6, end: 6 + length, exact: `${word}-b`, prefix: "start ", suffix: " end" } as StoredTarget;
  longRows.push([
    `${length.toLocaleString("en")} characters`,
    bestOf(() => reanchorTargets(oldText, newText, [whole])),
    bestOf(() => reanchorTargets(`start ${word}-b end`, `begin ${word}-c fin`, [lastWordTarget])),
    length > 20_000 ? `${bestOf(() => tableEditDistance(oldText, newText), 1)} (once)` : bestOf(() => tableEditDistance(oldText, newText)),
    bestOf(() => editDistance(oldText, newText)),
  ]);
}
printTable(longRows);

function printTable(table: string[][]) {
  const widths = table[0].map((_, column) => Math.max(...table.map((row) => row[column].length)));
  for (const row of table) console.log(row.map((cell, column) => cell.padEnd(widths[column])).join("  "));
}
