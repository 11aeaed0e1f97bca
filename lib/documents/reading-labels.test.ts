import { describe, expect, it } from "vitest";
import { readingLabels } from "./reading-labels";

describe("readingLabels", () => {
  it("names a reading by its title, and one of several with that title by the day it was added, then by its address", () => {
    const labels = readingLabels([
      { slug: "margins-1a2b", title: "Notes from the Margins", addedAt: "2026-03-01T09:00:00.000Z" },
      { slug: "margins-3c4d", title: "Notes from the Margins", addedAt: "2026-03-12T23:59:00.000Z" },
      { slug: "guide-aaaa", title: "A Markdown Field Guide", addedAt: "2026-03-12T10:00:00.000Z" },
      { slug: "guide-bbbb", title: "A Markdown Field Guide", addedAt: "2026-03-12T10:05:00.000Z" },
      { slug: "guide-cccc", title: "A Markdown Field Guide", addedAt: "2026-03-14T10:05:00.000Z" },
      { slug: "tides-eeee", title: "Tides and Moons", addedAt: "2026-03-12T10:00:00.000Z" },
    ]);
    expect(Object.fromEntries(labels)).toEqual({
      "margins-1a2b": "Notes from the Margins (added 1 Mar 2026)",
      "margins-3c4d": "Notes from the Margins (added 12 Mar 2026)",
      "guide-aaaa": "A Markdown Field Guide (added 12 Mar 2026, guide-aaaa)",
      "guide-bbbb": "A Markdown Field Guide (added 12 Mar 2026, guide-bbbb)",
      "guide-cccc": "A Markdown Field Guide (added 14 Mar 2026)",
      "tides-eeee": "Tides and Moons",
    });
    // Every label in the list is its own.
    expect(new Set(labels.values()).size).toBe(labels.size);
  });
});
