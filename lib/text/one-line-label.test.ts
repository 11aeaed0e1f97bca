import { describe, expect, it } from "vitest";
import { ZReadingMetadataInput } from "@/lib/documents/schemas";
import { asOneLineLabel } from "./one-line-label";

describe("asOneLineLabel", () => {
  it("makes line breaks and tabs single spaces, and drops control and bidi override characters", () => {
    expect(asOneLineLabel("Line1\nLine2")).toBe("Line1 Line2");
    expect(asOneLineLabel("  A\r\n\ttitle\u2028here  ")).toBe("A title here");
    expect(asOneLineLabel("Bell\u0007 and \u001B[31mescape")).toBe("Bell and [31mescape");
    expect(asOneLineLabel("report\u202Etxt.exe")).toBe("reporttxt.exe");
    expect(asOneLineLabel("\u2066isolated\u2069 words")).toBe("isolated words");
  });

  it("keeps letters of every script, direction marks and emoji", () => {
    expect(asOneLineLabel("كتاب \u200Fالعنوان")).toBe("كتاب \u200Fالعنوان");
    expect(asOneLineLabel("שלום 📚 – Ünïcode")).toBe("שלום 📚 – Ünïcode");
  });
});

describe("a reading's title and author, as the API and the forms take them", () => {
  it("are one line of plain text, and a title of only controls is refused", () => {
    const parsed = ZReadingMetadataInput.parse({ title: "Line1\nLine2\u202E", author: "Ann\tLee\u0007" });
    expect(parsed).toMatchObject({ title: "Line1 Line2", author: "Ann Lee" });
    expect(ZReadingMetadataInput.safeParse({ title: "\u202E\u0007\n" }).error?.issues[0].message).toBe("A title cannot be empty.");
  });
});
