import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { ZListAnnotationsQuery, ZUpdateAnnotationSchema } from "@/lib/annotations/schemas";
import { updateAnnotation } from "@/server/annotations/update-annotation";
import { listAnnotations } from "@/server/annotations/list-annotations";
import { db } from "@/server/db/client";
import { annotate, createReading, createUsers, targetOf } from "@/tests/factories";
import { addReadingVersion } from "./add-reading-version";

/**
 * A note found again on words a new version changed is placed on the new wording, and says so: its
 * card shows what it was written on (an independent check found a note quoting "so to say" about a
 * sentence its author read as "so to speak", with nothing to tell them).
 */
const V1 = [
  "I have met with but one or two persons in the course of my life who understood the art of Walking.",
  "They had a genius, so to speak, for sauntering, which word is beautifully derived.",
  "I think that I cannot preserve my health and spirits, unless I spend four hours a day at least.",
].join("\n\n");
const V2 = V1.replace("so to speak", "so to say");

describe("a note on words a new version changed", () => {
  it("keeps the words it was written on beside its new quote, until they come back or its author moves it", async () => {
    const { owner } = await createUsers(["owner"], "reworded.example");
    const reading = await createReading(owner, "reworded-quote");
    await db.documentVersion.updateMany({
      where: { documentId: reading.id },
      data: { text: V1, textHash: createHash("sha256").update(V1).digest("hex") },
    });
    const reworded = await annotate(owner, reading.slug, "private", {
      text: V1,
      at: "a genius, so to speak, for sauntering",
      body: "lovely",
    });
    const untouched = await annotate(owner, reading.slug, "private", { text: V1, at: "four hours a day", body: "really?" });
    const listed = async () => {
      const { items } = await listAnnotations(owner, reading.slug, ZListAnnotationsQuery.parse({}));
      return new Map(items.map((item) => [item.id, item]));
    };
    expect((await listed()).get(reworded.id)!.anchoring).not.toHaveProperty("quoteWas");

    await addReadingVersion(owner, reading.slug, { kind: "json", body: { text: V2 } });
    let now = await listed();
    expect(now.get(reworded.id)!.target!.selector[0].exact).toBe("a genius, so to say, for sauntering");
    expect(now.get(reworded.id)!.anchoring).toMatchObject({ status: "relocated", quoteWas: "a genius, so to speak, for sauntering" });
    // Moved by the new text's other changes but on the same words: nothing to say.
    expect(now.get(untouched.id)!.anchoring).not.toHaveProperty("quoteWas");

    // Another version that leaves the passage alone: still the words it was written on.
    const V3 = V2.replace("I have met", "I have known");
    await addReadingVersion(owner, reading.slug, { kind: "json", body: { text: V3 } });
    expect((await listed()).get(reworded.id)!.anchoring).toMatchObject({ quoteWas: "a genius, so to speak, for sauntering" });

    // The words come back: unchanged again.
    const V4 = V3.replace("so to say", "so to speak");
    await addReadingVersion(owner, reading.slug, { kind: "json", body: { text: V4 } });
    now = await listed();
    expect(now.get(reworded.id)!.target!.selector[0].exact).toBe("a genius, so to speak, for sauntering");
    expect(now.get(reworded.id)!.anchoring).not.toHaveProperty("quoteWas");

    // Changed again, then placed by its author: the words are theirs now.
    const V5 = V4.replace("so to speak", "as it were");
    await addReadingVersion(owner, reading.slug, { kind: "json", body: { text: V5 } });
    expect((await listed()).get(reworded.id)!.anchoring).toMatchObject({ quoteWas: "a genius, so to speak, for sauntering" });
    const moved = await updateAnnotation(
      owner,
      reworded.id,
      ZUpdateAnnotationSchema.parse({ target: targetOf({ text: V5, at: "a genius, as it were, for sauntering" }) }),
    );
    expect(moved.anchoring).not.toHaveProperty("quoteWas");
  });
});
