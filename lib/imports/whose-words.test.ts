import { describe, expect, it } from "vitest";
import { annotationIri } from "@/lib/annotations/web-annotation";
import type { ImportedAnnotation } from "./types";
import { whoseWordsTest } from "./whose-words";

const ORIGIN = "https://marginalia.example";
const ME = "cm1me";
/** The accounts this server has: the importer and a classmate. */
const HERE = new Set([ME, "cm1classmate"]);

function item(sourceId: string, creator?: string): ImportedAnnotation {
  return { sourceId, quote: null, body: "", tags: [], ...(creator && { creator }) };
}

/** Our JSON-LD export's item: its IRI, and its creator's. */
const ours = (id: string, userId: string, origin = ORIGIN) => item(annotationIri(origin, id), `${origin}/users/${userId}`);

describe("whoseWordsTest", () => {
  it("knows the importer among our accounts, in either of our formats and from any origin", () => {
    const items = [
      ours("a1", ME),
      ours("a2", "cm1classmate"),
      ours("a3", ME, "http://localhost:3000"),
      item("a4", `acct:${ME}@marginalia`),
      item("a5", "acct:cm1classmate@marginalia"),
    ];
    const whose = whoseWordsTest(ME, items, undefined, HERE);
    expect(items.map(whose)).toEqual(["mine", "someone else's", "mine", "mine", "someone else's"]);
  });

  it("does not take a file's word for who exported it when the writers are our accounts", () => {
    const items = [item("a1", "acct:cm1classmate@marginalia")];
    expect(whoseWordsTest(ME, items, "acct:cm1classmate@marginalia", HERE)(items[0])).toBe("someone else's");
  });

  it("takes an item without a writer as the importer's, as every file was before writers were read", () => {
    expect(whoseWordsTest(ME, [item("x")], undefined, HERE)(item("x"))).toBe("mine");
  });

  it("takes another tool's file as the importer's own: its exporter's items, or its only writer's", () => {
    const exported = [item("h1", "acct:ayesha@hypothes.is"), item("h2", "acct:bilal@hypothes.is")];
    expect(exported.map(whoseWordsTest(ME, exported, "acct:ayesha@hypothes.is", HERE))).toEqual(["mine", "someone else's"]);
    const oneWriter = [item("w1", "Ayesha"), item("w2", "Ayesha")];
    expect(oneWriter.map(whoseWordsTest(ME, oneWriter, undefined, HERE))).toEqual(["mine", "mine"]);
  });

  it("cannot tell whose another tool's file of several writers is when it does not say", () => {
    const items = [item("h1", "acct:ayesha@hypothes.is"), item("h2", "acct:bilal@hypothes.is"), item("h3")];
    expect(items.map(whoseWordsTest(ME, items, undefined, HERE))).toEqual(["unknown", "unknown", "mine"]);
  });

  // QA round 5: a move from one Marginalia server to another (README) imported nothing: every item was "someone else's".
  it("reads an account of another Marginalia server as a foreign writer: a person's own export from there is theirs", () => {
    const moved = [ours("b1", "cm1elsewhere", "https://old.example"), ours("b2", "cm1elsewhere", "https://old.example")];
    expect(moved.map(whoseWordsTest(ME, moved, undefined, HERE))).toEqual(["mine", "mine"]);
    const hypothesis = [item("b3", "acct:cm1elsewhere@marginalia")];
    expect(hypothesis.map(whoseWordsTest(ME, hypothesis, "acct:cm1elsewhere@marginalia", HERE))).toEqual(["mine"]);
  });

  // QA round 5: beside our accounts' items, a file's one foreign writer was taken as the importer.
  it("does not take a file's only foreign writer as the importer when it also holds our accounts' words", () => {
    const mixed = [ours("c1", "cm1classmate"), item("c2", "acct:stranger@hypothes.is")];
    expect(mixed.map(whoseWordsTest(ME, mixed, undefined, HERE))).toEqual(["someone else's", "unknown"]);
  });

  it("reads another tool's `…/users/…` writer on ids of its own as that tool's account, not ours", () => {
    const items = [item("https://tool.example/notes/1", "https://tool.example/users/ayesha")];
    expect(whoseWordsTest(ME, items, undefined, HERE)(items[0])).toBe("mine");
  });
});
