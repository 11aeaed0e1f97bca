import { describe, expect, it } from "vitest";
import { db } from "@/server/db/client";
import { createReading, createUsers } from "@/tests/factories";
import { addReadingVersion } from "./add-reading-version";

const latestText = async (documentId: string) =>
  (await db.documentVersion.findFirstOrThrow({ where: { documentId }, orderBy: { number: "desc" }, select: { text: true } })).text;

describe("a new version sent as text, on the real database", () => {
  it("read in the shape a reading is created from: its title line (and byline) are not kept as paragraphs", async () => {
    const { owner } = await createUsers(["owner"], "version-title-line.example");
    const reading = await createReading(owner, "version-title-line");
    const { title } = await db.document.findUniqueOrThrow({ where: { id: reading.id }, select: { title: true } });

    // Before: "<title>" came back as the new version's first paragraph, the title shown twice.
    await addReadingVersion(owner, reading.slug, {
      kind: "json",
      body: { text: `${title}\n\nBy Arslan Ghazi\n\nThe corrected first paragraph.\n\nThe second paragraph.` },
    });
    expect(await latestText(reading.id)).toBe("The corrected first paragraph.\n\nThe second paragraph.");
    expect((await db.document.findUniqueOrThrow({ where: { id: reading.id } })).title).toBe(title);

    // A text that does not open with the title is all text, its first line included.
    await addReadingVersion(owner, reading.slug, { kind: "json", body: { text: "A first line of its own.\n\nThe second paragraph." } });
    expect(await latestText(reading.id)).toBe("A first line of its own.\n\nThe second paragraph.");
  });
});
