import { describe, expect, it } from "vitest";
import { buildCorpus, REVISION_KINDS, tally } from "@/tests/reanchor-corpus";
import { reanchorTargets } from "./reanchor";
import { describeTextRange } from "./text-quote";

function targetOf(text: string, start: number, end: number) {
  const { quote } = describeTextRange(text, start, end);
  return { exact: quote.exact, prefix: quote.prefix, suffix: quote.suffix, start, end };
}

describe("reanchorTargets", () => {
  it("keeps an annotation whose text did not move anchored, and moves one after an inserted sentence", () => {
    const before = "The cat sat on the mat. The dog slept.";
    const after = "A bird sang. The cat sat on the mat. The dog slept.";
    const [cat] = reanchorTargets(before, after, [targetOf(before, 4, 7)]);
    expect(cat).toEqual({ status: "relocated", start: 17, end: 20, score: 1 });
    const [same] = reanchorTargets(before, before, [targetOf(before, 4, 7)]);
    expect(same.status).toBe("anchored");
  });

  it("orphans an annotation whose words were deleted, even when the same word occurs elsewhere", () => {
    const before = "The treaty was signed in May. Critics called the treaty a failure. Later the treaty was revised.";
    const after = "The treaty was signed in May. Later the treaty was revised.";
    const start = before.indexOf("treaty a failure");
    const [placement] = reanchorTargets(before, after, [targetOf(before, start, start + "treaty".length)]);
    expect(placement.status).toBe("orphaned");
  });

  it("finds a quote with a rewritten word where the diff put the rest of it", () => {
    const before = "Officials said the border would stay closed for the rest of the winter season.";
    const after = "Officials said the frontier would stay closed for the rest of the winter season.";
    const start = before.indexOf("the border would stay closed");
    const [placement] = reanchorTargets(before, after, [targetOf(before, start, start + "the border would stay closed".length)]);
    expect(placement.status).toBe("relocated");
    expect(after.slice(placement.start!, placement.end!)).toBe("the frontier would stay closed");
  });

  // A small, fast cut of the corpus `npm run bench:reanchor` measures (tests/reanchor-corpus.ts):
  // one revision of each kind, 120 annotations each, the truth known by construction.
  it("places no annotation wrongly and ≥ 95% of those whose words still exist, on every kind of revision", () => {
    const corpus = buildCorpus({ rounds: 1, annotationsPerRevision: 120, seed: 7 });
    expect(corpus.map((revision) => revision.name)).toEqual([...REVISION_KINDS]);
    let wrong = 0;
    let exists = 0;
    let placed = 0;
    for (const revision of corpus) {
      const placements = reanchorTargets(revision.oldText, revision.newText, revision.annotations).map((placement) =>
        placement.status === "orphaned" ? null : { start: placement.start, end: placement.end },
      );
      const result = tally(revision, placements);
      wrong += result.wrong;
      exists += result.exists;
      placed += result.placedWhereWordsExist;
    }
    expect(wrong).toBe(0);
    expect(exists).toBeGreaterThan(900);
    expect(placed / exists).toBeGreaterThanOrEqual(0.95);
  });
});
