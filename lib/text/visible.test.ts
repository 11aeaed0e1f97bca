import { describe, expect, it } from "vitest";
import { ZUpdateAnnotationSchema } from "@/lib/annotations/schemas";
import { ZUpdateAssignmentSchema } from "@/lib/assignments/schemas";
import { ZChangeNameSchema } from "@/lib/auth/account-schemas";
import { convertPlainText, EmptyReadingError, finishReading } from "@/lib/documents/convert-reading";
import { ZUpdateReadingSchema } from "@/lib/documents/schemas";
import { ZUpdateGroupSchema } from "@/lib/groups/schemas";
import { ZCreateApiTokenSchema } from "@/lib/tokens/schemas";
import { hasVisibleCharacter } from "./visible";

const INVISIBLE = [
  "\u200b",
  "\u200b\u200d\u2060",
  "\u00ad",
  "\u3164",
  "\u2800",
  " \u200e\ufeff ",
  "\u007f",
  "\u0085\u009b",
  "\uffff\ufffe",
  "\ufdd0",
  "\u{10ffff}",
];

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
      expect(first(ZCreateApiTokenSchema.safeParse({ name: text, scope: "read", expiresInDays: 30 }))).toMatch(/token/);
    }
    expect(ZUpdateGroupSchema.safeParse({ name: "Seminar\u200b" }).success).toBe(true);
  });

  it("drops the direction overrides and isolates from names, tags and a group's description", () => {
    // U+202E in a group's name drew the rest of it reversed, and the line it was listed in (an independent check).
    const spoof = "Seminar \u202Efdp.exe\u2066 x\u2069";
    expect(ZUpdateGroupSchema.parse({ name: spoof, description: `a\u202Db\u202Ac\u202C` })).toMatchObject({
      name: "Seminar fdp.exe x",
      description: "abc",
    });
    expect(ZUpdateAssignmentSchema.parse({ title: spoof }).title).toBe("Seminar fdp.exe x");
    expect(ZChangeNameSchema.parse({ name: spoof }).name).toBe("Seminar fdp.exe x");
    expect(ZUpdateAnnotationSchema.parse({ tags: [spoof] }).tags).toEqual(["Seminar fdp.exe x"]);
    expect(ZCreateApiTokenSchema.parse({ name: spoof, scope: "read", expiresInDays: 30 }).name).toBe("Seminar fdp.exe x");
    // A name of nothing else shows nothing; the direction marks (U+200E, U+200F) stay.
    expect(ZUpdateGroupSchema.safeParse({ name: "\u202E" }).success).toBe(false);
    expect(ZUpdateGroupSchema.parse({ name: "\u05e9\u200f 1" }).name).toBe("\u05e9\u200f 1");
  });

  it("refuses a token's name on more than one line", () => {
    expect(ZCreateApiTokenSchema.safeParse({ name: "export\nscript", scope: "read", expiresInDays: 30 }).error?.issues[0]?.message).toMatch(
      /one line/,
    );
  });

  it("drops a reading's paragraphs that show nothing; a text of nothing else has nothing to read", () => {
    expect(finishReading(convertPlainText("Words.\n\n\u200b\u200b\n\nMore.", { hasTitle: true })).paragraphs).toEqual(["Words.", "More."]);
    expect(() => finishReading(convertPlainText("\u200b", { hasTitle: true }))).toThrow(EmptyReadingError);
  });
});
