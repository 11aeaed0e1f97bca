import { describe, expect, it } from "vitest";
import { zonedWallTimeToDate } from "./zoned-time";

describe("zonedWallTimeToDate", () => {
  it("reads a wall-clock time in the given zone, across daylight saving, and falls back to UTC", () => {
    expect(zonedWallTimeToDate("2026-12-01T17:00", "Europe/Paris")?.toISOString()).toBe("2026-12-01T16:00:00.000Z");
    expect(zonedWallTimeToDate("2026-07-01T17:00", "Europe/Paris")?.toISOString()).toBe("2026-07-01T15:00:00.000Z");
    expect(zonedWallTimeToDate("2026-12-01T09:30", "America/New_York")?.toISOString()).toBe("2026-12-01T14:30:00.000Z");
    expect(zonedWallTimeToDate("2026-12-01T17:00", "Not/AZone")?.toISOString()).toBe("2026-12-01T17:00:00.000Z");
    expect(zonedWallTimeToDate("tomorrow", "UTC")).toBeNull();
  });
});
