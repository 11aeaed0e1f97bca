import { describe, expect, it } from "vitest";
import { activeSeconds, IDLE_CUTOFF_MS, recordInput, recordVisibility, startActiveTime, type ActiveTime } from "./active-time";

const S = 1000;
type Step = ["input" | "show" | "hide", number];

function run(steps: readonly Step[], start: { at?: number; isVisible?: boolean } = {}): ActiveTime {
  let state = startActiveTime(start.at ?? 0, start.isVisible ?? true);
  for (const [kind, at] of steps) {
    state = kind === "input" ? recordInput(state, at) : recordVisibility(state, at, kind === "show");
  }
  return state;
}

describe("active reading time", () => {
  it.each<[string, Step[], number, number]>([
    // name, steps, read at, expected seconds
    ["a visible tab counts right after opening", [], 30 * S, 30],
    ["without input the clock stops a minute after the last one", [], 10 * 60 * S, IDLE_CUTOFF_MS / S],
    [
      "each input keeps it going for another minute",
      [
        ["input", 50 * S],
        ["input", 100 * S],
      ],
      200 * S,
      160,
    ],
    ["a hidden tab stops it at once", [["hide", 20 * S]], 120 * S, 20],
    [
      "showing the tab again counts only if an input was recent",
      [
        ["hide", 20 * S],
        ["show", 40 * S],
      ],
      80 * S,
      20 + 20,
    ],
    [
      "after a long absence it waits for an input",
      [
        ["hide", 10 * S],
        ["show", 5 * 60 * S],
        ["input", 6 * 60 * S],
      ],
      6 * 60 * S + 15 * S,
      10 + 15,
    ],
    [
      "an idle gap between inputs counts its first minute only",
      [
        ["input", 0],
        ["input", 5 * 60 * S],
      ],
      5 * 60 * S + 10 * S,
      60 + 10,
    ],
  ])("%s", (_name, steps, at, expected) => {
    expect(activeSeconds(run(steps), at)).toBe(expected);
  });

  it("starts hidden when the page opens in a background tab", () => {
    expect(activeSeconds(run([], { isVisible: false }), 30 * S)).toBe(0);
    expect(
      activeSeconds(
        run(
          [
            ["show", 30 * S],
            ["input", 31 * S],
          ],
          { isVisible: false },
        ),
        41 * S,
      ),
    ).toBe(11);
  });

  it("never goes backwards when events arrive out of order or are read twice", () => {
    const state = run([["input", 50 * S]]);
    const first = activeSeconds(state, 70 * S);
    expect(activeSeconds(state, 70 * S)).toBe(first);
    expect(activeSeconds(recordInput(state, 40 * S), 70 * S)).toBe(first);
  });
});
