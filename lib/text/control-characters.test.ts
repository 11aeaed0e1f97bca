import { describe, expect, it } from "vitest";
import { withoutControlCharacters } from "./control-characters";

describe("withoutControlCharacters", () => {
  it("drops BEL, ESC, backspace, the other C0 controls and DEL; keeps tabs and line ends", () => {
    expect(withoutControlCharacters("Bell\u0007 and escape\u001b[31m red \u0008 backspace")).toBe("Bell and escape[31m red  backspace");
    expect(withoutControlCharacters("a\u0001\u0002\u0003\u0004\u0005\u0006\u000e\u000f\u0010\u001a\u001f\u007fb")).toBe("ab");
    expect(withoutControlCharacters("col\tumn\r\nline\nend")).toBe("col\tumn\r\nline\nend");
  });

  it("ends a line at a vertical tab or form feed (a text file's page break)", () => {
    expect(withoutControlCharacters("page one\u000cpage two\u000bthree")).toBe("page one\npage two\nthree");
  });

  it("keeps every other character: C1 (U+0085 ends a line), format characters, letters", () => {
    const kept = "NEL\u0085 ZWJ\u200d RLM\u200f – Ünïcode 📚 \u00a0";
    expect(withoutControlCharacters(kept)).toBe(kept);
  });
});
