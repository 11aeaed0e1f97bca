import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { ZListAnnotationsQuery } from "@/lib/annotations/schemas";
import { listAnnotations } from "@/server/annotations/list-annotations";
import { db } from "@/server/db/client";
import { annotate, createReading, createUsers } from "@/tests/factories";
import { refusal } from "@/tests/refusal";
import { addReadingVersion } from "./add-reading-version";

/**
 * How accents are written ("é" as U+00E9, or "e" + U+0301 as macOS tools often write it) is not a
 * change of text (lib/text/nfc.ts): an independent check sent a reading's text again decomposed and
 * got a new version with the notes on every accented word orphaned.
 */
const COMPOSED = [
  "The crème brûlée was served after the main course, in the old café.",
  "Her résumé listed a naïve faith in coöperation, and little else.",
].join("\n\n");
const DECOMPOSED = COMPOSED.normalize("NFD");

async function readingWithText(slug: string, text: string) {
  const { owner } = await createUsers(["owner"], `${slug}.example`);
  const reading = await createReading(owner, slug);
  await db.documentVersion.updateMany({
    where: { documentId: reading.id },
    data: { text, textHash: createHash("sha256").update(text).digest("hex") },
  });
  return { owner, reading };
}

describe("a reading's text written with decomposed accents", () => {
  it("is stored composed: the same text sent decomposed is no new version", async () => {
    expect(DECOMPOSED).not.toBe(COMPOSED);
    const { owner, reading } = await readingWithText("composed-text-same", COMPOSED);
    await addReadingVersion(owner, reading.slug, { kind: "json", body: { text: `${COMPOSED}\n\nA third paragraph.` } });
    expect(
      await refusal(addReadingVersion(owner, reading.slug, { kind: "json", body: { text: `${DECOMPOSED}\n\nA third paragraph.` } })),
    ).toBe("409 This text is the same as version 2: nothing changed, so no new version was made.");
    const added = await addReadingVersion(owner, reading.slug, {
      kind: "json",
      body: { text: DECOMPOSED.replace("little else", "nothing else") },
    });
    const latest = await db.documentVersion.findUniqueOrThrow({ where: { id: added.version.id }, select: { text: true } });
    expect(latest.text).toBe(COMPOSED.replace("little else", "nothing else"));
  });

  it("stored decomposed before, keeps its notes on accented words when a composed version comes", async () => {
    const { owner, reading } = await readingWithText("composed-text-legacy", DECOMPOSED);
    const quotes = ["crème brûlée", "old café", "Her résumé", "naïve faith in coöperation"].map((quote) => quote.normalize("NFD"));
    const notes = [];
    for (const at of quotes) notes.push(await annotate(owner, reading.slug, "private", { text: DECOMPOSED, at, body: "accents" }));

    const added = await addReadingVersion(owner, reading.slug, { kind: "json", body: { text: `${COMPOSED}\n\nA third paragraph.` } });
    expect(added.anchoring).toMatchObject({ orphaned: 0 });
    const { items } = await listAnnotations(owner, reading.slug, ZListAnnotationsQuery.parse({}));
    const text = `${COMPOSED}\n\nA third paragraph.`;
    for (const [index, note] of notes.entries()) {
      const item = items.find((listed) => listed.id === note.id)!;
      const [quote, position] = item.target!.selector;
      expect(quote.exact).toBe(quotes[index].normalize("NFC"));
      expect(text.slice(position.start, position.end)).toBe(quote.exact);
      // The same words, only composed: nothing tells its author they were reworded.
      expect(item.anchoring).not.toHaveProperty("quoteWas");
    }
  });
});
