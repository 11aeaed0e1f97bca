import { writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { buildNotesFile, datedBaseName, groupFileStem, NOTES_EXPORT_FORMATS, type NotesFileOptions } from "./notes-file";
import { annotation, EXPORTED_AT, notes, ORIGIN, reply } from "@/tests/factories/annotation-dtos";

const documents = [
  notes({
    annotations: [
      annotation({ id: "a1", body: "A *note*", tags: ["evidence"], visibility: "everyone" }),
      annotation({ id: "gone", isDeleted: true, start: 50 }),
    ],
    replies: [reply({ id: "r1", parentId: "a1", body: "A reply" }), reply({ id: "r2", parentId: "gone", body: "Kept" })],
  }),
  notes({ document: { slug: "second", title: "Second", author: null }, annotations: [annotation({ id: "b1" })] }),
];

const options: NotesFileOptions = {
  format: "markdown",
  origin: ORIGIN,
  viewerId: "user-ayesha",
  exportedAt: EXPORTED_AT,
  baseName: "marginalia-notes-2025-03-04",
  isSingleDocument: false,
  collection: { id: `${ORIGIN}/api/notes/export?format=jsonld`, label: "My notes in Marginalia" },
};

const text = (body: Uint8Array) => new TextDecoder().decode(body);

describe("buildNotesFile", () => {
  it("zips one Markdown file per document for several documents", () => {
    const file = buildNotesFile(documents, options);
    expect(file).toMatchObject({ filename: "marginalia-notes-2025-03-04.zip", contentType: "application/zip" });
    const body = text(file.body);
    expect(body.startsWith("PK\u0003\u0004")).toBe(true);
    expect(body).toContain("essay.md");
    expect(body).toContain("second.md");
  });

  it("answers one plain .md for a single document, named like every other format of the export", () => {
    const file = buildNotesFile(documents.slice(0, 1), { ...options, isSingleDocument: true });
    expect(file).toMatchObject({ filename: "marginalia-notes-2025-03-04.md", contentType: "text/markdown; charset=utf-8" });
    expect(text(file.body)).toContain("[Open in Marginalia](https://notes.example.edu/read/essay?annotation=a1)");
  });

  it("writes CSV (with the BOM) and Hypothesis JSON under the dated name", () => {
    const csv = buildNotesFile(documents, { ...options, format: "csv" });
    expect(csv).toMatchObject({ filename: "marginalia-notes-2025-03-04.csv", contentType: "text/csv; charset=utf-8; header=present" });
    expect([...csv.body.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const hypothesis = buildNotesFile(documents, { ...options, format: "hypothesis" });
    expect(hypothesis.filename).toBe("marginalia-notes-2025-03-04.hypothesis.json");
    expect(JSON.parse(text(hypothesis.body))).toMatchObject({
      export_userid: "acct:user-ayesha@marginalia",
      // r2 answers the deleted annotation: left out with it.
      annotations: [{ id: "a1" }, { id: "r1" }, { id: "b1" }],
    });
  });

  it("writes a W3C AnnotationCollection of every annotation and reply, without a deleted annotation or the replies to it", () => {
    const file = buildNotesFile(documents, { ...options, format: "jsonld" });
    expect(file.filename).toBe("marginalia-notes-2025-03-04.jsonld");
    expect(file.contentType).toMatch(/^application\/ld\+json/);
    const collection = JSON.parse(text(file.body));
    expect(collection).toMatchObject({
      type: "AnnotationCollection",
      id: options.collection.id,
      label: "My notes in Marginalia",
      total: 3,
    });
    const items = collection.first.items as { id: string; motivation: string; target: unknown }[];
    expect(items.map((item) => item.id)).toEqual(["a1", "r1", "b1"].map((id) => `${ORIGIN}/api/annotations/${id}`));
    // A reply targets an annotation the file holds, never one that is gone.
    expect(items[1]).toMatchObject({ motivation: "replying", target: `${ORIGIN}/api/annotations/a1` });
    // For a manual check with the W3C validator: w3c-check $TMPDIR/marginalia-notes-export.jsonld
    writeFileSync(path.join(tmpdir(), "marginalia-notes-export.jsonld"), text(file.body));
  });

  it.each(NOTES_EXPORT_FORMATS)("%s: one document's export is named like the same export in every other format", (format) => {
    const file = buildNotesFile(documents.slice(0, 1), { ...options, format, isSingleDocument: true });
    expect(file.filename).toMatch(/^marginalia-notes-2025-03-04\.(md|csv|hypothesis\.json|jsonld)$/);
  });

  it("names dated files after the day of the export", () => {
    expect(datedBaseName("marginalia-notes", new Date("2025-12-31T23:59:59Z"))).toBe("marginalia-notes-2025-12-31");
  });
});

describe("groupFileStem", () => {
  it("names a group's files after it, as a file system and a shell take it", () => {
    expect(groupFileStem("Policy Seminar 301", "the-reading")).toBe("policy-seminar-301-the-reading");
    expect(groupFileStem("Études / Année 2", undefined)).toBe("etudes-annee-2");
    expect(groupFileStem("!!!", "r")).toBe("group-r");
    expect(groupFileStem("x".repeat(200), undefined)).toHaveLength(60);
  });
});
