import { describe, expect, it } from "vitest";
import { typedWallTime, zonedWallTimeToDate } from "./zoned-time";

const at = (wallTime: string, timeZone: string) => zonedWallTimeToDate(wallTime, timeZone)?.toISOString() ?? null;

describe("zonedWallTimeToDate", () => {
  it("reads a wall-clock time in the given zone, across daylight saving, and falls back to UTC", () => {
    expect(at("2026-12-01T17:00", "Europe/Paris")).toBe("2026-12-01T16:00:00.000Z");
    expect(at("2026-07-01T17:00", "Europe/Paris")).toBe("2026-07-01T15:00:00.000Z");
    expect(at("2026-12-01T09:30", "America/New_York")).toBe("2026-12-01T14:30:00.000Z");
    expect(at("2026-12-01T17:00", "Not/AZone")).toBe("2026-12-01T17:00:00.000Z");
    expect(at("tomorrow", "UTC")).toBeNull();
  });

  // The expected instants are Temporal's "compatible" answers (ZonedDateTime.from(…, { disambiguation: "compatible" })).
  it("reads a time the clocks skipped as the same time after the gap, in every zone", () => {
    // New York springs forward 02:00 EST → 03:00 EDT: 02:30 is 03:30 EDT.
    expect(at("2027-03-14T02:30", "America/New_York")).toBe("2027-03-14T07:30:00.000Z");
    // Havana skips midnight (00:00 CST → 01:00 CDT): 00:00 is 01:00 CDT the same day, not 23:00 the day before.
    expect(at("2027-03-14T00:00", "America/Havana")).toBe("2027-03-14T05:00:00.000Z");
    // London springs forward 01:00 GMT → 02:00 BST: 01:30 is 02:30 BST.
    expect(at("2027-03-28T01:30", "Europe/London")).toBe("2027-03-28T01:30:00.000Z");
    // Lord Howe moves by half an hour (02:00 → 02:30): 02:10 is 02:40.
    expect(at("2026-10-04T02:10", "Australia/Lord_Howe")).toBe("2026-10-03T15:40:00.000Z");
    // Samoa skipped 30 December 2011 whole: that day's 10:00 is 31 December 10:00.
    expect(at("2011-12-30T10:00", "Pacific/Apia")).toBe("2011-12-30T20:00:00.000Z");
  });

  it("reads a time the clocks show twice as the first of the two", () => {
    // New York falls back 02:00 EDT → 01:00 EST: 01:30 is 01:30 EDT.
    expect(at("2026-11-01T01:30", "America/New_York")).toBe("2026-11-01T05:30:00.000Z");
    expect(at("2026-10-25T01:30", "Europe/London")).toBe("2026-10-25T00:30:00.000Z");
    // Just outside either change, the one offset there is.
    expect(at("2026-11-01T02:30", "America/New_York")).toBe("2026-11-01T07:30:00.000Z");
    expect(at("2027-03-14T01:59", "America/New_York")).toBe("2027-03-14T06:59:00.000Z");
    expect(at("2027-03-14T03:00", "America/New_York")).toBe("2027-03-14T07:00:00.000Z");
  });

  it("refuses dates that do not exist rather than rolling them over", () => {
    expect(at("2026-02-31T10:00", "UTC")).toBeNull();
    expect(at("2026-02-29T10:00", "Europe/Paris")).toBeNull();
    expect(at("2026-13-01T10:00", "UTC")).toBeNull();
    expect(at("2026-12-31T24:00", "UTC")).toBeNull();
    expect(at("2026-12-31T10:60", "UTC")).toBeNull();
    expect(at("2028-02-29T10:00", "UTC")).toBe("2028-02-29T10:00:00.000Z");
  });
});

describe("typedWallTime", () => {
  it("gives a form's time in the group's zone as the API takes it", () => {
    expect(typedWallTime("2026-12-20T09:00", "The due time", "America/New_York")).toBe("2026-12-20T14:00:00.000Z");
  });

  it("refuses a time that does not exist in the form's words, naming the field and what was typed, without the API's offset", () => {
    expect(() => typedWallTime("2027-02-31T10:00", "The due time", "UTC")).toThrow(
      "The due time “2027-02-31T10:00” is not a date and time that exists: pick one from the calendar.",
    );
  });
});
