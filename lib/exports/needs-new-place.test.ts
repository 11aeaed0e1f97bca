// An annotation that needs a new place (its words removed by a later version) exported: its quote
// is of the version it was written on, so every format must say it is not a passage of the text as
// it is now. Unmarked, it read like a live quote in all four.
import { describe, expect, it } from "vitest";
import type { HypothesisExport } from "./hypothesis-json";
import { buildNotesFile, type NotesFileOptions } from "./notes-file";
import { annotation, EXPORTED_AT, notes, ORIGIN } from "@/tests/factories/annotation-dtos";

const VERSIONS = [
  { id: "ver-1", number: 1, createdAt: "2025-01-01T09:00:00.000Z" },
  { id: "ver-2", number: 2, createdAt: "2025-02-01T09:00:00.000Z" },
  { id: "ver-3", number: 3, createdAt: "2025-03-01T09:00:00.000Z" },
];
const placed = annotation({
  id: "placed",
  exact: "words still there",
  versionId: "ver-3",
  anchoring: { status: "anchored", versionId: "ver-3", score: 1 },
});
// Last placed on version 2: version 3 removed its words.
const orphan = annotation({
  id: "orphan",
  exact: "words since removed",
  versionId: "ver-2",
  anchoring: { status: "orphaned", versionId: "ver-2", score: 0 },
});
const documents = [
  notes({ document: { slug: "essay", title: "An Essay", author: null, versions: VERSIONS }, annotations: [placed, orphan] }),
];

const options: NotesFileOptions = {
  format: "markdown",
  origin: ORIGIN,
  viewerId: "user-ayesha",
  exportedAt: EXPORTED_AT,
  baseName: "notes",
  isSingleDocument: true,
  collection: { id: `${ORIGIN}/c`, label: "Notes" },
};
const exported = (format: NotesFileOptions["format"]) => new TextDecoder().decode(buildNotesFile(documents, { ...options, format }).body);

describe("an annotation that needs a new place, in every export format", () => {
  it("Markdown says so under its quote, naming the version that removed its words", () => {
    const markdown = exported("markdown");
    expect(markdown).toContain("> words since removed\n\n*Needs a new place: its words were removed in version 3.*\n");
    expect(markdown.match(/Needs a new place/g)).toHaveLength(1);
  });

  it("CSV has a place column", () => {
    const [head, ...rows] = exported("csv")
      .replace(/^\uFEFF/, "")
      .trimEnd()
      .split("\r\n");
    const place = head.split(",").indexOf("place");
    expect(place).toBeGreaterThan(-1);
    expect(rows.map((row) => [row.split(",")[2], row.split(",")[place]])).toEqual([
      ["placed", "on the text"],
      ["orphan", "needs a new place"],
    ]);
  });

  it("Hypothesis JSON says it in our own field, beside the colour", () => {
    const file = JSON.parse(exported("hypothesis")) as HypothesisExport;
    expect(file.annotations.map((item) => [item.id, item.marginalia])).toEqual([
      ["placed", { color: "yellow", audience: "Only me" }],
      ["orphan", { color: "yellow", place: "needs a new place", audience: "Only me" }],
    ]);
  });

  it("W3C JSON-LD gives its target the Time State of the version its selectors are of", () => {
    const collection = JSON.parse(exported("jsonld")) as { first: { items: { id: string; target: Record<string, unknown> }[] } };
    const [placedItem, orphanItem] = collection.first.items;
    expect(placedItem.target.state).toBeUndefined();
    expect(orphanItem.target).toMatchObject({
      source: `${ORIGIN}/read/essay`,
      styleClass: "yellow",
      state: { type: "TimeState", sourceDate: "2025-02-01T09:00:00.000Z", cached: `${ORIGIN}/read/essay?version=2` },
    });
  });

  it("without the reading's versions still says it needs a new place", () => {
    const unversioned = [notes({ annotations: [orphan] })];
    const markdown = new TextDecoder().decode(buildNotesFile(unversioned, options).body);
    expect(markdown).toContain("*Needs a new place: its words are not in the reading's current version.*");
  });
});
