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

  // Audit cases: the annotated passage was deleted, and its short quote happens to occur once
  // elsewhere in the new text. Unique is not the same as evidence: with no context agreeing, the
  // lone occurrence is an unrelated sentence, so the annotation must wait for a new place.
  const guilds = [
    "Rivers carry sediment from the mountains to the sea over thousands of years.",
    "Energy policy shapes how light industry grows in coastal towns.",
    "Photosynthesis converts light energy into chemical energy stored in glucose.",
    "Medieval guilds regulated prices, training and the quality of goods.",
  ];
  const asVersion = (paragraphs: string[]) => `T\n\n${paragraphs.join("\n\n")}`;

  it("orphans a short quote unique in both versions whose paragraph was deleted, not its lone twin in a new sentence", () => {
    const before = asVersion(guilds);
    const after = asVersion([guilds[0], guilds[1], guilds[3], "Solar panels convert light energy into electricity."]);
    const start = before.indexOf("light energy");
    const [placement] = reanchorTargets(before, after, [targetOf(before, start, start + "light energy".length)]);
    expect(placement.status).toBe("orphaned");
  });

  it("orphans short quotes when the whole text is replaced by unrelated sentences that happen to contain them", () => {
    const before = asVersion(guilds);
    const after = asVersion(["Completely different text about the quality of rivers.", "Rivers carry nothing here."]);
    const targets = ["Rivers carry", "the quality"].map((quote) => {
      const start = before.indexOf(quote);
      return targetOf(before, start, start + quote.length);
    });
    const placements = reanchorTargets(before, after, targets);
    expect(placements.map((placement) => placement.status)).toEqual(["orphaned", "orphaned"]);
  });

  it("still places a short unique quote whose paragraph moved intact, by its agreeing context", () => {
    const before = asVersion(guilds);
    const after = asVersion([guilds[2], "A new opening paragraph, written for this edition.", guilds[0], guilds[1], guilds[3]]);
    const start = before.indexOf("light energy");
    const [placement] = reanchorTargets(before, after, [targetOf(before, start, start + "light energy".length)]);
    expect(placement.status).toBe("relocated");
    expect(after.slice(placement.start!, placement.end!)).toBe("light energy");
    expect(placement.start).toBe(after.indexOf("light energy"));
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
