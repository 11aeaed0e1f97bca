import { describe, expect, it } from "vitest";
import { ZUpdateAnnotationSchema } from "@/lib/annotations/schemas";
import { ZUpdateAssignmentSchema } from "@/lib/assignments/schemas";
import { ZChangeNameSchema } from "@/lib/auth/account-schemas";
import { convertPlainText, EmptyReadingError, finishReading } from "@/lib/documents/convert-reading";
import { ZUpdateReadingSchema } from "@/lib/documents/schemas";
import { ZUpdateGroupSchema } from "@/lib/groups/schemas";
import { hasVisibleCharacter } from "./visible";

const INVISIBLE = ["\u200b", "\u200b\u200d\u2060", "\u00ad", "\u3164", "\u2800", " \u200e\ufeff "];

describe("hasVisibleCharacter", () => {
  it("finds nothing in zero-width, direction and filler characters; anything printed counts", () => {
    for (const text of INVISIBLE) expect(hasVisibleCharacter(text)).toBe(false);
    for (const text of [".", "a\u200b", "漢", "🙂", "\u200bx"]) expect(hasVisibleCharacter(text)).toBe(true);
  });

  it("keeps names, titles and tags that show nothing out, with a message saying so", () => {
    const first = (result: { error?: { issues: { message: string }[] } }) => result.error?.issues[0]?.message;
    for (const text of INVISIBLE) {
      expect(first(ZUpdateGroupSchema.safeParse({ name: text }))).toMatch(/Name the group/);
      expect(first(ZUpdateReadingSchema.safeParse({ title: text }))).toMatch(/title/);
      expect(first(ZUpdateAssignmentSchema.safeParse({ title: text }))).toMatch(/title/);
      expect(first(ZUpdateAnnotationSchema.safeParse({ tags: [text] }))).toMatch(/tag/);
      expect(first(ZChangeNameSchema.safeParse({ name: text }))).toMatch(/name/);
    }
    expect(ZUpdateGroupSchema.safeParse({ name: "Seminar\u200b" }).success).toBe(true);
  });

  it("drops a reading's paragraphs that show nothing; a text of nothing else has nothing to read", () => {
    expect(finishReading(convertPlainText("Words.\n\n\u200b\u200b\n\nMore.", { hasTitle: true })).paragraphs).toEqual(["Words.", "More."]);
    expect(() => finishReading(convertPlainText("\u200b", { hasTitle: true }))).toThrow(EmptyReadingError);
  });
});
