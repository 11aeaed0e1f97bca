import { describe, expect, it } from "vitest";
import { COMFORT_STORAGE_KEY, comfortAttributes, comfortBootScript, parseComfort, stepTextSize } from "./comfort";

/** Runs the inline boot script against a stored value, with just enough of a browser around it. */
function runBootScript(stored: string | null): Record<string, string> {
  const attributes: Record<string, string> = {};
  const document = { documentElement: { setAttribute: (name: string, value: string) => void (attributes[name] = value) } };
  const localStorage = { getItem: (key: string) => (key === COMFORT_STORAGE_KEY ? stored : null) };
  new Function("document", "localStorage", comfortBootScript())(document, localStorage);
  return attributes;
}

describe("reading comfort", () => {
  it("reads stored values field by field, dropping what it does not know", () => {
    expect(parseComfort({ textSize: 130, lineSpacing: "loose", theme: "sepia" })).toEqual({
      textSize: 130,
      lineSpacing: "loose",
      theme: "sepia",
    });
    expect(parseComfort({ textSize: "115", theme: "hacker" })).toEqual({ textSize: 115, lineSpacing: "normal", theme: "system" });
    expect(parseComfort({ textSize: 999, lineSpacing: 3 })).toEqual({ textSize: 100, lineSpacing: "normal", theme: "system" });
    expect(parseComfort(null)).toEqual({ textSize: 100, lineSpacing: "normal", theme: "system" });
  });

  it("puts only what differs from the default on <html>", () => {
    expect(comfortAttributes({ textSize: 100, lineSpacing: "normal", theme: "system" })).toEqual({});
    expect(comfortAttributes({ textSize: 150, lineSpacing: "compact", theme: "dark" })).toEqual({
      "data-text-size": "150",
      "data-line-spacing": "compact",
      "data-theme": "dark",
    });
  });

  it("steps through the text sizes and stops at either end", () => {
    expect(stepTextSize(100, 1)).toBe(115);
    expect(stepTextSize(100, -1)).toBe(90);
    expect(stepTextSize(150, 1)).toBeNull();
    expect(stepTextSize(90, -1)).toBeNull();
  });

  // The boot script repeats parseComfort's checks in a few bytes of plain JavaScript: for every
  // stored value, it must set exactly the attributes the server would render for the same value.
  it.each([
    null,
    "not json",
    "{}",
    JSON.stringify({ textSize: 130, lineSpacing: "loose", theme: "sepia" }),
    JSON.stringify({ textSize: 100, lineSpacing: "normal", theme: "system" }),
    JSON.stringify({ textSize: 999, lineSpacing: "compact", theme: "hacker" }),
    JSON.stringify({ textSize: "90", theme: "dark" }),
    JSON.stringify({ theme: { toString: null } }),
    JSON.stringify([1, 2, 3]),
  ])("the boot script applies %s as the server would", (stored) => {
    let parsed: unknown = null;
    try {
      parsed = JSON.parse(stored ?? "{}");
    } catch {
      parsed = null;
    }
    expect(runBootScript(stored)).toEqual(comfortAttributes(parseComfort(parsed)));
  });
});
