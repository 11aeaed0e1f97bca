import { describe, expect, it } from "vitest";
import { DEFAULT_PREFERENCES, MAX_COLOR_MEANING_LENGTH, parseStoredPreferences, ZPreferencesUpdate } from "./preferences";

const stored = (
  overrides: Partial<{
    colorLabels: string;
    shortcuts: string;
    lastColor: string;
    lastVisibility: string;
    liveUpdates: string;
    readerView: string;
  }>,
) => ({
  colorLabels: "{}",
  shortcuts: "{}",
  lastColor: "yellow",
  lastVisibility: "private",
  ...overrides,
});

describe("reader preferences", () => {
  it("defaults to h and a, yellow, private, and no colour names", () => {
    expect(parseStoredPreferences(null)).toEqual(DEFAULT_PREFERENCES);
    expect(DEFAULT_PREFERENCES.shortcuts).toEqual({ enabled: true, highlight: "h", annotate: "a" });
  });

  it("reads stored colour names and shortcuts, dropping empty names", () => {
    const preferences = parseStoredPreferences(
      stored({
        colorLabels: JSON.stringify({ yellow: "question", green: "", blue: "evidence" }),
        shortcuts: JSON.stringify({ enabled: false, highlight: "j", annotate: "k" }),
        lastColor: "blue",
        lastVisibility: "everyone",
        liveUpdates: "queue",
        readerView: "everyone",
      }),
    );
    expect(preferences).toEqual({
      colorLabels: { yellow: "question", blue: "evidence" },
      shortcuts: { enabled: false, highlight: "j", annotate: "k" },
      lastColor: "blue",
      lastVisibility: "everyone",
      liveUpdates: "queue",
      readerView: "everyone",
    });
  });

  it("falls back to defaults for corrupt or unknown stored values instead of failing the page", () => {
    const preferences = parseStoredPreferences(
      stored({
        colorLabels: "not json",
        shortcuts: JSON.stringify({ highlight: "hh" }),
        lastColor: "mauve",
        lastVisibility: "nobody",
        liveUpdates: "sometimes",
        readerView: "strangers",
      }),
    );
    expect(preferences).toEqual(DEFAULT_PREFERENCES);
  });

  it("reads a group scope back as its key", () => {
    expect(parseStoredPreferences(stored({ lastVisibility: "group:g1" })).lastVisibility).toBe("group:g1");
    expect(parseStoredPreferences(stored({ lastVisibility: "instructors:g1" })).lastVisibility).toBe("instructors:g1");
    expect(parseStoredPreferences(stored({ lastVisibility: "group:" })).lastVisibility).toBeNull();
    // The column's "not chosen yet" (after joining a group) reads as not chosen.
    expect(parseStoredPreferences(stored({ lastVisibility: "" })).lastVisibility).toBeNull();
  });

  it("shows mine and my groups' annotations unless the reader chose otherwise (issue 16)", () => {
    expect(DEFAULT_PREFERENCES.readerView).toBe("groups");
    expect(parseStoredPreferences(stored({})).readerView).toBe("groups");
    expect(parseStoredPreferences(stored({ readerView: "mine" })).readerView).toBe("mine");
  });

  it("shows others' live changes as they arrive unless the reader chose to queue them", () => {
    expect(DEFAULT_PREFERENCES.liveUpdates).toBe("immediate");
    expect(parseStoredPreferences(stored({})).liveUpdates).toBe("immediate");
    expect(parseStoredPreferences(stored({ liveUpdates: "queue" })).liveUpdates).toBe("queue");
    const shortcuts = { enabled: true, highlight: "h", annotate: "a" };
    expect(ZPreferencesUpdate.safeParse({ colorLabels: {}, shortcuts, liveUpdates: "queue" }).success).toBe(true);
    expect(ZPreferencesUpdate.safeParse({ colorLabels: {}, shortcuts, liveUpdates: "later" }).success).toBe(false);
  });

  it("refuses shortcuts that are not one letter or digit, or that clash", () => {
    const colorLabels = {};
    expect(
      ZPreferencesUpdate.safeParse({ colorLabels, shortcuts: { enabled: true, highlight: "H", annotate: "a" }, liveUpdates: "immediate" })
        .success,
    ).toBe(true);
    const multi = ZPreferencesUpdate.safeParse({
      colorLabels,
      shortcuts: { enabled: true, highlight: "ctrl", annotate: "a" },
      liveUpdates: "immediate",
    });
    expect(multi.success ? null : multi.error.issues[0].message).toBe("A shortcut is a single letter or digit.");
    const clash = ZPreferencesUpdate.safeParse({
      colorLabels,
      shortcuts: { enabled: true, highlight: "a", annotate: "a" },
      liveUpdates: "immediate",
    });
    expect(clash.success ? null : clash.error.issues[0].message).toBe("Highlight and Annotate need different keys.");
    const longName = ZPreferencesUpdate.safeParse({
      colorLabels: { pink: "x".repeat(MAX_COLOR_MEANING_LENGTH + 1) },
      shortcuts: { enabled: true, highlight: "h", annotate: "a" },
      liveUpdates: "immediate",
    });
    expect(longName.success).toBe(false);
  });
});
