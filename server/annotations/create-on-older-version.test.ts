import { createHash } from "node:crypto";
import { afterEach, describe, expect, it, vi } from "vitest";
import { ZCreateAnnotationSchema, ZUpdateAnnotationSchema } from "@/lib/annotations/schemas";
import { db } from "@/server/db/client";
import { addReadingVersion } from "@/server/documents/add-reading-version";
import { article, createReading, createUsers, targetOf } from "@/tests/factories";
import { refusal } from "@/tests/refusal";
import { createAnnotation } from "./create-annotation";
import { getAnnotation } from "./get-annotation";
import { updateAnnotation } from "./update-annotation";

/**
 * A note written on a version the owner has replaced since — the page was open when they saved
 * (an independent check: the note was refused as "the quote does not match the document text" and
 * its words thrown away), or the reading was kept offline — is placed on the current text as the
 * new version placed every other note, or waits in "Needs a new place". Never refused for it.
 */
const V1 = [
  "The first paragraph sets the scene for the argument that follows.",
  "The second paragraph names the target words inside its middle sentence.",
  "The third paragraph ends the essay on a quieter and more careful note.",
].join("\n\n");
const V2 = `A paragraph the owner added at the top.\n\n${V1.replace("The third paragraph ends the essay on a quieter and more careful note.", "Something else entirely.")}`;

async function readingWithTwoVersions(slug: string) {
  const { owner } = await createUsers(["owner"], `${slug}.example`);
  const reading = await createReading(owner, slug);
  await db.documentVersion.updateMany({
    where: { documentId: reading.id },
    data: { text: V1, textHash: createHash("sha256").update(V1).digest("hex") },
  });
  const [first] = await db.documentVersion.findMany({ where: { documentId: reading.id }, select: { id: true } });
  await addReadingVersion(owner, reading.slug, { kind: "json", body: { text: V2 } });
  const current = await db.documentVersion.findFirstOrThrow({ where: { documentId: reading.id }, orderBy: { number: "desc" } });
  return { owner, reading, first, current };
}

const onFirstVersion = (at: string, versionId: string, body: string) =>
  ZCreateAnnotationSchema.parse({ target: targetOf({ text: V1, at }), body, versionId });

describe("a note written on an older version of the reading", () => {
  it("is placed on the current version where its words still are, and says where it was written", async () => {
    const { owner, reading, first, current } = await readingWithTwoVersions("older-version-placed");
    const created = await createAnnotation(owner, reading.slug, onFirstVersion("target words", first.id, "kept"));

    expect(created.versionId).toBe(current.id);
    expect(created.anchoring).toMatchObject({ status: "relocated", versionId: current.id });
    const [quote, position] = created.target!.selector;
    expect(quote).toMatchObject({ type: "TextQuoteSelector", exact: "target words" });
    expect(V2.slice(position.start, position.end)).toBe("target words");
    expect(created.body).toBe("kept");
    // Read back as anyone will read it.
    expect((await getAnnotation(owner, created.id)).target).toEqual(created.target);
    // The first version opens with the note where it was written.
    const record = await db.annotationAnchor.findFirstOrThrow({ where: { annotationId: created.id, versionId: first.id } });
    expect(V1.slice(record.start!, record.end!)).toBe("target words");
  });

  it("waits in Needs a new place, words and all, when its passage is gone from the current version", async () => {
    const { owner, reading, first } = await readingWithTwoVersions("older-version-orphan");
    const created = await createAnnotation(owner, reading.slug, onFirstVersion("quieter and more careful", first.id, "still mine"));

    expect(created.anchoring).toMatchObject({ status: "orphaned", versionId: first.id });
    expect(created.target!.selector[0]).toMatchObject({ exact: "quieter and more careful" });
    expect(created.body).toBe("still mine");
  });

  it("is refused, writing nothing, when it does not match the version it names or names another reading's", async () => {
    const { owner, reading, first } = await readingWithTwoVersions("older-version-refused");
    const other = await readingWithTwoVersions("older-version-other");
    const before = await db.annotation.count({ where: { documentId: reading.id } });

    const wrongQuote = ZCreateAnnotationSchema.parse({
      target: { selector: [{ type: "TextQuoteSelector", exact: "not in the text" }] },
      versionId: first.id,
    });
    expect(await refusal(createAnnotation(owner, reading.slug, wrongQuote))).toBe("422 The quote was not found in the document.");
    expect(await refusal(createAnnotation(owner, reading.slug, onFirstVersion("target words", other.first.id, "")))).toBe(
      `422 This reading has no version "${other.first.id}".`,
    );
    expect(await db.annotation.count({ where: { documentId: reading.id } })).toBe(before);
  });

  it("naming the current version is the same as naming none", async () => {
    const { owner, reading, current } = await readingWithTwoVersions("older-version-current");
    const target = targetOf({ text: V2, at: "added at the top" });
    const created = await createAnnotation(owner, reading.slug, ZCreateAnnotationSchema.parse({ target, versionId: current.id }));
    expect(created.anchoring).toMatchObject({ status: "anchored", versionId: current.id });
    expect(created.target!.selector[1]).toMatchObject(target.selector[1]);
  });
});

