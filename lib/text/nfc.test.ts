import { describe, expect, it } from "vitest";
import { convertMarkdown, finishReading } from "@/lib/documents/convert-reading";
import { toNfc } from "./nfc";

describe("toNfc", () => {
  it("composes, and maps offsets both ways at character starts", () => {
    const original = "cafe\u0301 and cre\u0300me";
    const { text, toNfc: forward, fromNfc: back } = toNfc(original);
    expect(text).toBe("café and crème");
    expect(forward(original.indexOf(" and"))).toBe(text.indexOf(" and"));
    expect(forward(original.length)).toBe(text.length);
    expect(back(text.indexOf("crème"))).toBe(original.indexOf("cre\u0300me"));
    // Inside a character that composed: its start.
    expect(forward(original.indexOf("\u0301"))).toBe(text.indexOf("é"));
  });

  it("leaves composed text, and text whose marks have no composed form, as they are", () => {
    expect(toNfc("plain café").text).toBe("plain café");
    const stacked = "q\u0307\u0323 x"; // no precomposed q with these marks; NFC only reorders them
    expect(toNfc(stacked).text).toBe(stacked.normalize("NFC"));
  });

  it("composes Hangul jamo into syllables", () => {
    const jamo = "\u1112\u1161\u11AB \u1100\u1173\u11AF"; // 한 글
    const { text, toNfc: forward } = toNfc(jamo);
    expect(text).toBe("한 글");
    expect(forward(4)).toBe(2);
  });
});

describe("a reading converted from decomposed text", () => {
  it("is stored composed, its emphasis still on its words", () => {
    const draft = finishReading(convertMarkdown("The **cre\u0300me bru\u0302le\u0301e** was *exquise*.".normalize("NFD")));
    expect(draft.text).toBe("The crème brûlée was exquise.");
    const marks = draft.structure!.marks!.map((mark) => [mark.kind, draft.text.slice(mark.start, mark.end)]);
    expect(marks).toEqual([
      ["strong", "crème brûlée"],
      ["emphasis", "exquise"],
    ]);
  });
});
