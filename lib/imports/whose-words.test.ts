import { describe, expect, it } from "vitest";
import { annotationIri } from "@/lib/annotations/web-annotation";
import type { ImportedAnnotation } from "./types";
import { whoseWordsTest } from "./whose-words";

const ORIGIN = "https://marginalia.example";
const ME = "cm1me";

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
    const whose = whoseWordsTest(ME, items, undefined);
    expect(items.map(whose)).toEqual(["mine", "someone else's", "mine", "mine", "someone else's"]);
  });

  it("does not take a file's word for who exported it when the writers are our accounts", () => {
    const items = [item("a1", "acct:cm1classmate@marginalia")];
    expect(whoseWordsTest(ME, items, "acct:cm1classmate@marginalia")(items[0])).toBe("someone else's");
  });

  it("takes an item without a writer as the importer's, as every file was before writers were read", () => {
    expect(whoseWordsTest(ME, [item("x")], undefined)(item("x"))).toBe("mine");
  });

  it("takes another tool's file as the importer's own: its exporter's items, or its only writer's", () => {
    const exported = [item("h1", "acct:ayesha@hypothes.is"), item("h2", "acct:bilal@hypothes.is")];
    expect(exported.map(whoseWordsTest(ME, exported, "acct:ayesha@hypothes.is"))).toEqual(["mine", "someone else's"]);
    const oneWriter = [item("w1", "Ayesha"), item("w2", "Ayesha")];
    expect(oneWriter.map(whoseWordsTest(ME, oneWriter, undefined))).toEqual(["mine", "mine"]);
  });

  it("cannot tell whose another tool's file of several writers is when it does not say", () => {
    const items = [item("h1", "acct:ayesha@hypothes.is"), item("h2", "acct:bilal@hypothes.is"), item("h3")];
    expect(items.map(whoseWordsTest(ME, items, undefined))).toEqual(["unknown", "unknown", "mine"]);
  });

  it("reads another tool's `…/users/…` writer on ids of its own as that tool's account, not ours", () => {
    const items = [item("https://tool.example/notes/1", "https://tool.example/users/ayesha")];
    expect(whoseWordsTest(ME, items, undefined)(items[0])).toBe("mine");
  });
});
