import { describe, expect, it } from "vitest";
import { annotation } from "@/tests/factories/annotation-dtos";
import { placeOnShownVersion } from "./shown-version";

// Version 1 is on the page; the owner has since added a paragraph at the top (version 2).
const SHOWN = { versionId: "v1", text: "Cats purr. Dogs bark. Cats sleep." };
/** On version 2, with no words around it that tell its occurrences apart (unless a test sets some). */
function onVersion2(exact: string, start: number, context: { prefix?: string; suffix?: string } = {}) {
  const placed = annotation({ id: "a1", exact, start, anchoring: { status: "relocated", versionId: "v2", score: 0.9 } });
  placed.target!.selector[0] = { type: "TextQuoteSelector", exact, prefix: context.prefix ?? "", suffix: context.suffix ?? "" };
  return placed;
}
const position = (placed: ReturnType<typeof placeOnShownVersion>) => placed!.target!.selector[1];

describe("a live annotation on the page that shows an older version", () => {
  it("is left as it came when it is on the version shown", () => {
    const same = annotation({ id: "a1", exact: "Dogs", start: 11, anchoring: { status: "anchored", versionId: "v1", score: 1 } });
    expect(placeOnShownVersion(same, SHOWN, undefined)).toBe(same);
  });

  it("keeps the place this page already has for it", () => {
    const local = annotation({ id: "a1", exact: "Cats", start: 22, anchoring: { status: "anchored", versionId: "v1", score: 1 } });
    const placed = placeOnShownVersion({ ...onVersion2("Cats", 40), body: "edited" }, SHOWN, local);
    expect(position(placed)).toMatchObject({ start: 22, end: 26 });
    expect(placed!.body).toBe("edited");
    expect(placed!.anchoring).toEqual(local.anchoring);
  });

  it("is placed, among occurrences its context cannot tell apart, at the one nearest to where it stands, counted in the text shown", () => {
    expect(position(placeOnShownVersion(onVersion2("Cats", 40), SHOWN, undefined))).toMatchObject({ start: 22, end: 26 });
    expect(position(placeOnShownVersion(onVersion2("Cats", 3), SHOWN, undefined))).toMatchObject({ start: 0, end: 4 });
    expect(placeOnShownVersion(onVersion2("Dogs bark", 30), SHOWN, undefined)!.anchoring).toEqual({
      status: "anchored",
      versionId: "v1",
      score: 1,
    });
  });

  it("is placed where the words around its quote agree, even when another occurrence is nearer", () => {
    // "Cats" before " sleep" on version 2, now counted near the start: the first "Cats" is nearer,
    // but only the second is followed by " sleep".
    const beforeSleep = onVersion2("Cats", 3, { prefix: "bark. ", suffix: " sleep." });
    expect(position(placeOnShownVersion(beforeSleep, SHOWN, undefined))).toMatchObject({ start: 22, end: 26 });
  });

  it("is not painted when the text shown does not have its words", () => {
    expect(placeOnShownVersion(onVersion2("Birds sing", 0), SHOWN, undefined)).toBeNull();
  });
});
