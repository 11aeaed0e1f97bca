import { describe, expect, it } from "vitest";
import { buildCorpus, REVISION_KINDS, tally } from "@/tests/reanchor-corpus";
import { placeOnNewVersion, reanchorTargets } from "./reanchor";
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

  // QA round 6, findings 3 and 4: one word of a short quote corrected, the rest of the sentence as
  // it was. The place is beyond doubt, so the annotation follows the words (the server keeps the
  // old wording as quoteWas); it must neither be orphaned nor cut short.
  const essay = (phrase: string) =>
    "Opening paragraph of the essay about policy and its consequences.\n\n" +
    `Pakistan's policy toward the TTP has been inconsistent, ${phrase}, for a decade now.\n\n` +
    "Closing paragraph here, about the policy of others.";

  it.each([
    [
      "a word inserted inside the quote",
      essay("so to speak"),
      "toward the TTP",
      "toward the banned TTP",
      "policy toward the TTP",
      "policy toward the banned TTP",
    ],
    ["a typo fixed at the quote's start", essay("teh policy"), "teh policy", "the policy", "teh policy", "the policy"],
    ["a respelling", essay("its color policy"), "color policy", "colour policy", "color policy", "colour policy"],
    ["a plural at the quote's end", essay("so to speak"), "the TTP has", "the TTPs has", "toward the TTP", "toward the TTPs"],
    ["a word lengthened at the quote's end", essay("in short"), "in short", "in shorter", "in short", "in shorter"],
    ["a word rewritten at the quote's end", essay("so to speak"), "so to speak", "so to say", "so to speak", "so to say"],
    ["the rewrite reverted", essay("so to say"), "so to say", "so to speak", "so to say", "so to speak"],
    ["an Urdu suffix", "پاکستان کی پالیسی واضح نہیں ہے۔\n\nمزید", "پالیسی", "پالیسیاں", "کی پالیسی", "کی پالیسیاں"],
    [
      "an Urdu suffix at the quote's start",
      "پاکستان کی پالیسی واضح نہیں ہے۔\n\nمزید",
      "پالیسی",
      "پالیسیاں",
      "پالیسی واضح",
      "پالیسیاں واضح",
    ],
  ])("follows %s onto the corrected words", (_, before, was, now, quote, expected) => {
    const after = before.replace(was, now);
    const start = before.indexOf(quote);
    const [placement] = reanchorTargets(before, after, [targetOf(before, start, start + quote.length)]);
    expect(placement.status).toBe("relocated");
    expect(after.slice(placement.start!, placement.end!)).toBe(expected);
    expect(placement.start).toBe(after.indexOf(expected));
  });

  it("puts words back where they were through two versions: so to speak → so to say → so to speak", () => {
    const [v1, v2, v3] = [essay("so to speak"), essay("so to say"), essay("so to speak")];
    const start = v1.indexOf("so to speak");
    const [onV2] = reanchorTargets(v1, v2, [targetOf(v1, start, start + "so to speak".length)]);
    expect(v2.slice(onV2.start!, onV2.end!)).toBe("so to say");
    // As the server stores it: the target re-described on v2, then carried on to v3.
    const [onV3] = reanchorTargets(v2, v3, [targetOf(v2, onV2.start!, onV2.end!)]);
    expect(onV3).toMatchObject({ status: "relocated", start, end: start + "so to speak".length });
  });

  // Finding 5: a character the new version changed must be painted whole or not at all.
  it("takes an emoji sequence that grew whole, never its first code units", () => {
    const before = "Opening words of the paragraph. Café 👩‍👩‍👧 family, and so on until the end.\n\nMore.";
    const after = before.replace("👩‍👩‍👧", "👩‍👩‍👧‍👦");
    const start = before.indexOf("👩");
    const [placement] = reanchorTargets(before, after, [targetOf(before, start, start + "👩‍👩‍👧".length)]);
    expect(placement.status).toBe("relocated");
    expect(after.slice(placement.start!, placement.end!)).toBe("👩‍👩‍👧‍👦");
  });

  it("takes a letter with the accent a correction added, not the letter alone", () => {
    const before = "A list of words in French: naïve cafe and résumé, written without care at first.";
    const after = before.replace("cafe", "cafe\u0301");
    const start = before.indexOf("naïve cafe");
    const [placement] = reanchorTargets(before, after, [targetOf(before, start, start + "naïve cafe".length)]);
    expect(placement.status).toBe("relocated");
    expect(after.slice(placement.start!, placement.end!)).toBe("naïve cafe\u0301");
  });

  // Near misses: each looks like a one-word correction, but the annotated words are not there.
  it.each([
    ["the quote's key words replaced", essay("so to speak"), "toward the TTP", "toward the Afghan government", "policy toward the TTP"],
    ["a short quote's noun replaced", essay("so to speak"), "the TTP", "the army", "the TTP"],
    [
      "a whole clause inserted inside the quote",
      essay("so to speak"),
      "toward the TTP",
      "toward the militant groups that Pakistan has long fought, among them the TTP",
      "policy toward the TTP",
    ],
    ["the phrase rewritten", essay("so to speak"), "so to speak", "in a manner of talking", "so to speak"],
  ])("orphans a quote with %s", (_, before, was, now, quote) => {
    const after = before.replace(was, now);
    const start = before.indexOf(quote);
    const [placement] = reanchorTargets(before, after, [targetOf(before, start, start + quote.length)]);
    expect(placement.status).toBe("orphaned");
  });

  it("orphans a quote whose sentence was deleted, not its twin with a word inserted elsewhere (cut short before)", () => {
    const kept = "Rivers carry sediment from the mountains to the sea over thousands of years.";
    const before = asVersion([kept, "Pakistan's policy toward the TTP has been inconsistent for a decade.", guilds[3]]);
    const after = asVersion([kept, guilds[3], "Critics write that the state's policy toward the banned TTP has been inconsistent."]);
    const start = before.indexOf("policy toward the TTP");
    const [placement] = reanchorTargets(before, after, [targetOf(before, start, start + "policy toward the TTP".length)]);
    expect(placement.status).toBe("orphaned");
  });

  it("orphans a short quote whose sentence was deleted while the same words stay elsewhere", () => {
    const before = essay("so to speak").replace("Closing paragraph here", "The TTP has grown. Closing paragraph here");
    const after = before.replace("Pakistan's policy toward the TTP has been inconsistent, so to speak, for a decade now.", "Nothing here.");
    const start = before.indexOf("the TTP has been");
    const [placement] = reanchorTargets(before, after, [targetOf(before, start, start + "the TTP".length)]);
    expect(placement.status).toBe("orphaned");
  });

  it("orphans a corrected quote whose sentence now occurs twice, rather than choose a copy", () => {
    const sentence = "Pakistan's policy toward the TTP has been inconsistent for a decade.";
    const before = asVersion([guilds[0], sentence, guilds[3]]);
    const corrected = sentence.replace("the TTP", "the TTPs");
    const after = asVersion([guilds[0], corrected, guilds[3], corrected]);
    const start = before.indexOf("toward the TTP");
    const [placement] = reanchorTargets(before, after, [targetOf(before, start, start + "toward the TTP".length)]);
    expect(placement.status).toBe("orphaned");
  });

  // A small, fast cut of the corpus `npm run bench:reanchor` measures (tests/reanchor-corpus.ts):
  // one revision of each kind, 120 annotations each, the truth known by construction.
  // An independent check: the annotated passage deleted, and another passage that reads alike
  // kept. Its words are the diff's carried copy of that other passage, never this note's place.
  it("orphans a note whose paragraph was deleted rather than put it on the same word in a parallel paragraph", () => {
    const before = [
      "Alpha paragraph talks about cats and their habits in the morning.",
      "Beta paragraph talks about cats and their habits in the evening.",
      "Gamma paragraph talks about something else entirely.",
    ].join("\n\n");
    const after = [before.split("\n\n")[0], before.split("\n\n")[2]].join("\n\n");
    const start = before.indexOf("cats", before.indexOf("Beta"));
    expect(reanchorTargets(before, after, [targetOf(before, start, start + 4)])[0].status).toBe("orphaned");
    // The note on the paragraph that stayed stays on it.
    const alpha = before.indexOf("cats");
    expect(reanchorTargets(before, after, [targetOf(before, alpha, alpha + 4)])[0]).toMatchObject({ status: "anchored", start: alpha });
  });

  it("orphans a note on a deleted list item rather than put it on a sibling item that differs by one word", () => {
    const before = [
      "Apples are grown in the north of the country.",
      "Pears are grown in the south of the country.",
      "Plums are imported from abroad every spring.",
    ].join("\n\n");
    const after = [before.split("\n\n")[0], before.split("\n\n")[2]].join("\n\n");
    const start = before.indexOf("grown in the south");
    expect(reanchorTargets(before, after, [targetOf(before, start, start + "grown in the south".length)])[0].status).toBe("orphaned");
  });

  it("orphans a note on a deleted last sentence rather than put it on an earlier one that begins alike", () => {
    const first = "The bell rang twice. Everyone stood up and walked to the window to look at the sea.";
    const before = `${first}\n\nLater that evening the bell rang twice. Everyone stood up and walked to the door.`;
    const after = `${first}\n\nLater that evening nothing happened.`;
    const start = before.lastIndexOf("Everyone");
    expect(reanchorTargets(before, after, [targetOf(before, start, before.length)])[0].status).toBe("orphaned");
  });

  it("leaves a whole section's note past its matching budget for a new place, and places its shorter neighbours", () => {
    // Sections of words that read alike, so that nothing but their edges tells a quote's place.
    const words = (count: number, seed: number) =>
      Array.from({ length: count }, (_, i) => ["policy", "state", "border", "talks", "group", "army"][(i * 7 + seed + (i >> 3)) % 6]).join(
        " ",
      );
    const [short, long] = [words(800, 1), words(8_000, 2)]; // ~5,000 and ~50,000 characters
    const oldText = `Opening.\n\n${short}\n\nMiddle.\n\n${long}\n\nClosing.`;
    // Both sections' first and last words changed: only fuzzy matching can find them again.
    const edited = (section: string) => `Xyz ${section.slice(section.indexOf(" ") + 1, section.lastIndexOf(" "))} Qrs`;
    const newText = oldText.replace(short, edited(short)).replace(long, edited(long));
    const target = (section: string) => {
      const start = oldText.indexOf(section);
      const { quote } = describeTextRange(oldText, start, start + section.length);
      return { exact: quote.exact, prefix: quote.prefix, suffix: quote.suffix, start, end: start + section.length };
    };

    const [shortPlaced, longPlaced] = reanchorTargets(oldText, newText, [target(short), target(long)]);
    const shortNow = newText.indexOf(edited(short));
    expect(shortPlaced).toMatchObject({ status: "relocated", start: shortNow, end: shortNow + edited(short).length });
    // Placing it would take ~3 billion steps (18–36 s of the server's thread): it is not tried.
    expect(longPlaced).toEqual({ status: "orphaned", start: null, end: null, score: 0 });
  });

  it("shares a version's fuzzy work: every annotation's small share first, then the long quotes in turn until the version's is spent", () => {
    const words = (count: number, seed: number) =>
      Array.from({ length: count }, (_, i) => ["policy", "state", "border", "talks", "group", "army"][(i * 7 + seed + (i >> 3)) % 6]).join(
        " ",
      );
    const sections = [words(800, 1), words(800, 2), words(800, 3)]; // ~5,000 characters each
    const sentence = "The ceasefire held through the winter despite several violations along the frontier.";
    const oldText = `Opening.\n\n${sections.join("\n\nBetween.\n\n")}\n\n${sentence}\n\nClosing.`;
    const edited = (section: string) => `Xyz ${section.slice(section.indexOf(" ") + 1, section.lastIndexOf(" "))} Qrs`;
    let newText = oldText.replace("violations", "breaches");
    for (const section of sections) newText = newText.replace(section, edited(section));
    const targetAt = (start: number, end: number) => {
      const { quote } = describeTextRange(oldText, start, end);
      return { exact: quote.exact, prefix: quote.prefix, suffix: quote.suffix, start, end };
    };
    const sectionTargets = sections.map((section) => targetAt(oldText.indexOf(section), oldText.indexOf(section) + section.length));
    // After the long quotes: a sentence with a word reworded (a little fuzzy work) and a passage untouched.
    const reworded = targetAt(oldText.indexOf(sentence), oldText.indexOf(sentence) + sentence.length);
    const untouched = targetAt(oldText.indexOf("Closing"), oldText.indexOf("Closing") + "Closing".length);
    const targets = [...sectionTargets, reworded, untouched];
    const alone = reanchorTargets(oldText, newText, targets);
    // Each is placed on its own, within its own bound (~26 million steps for each long quote).
    expect(alone.map((placement) => placement.status)).toEqual(["relocated", "relocated", "relocated", "relocated", "relocated"]);

    // With the version's budget for two of the long quotes: the third waits for a new place, and the
    // two after it, listed last, are placed as they are alone (they needed only their first share).
    const [shared] = placeOnNewVersion([{ text: oldText, targets }], newText, 65_000_000).placements;
    expect(shared).toEqual([alone[0], alone[1], { status: "orphaned", start: null, end: null, score: 0 }, alone[3], alone[4]]);
    // With none of the version's budget left for anyone, those needing only a little are still placed.
    const orphaned = { status: "orphaned", start: null, end: null, score: 0 };
    expect(placeOnNewVersion([{ text: oldText, targets }], newText, 0).placements).toEqual([
      [orphaned, orphaned, orphaned, alone[3], alone[4]],
    ]);
    // With the whole budget, exactly as alone.
    expect(placeOnNewVersion([{ text: oldText, targets }], newText).placements).toEqual([alone]);
  });

  it("places no annotation wrongly or cut short, and ≥ 95% of those whose words still exist, on every kind of revision", () => {
    const corpus = buildCorpus({ rounds: 1, annotationsPerRevision: 120, seed: 7 });
    expect(corpus.map((revision) => revision.name)).toEqual([...REVISION_KINDS]);
    let wrong = 0;
    let cutShort = 0;
    let exists = 0;
    let placed = 0;
    for (const revision of corpus) {
      const placements = reanchorTargets(revision.oldText, revision.newText, revision.annotations).map((placement) =>
        placement.status === "orphaned" ? null : { start: placement.start, end: placement.end },
      );
      const result = tally(revision, placements);
      wrong += result.wrong;
      cutShort += result.cutShort;
      exists += result.exists;
      placed += result.placedWhereWordsExist;
    }
    expect(wrong).toBe(0);
    expect(cutShort).toBe(0);
    expect(exists).toBeGreaterThan(900);
    expect(placed / exists).toBeGreaterThanOrEqual(0.95);
  });
});

