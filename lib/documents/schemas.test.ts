import { describe, expect, it } from "vitest";
import { ZUpdateReadingSchema } from "./schemas";

function publishedAtIssues(publishedAt: string): string[] {
  const parsed = ZUpdateReadingSchema.safeParse({ publishedAt });
  return parsed.success ? [] : parsed.error.issues.map((issue) => issue.message);
}

describe("ZUpdateReadingSchema publishedAt", () => {
  it("takes dates and instants within the years 1 to 9999 in UTC", () => {
    for (const value of [
      "2024-05-17",
      "0001-01-01",
      "9999-12-31",
      "9999-12-31T23:59:59Z",
      "9999-12-31T23:59:59+12:00",
      "0001-01-01T00:00:00-01:00",
    ]) {
      expect(publishedAtIssues(value), value).toEqual([]);
    }
  });

  it("refuses an instant whose offset carries it out of the years 1 to 9999, with one clear message", () => {
    const outside = "Give a publication date between the years 1 and 9999 (in UTC, once its offset is applied).";
    expect(publishedAtIssues("9999-12-31T23:59:59-12:00")).toEqual([outside]);
    expect(publishedAtIssues("9999-12-31T12:01-12:00")).toEqual([outside]);
    expect(publishedAtIssues("0001-01-01T00:00:00+00:01")).toEqual([outside]);
  });

  it("still refuses a day that does not exist, once", () => {
    expect(publishedAtIssues("2026-02-30")).toEqual(["That date does not exist."]);
    expect(publishedAtIssues("0000-01-01")).toEqual(["That date does not exist."]);
  });
});