describe("a highlight moved on an older version of the reading (the page was left open)", () => {
  const moveOnFirst = (at: string, versionId: string) => ZUpdateAnnotationSchema.parse({ target: targetOf({ text: V1, at }), versionId });

  it("is placed on the current version where the chosen words are, and the older version opens with it there", async () => {
    const { owner, reading, first, current } = await readingWithTwoVersions("older-version-moved");
    // Written on the older page too: it has a place on both versions already.
    const note = await createAnnotation(owner, reading.slug, onFirstVersion("scene", first.id, "to be moved"));

    const moved = await updateAnnotation(owner, note.id, moveOnFirst("target words", first.id));

    expect(moved.anchoring).toMatchObject({ status: "relocated", versionId: current.id });
    const [quote, position] = moved.target!.selector;
    expect(quote).toMatchObject({ exact: "target words" });
    expect(V2.slice(position.start, position.end)).toBe("target words");
    const record = await db.annotationAnchor.findFirstOrThrow({ where: { annotationId: note.id, versionId: first.id } });
    expect(V1.slice(record.start!, record.end!)).toBe("target words");
  });

  it("waits in Needs a new place when the chosen words are gone from the current version; refused when they are not on the version named", async () => {
    const { owner, reading, first } = await readingWithTwoVersions("older-version-moved-orphan");
    const note = await createAnnotation(
      owner,
      reading.slug,
      ZCreateAnnotationSchema.parse({ target: targetOf({ text: V2, at: "scene" }) }),
    );

    const moved = await updateAnnotation(owner, note.id, moveOnFirst("quieter and more careful", first.id));
    expect(moved.anchoring).toMatchObject({ status: "orphaned", versionId: first.id });

    const stranger = ZUpdateAnnotationSchema.parse({ target: targetOf({ text: V2, at: "added at the top" }), versionId: first.id });
    expect(await refusal(updateAnnotation(owner, note.id, stranger))).toMatch(/^422 /);
    expect(() => ZUpdateAnnotationSchema.parse({ body: "x", versionId: first.id })).toThrow("send it with target");
  });
});

describe("a note written on an older version of a long reading rewritten since", () => {
  afterEach(() => vi.unstubAllEnvs());

  it("has the two versions compared by the worker process: past its time limit it is refused, nothing written; then saved", async () => {
    // The word diff of two long versions took ~0.5 s of the server's thread, once per pair.
    // The target words in the first part only: twenty identical copies are no place to choose from.
    const parts = Array.from(
      { length: 20 },
      (_, part) => `Part ${part + 1}.\n\n${part === 0 ? V1 : V1.replace("target words", "other words")}\n\n${article.text}`,
    );
    const longV1 = parts.join("\n\n");
    const longV2 = parts.reverse().join("\n\n").replaceAll("Pakistan", "Islamabad");
    const { owner } = await createUsers(["owner"], "older-version-worker.example");
    const reading = await createReading(owner, "older-version-worker");
    await db.documentVersion.updateMany({
      where: { documentId: reading.id },
      data: { text: longV1, textHash: createHash("sha256").update(longV1).digest("hex") },
    });
    const [first] = await db.documentVersion.findMany({ where: { documentId: reading.id }, select: { id: true } });
    await addReadingVersion(owner, reading.slug, { kind: "json", body: { text: longV2 } });
    const note = ZCreateAnnotationSchema.parse({
      target: targetOf({ text: longV1, at: "target words" }),
      body: "on the first",
      versionId: first.id,
    });

    vi.stubEnv("READING_PLACING_TIMEOUT_MS", "1");
    expect(await refusal(createAnnotation(owner, reading.slug, note))).toBe(
      "422 The version this was written on could not be compared with the current one (it took over 1 ms). Nothing was saved; reload the reading and try again.",
    );
    expect(await db.annotation.count({ where: { documentId: reading.id } })).toBe(0);

    vi.unstubAllEnvs();
    const created = await createAnnotation(owner, reading.slug, note);
    expect(created.anchoring).toMatchObject({ status: "relocated" });
    const [, position] = created.target!.selector;
    expect(longV2.slice(position.start, position.end)).toBe("target words");
  });
});