/**
 * Texts of parallel passages (an independent check's traps): where each note lands when one
 * passage is deleted and a look-alike written elsewhere, when passages only move, when a typo in a
 * highlighted word is fixed. `where(text, quote, after)`: the quote's first occurrence after the
 * words `after`.
 */
describe("reanchorTargets on parallel passages", () => {
  const where = (text: string, quote: string, after = "") => {
    const start = text.indexOf(quote, text.indexOf(after));
    if (start < 0 || text.indexOf(after) < 0) throw new Error(`no "${quote}" after "${after}"`);
    return { start, end: start + quote.length };
  };
  const place = (before: string, after: string, quote: string, from = "") => {
    const { start, end } = where(before, quote, from);
    const [placement] = reanchorTargets(before, after, [targetOf(before, start, end)]);
    return placement.status === "orphaned" ? "orphaned" : { start: placement.start, end: placement.end };
  };
  const item = (chapter: number) => `Students must read chapter ${chapter} before the seminar and bring two questions.`;

  it("orphans a deleted list item's notes, and keeps each other item's on it, when a look-alike item is added at the end", () => {
    const before = ["Reading list for week two.", item(3), item(4), item(5)].join("\n\n");
    const after = ["Reading list for week two.", item(4), item(5), item(6)].join("\n\n");
    // The fewest edits keep every item's words and change its number: each note slid one item along.
    expect(place(before, after, "bring two questions", "chapter 3")).toBe("orphaned");
    expect(place(before, after, "before the seminar", "chapter 3")).toBe("orphaned");
    expect(place(before, after, item(3))).toBe("orphaned");
    expect(place(before, after, "bring two questions", "chapter 4")).toEqual(where(after, "bring two questions", "chapter 4"));
    expect(place(before, after, "bring two questions", "chapter 5")).toEqual(where(after, "bring two questions", "chapter 5"));
  });

  it("orphans a deleted section's note on its closing question rather than put it on the next section's", () => {
    const question = "Questions for discussion: what does the river remember, and what does it forget?";
    const section = (name: string, subject: string) => `Section ${name} looks at the ${subject}. ${question}`;
    const before = [
      "Study guide",
      section("one", "harbour and its boats"),
      section("two", "market and its stalls"),
      section("three", "temple and its bells"),
    ].join("\n\n");
    const after = [
      "Study guide",
      section("one", "harbour and its boats"),
      section("three", "temple and its bells"),
      section("four", "school and its desks"),
    ].join("\n\n");
    expect(place(before, after, question, "Section two")).toBe("orphaned");
    expect(place(before, after, question, "Section three")).toEqual(where(after, question, "Section three"));
    expect(place(before, after, question, "Section one")).toEqual(where(after, question, "Section one"));
  });

  it("orphans a deleted sentence's words rather than put them on a new sentence written alike, and keeps its twin's", () => {
    const city = (name: string, month: string) =>
      `In ${name}, the monsoon arrives in ${month} and the river rises by the end of the month.`;
    const before = [
      "Three cities.",
      city("Lahore", "July"),
      city("Karachi", "August"),
      "In Quetta, the monsoon barely arrives at all.",
    ].join("\n\n");
    const after = [
      "Three cities.",
      city("Karachi", "August"),
      "In Quetta, the monsoon barely arrives at all.",
      city("Peshawar", "July"),
    ].join("\n\n");
    expect(place(before, after, "the river rises by the end of the month", "Lahore")).toBe("orphaned");
    expect(place(before, after, "arrives in July", "Lahore")).toBe("orphaned");
    expect(place(before, after, "the river rises by the end of the month", "Karachi")).toEqual(
      where(after, "the river rises by the end of the month", "Karachi"),
    );
  });

  it("follows paragraphs that only moved, whole notes and single words alike", () => {
    const harbour = "First, the harbour: the boats come in at dawn and leave at dusk, and the gulls follow them.";
    const market = "Second, the market: the stalls open at dawn and close at dusk, and the crowds follow them.";
    const temple = "Third, the temple: the bells ring at dawn and again at dusk, and the pigeons follow them.";
    const before = [harbour, market, temple].join("\n\n");
    const after = [temple, harbour, market].join("\n\n");
    expect(place(before, after, market)).toEqual(where(after, market));
    expect(place(before, after, "follow them", "Second")).toEqual(where(after, "follow them", "Second"));
    expect(place(before, after, "dusk", "First")).toEqual(where(after, "dusk", "First"));
    expect(place(before, after, "dawn", "Third")).toEqual(where(after, "dawn", "Third"));
  });

  it("keeps the first of repeated sentences where they were when the last is deleted", () => {
    const sentence = "Remember to cite the source.";
    const before = `Chapter notes.\n\n${sentence} ${sentence} ${sentence}\n\nDone.`;
    const after = `Chapter notes.\n\n${sentence} ${sentence}\n\nDone.`;
    expect(place(before, after, "cite")).toEqual(where(after, "cite"));
  });

  it.each([
    ["recieve", "receive"],
    ["teh", "the"],
    ["Febuary", "February"],
    ["maintainance", "maintenance"],
    ["color", "colour"],
    ["monsoon", "Monsoon"],
  ])("places a highlight of one word on it once its typo is fixed: %s → %s", (was, now) => {
    const before = `Please note that we will ${was} the letters on Monday, as agreed last week.`;
    const after = before.replace(was, now);
    expect(place(before, after, was)).toEqual(where(after, now));
  });

  it("orphans a one-word highlight whose word was replaced by another", () => {
    const before = "Prices rose sharply in the north after the harvest.";
    expect(place(before, before.replace("rose", "fell"), "rose")).toBe("orphaned");
    expect(place(before, before.replace("north", "south"), "north")).toBe("orphaned");
  });

  it("keeps a Chinese sentence's note when punctuation is added inside it", () => {
    const before = "河流记得街道忘记的一切。每一场雨都写下新的一章。老人们坐在桥上。";
    const after = "河流记得街道忘记的一切。每一场雨，都写下新的一章！老人们坐在桥上。";
    expect(place(before, after, "每一场雨都写下新的一章")).toEqual({ start: after.indexOf("每"), end: after.indexOf("！") });
    expect(place(before, after, "老人们坐在桥上")).toEqual(where(after, "老人们坐在桥上"));
  });
});
