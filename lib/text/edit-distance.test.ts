import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { tableEditDistance } from "@/tests/edit-distance-table";
import { editDistance } from "./edit-distance";

describe("editDistance", () => {
  it("counts insertions, deletions and substitutions", () => {
    expect(editDistance("", "")).toBe(0);
    expect(editDistance("policy", "policy")).toBe(0);
    expect(editDistance("", "abc")).toBe(3);
    expect(editDistance("kitten", "sitting")).toBe(3);
    expect(editDistance("color", "colour")).toBe(1);
    expect(editDistance("flaw", "lawn")).toBe(2);
    expect(editDistance("پالیسی", "پالیسیاں")).toBe(2);
  });

  it("agrees with the table on strings shorter and longer than a block of 32, few letters or many", () => {
    const text = (letters: string) => fc.string({ unit: fc.constantFrom(...letters), maxLength: 140, size: "max" });
    for (const letters of ["ab", "abc ", "abcdefghijklmnopqrstuvwxyz .,"]) {
      fc.assert(
        fc.property(text(letters), text(letters), (a, b) => editDistance(a, b) === tableEditDistance(a, b)),
        { numRuns: 400 },
      );
    }
  });

  it("agrees with the table where the lengths straddle block edges (31–33, 63–65, 95–97 rows)", () => {
    for (const rows of [31, 32, 33, 63, 64, 65, 95, 96, 97]) {
      const a = Array.from({ length: rows }, (_, i) => "abcab"[i % 5]).join("");
      const b = Array.from({ length: rows + 7 }, (_, i) => "bacba"[(i * 3) % 5]).join("");
      expect(editDistance(a, b), `${rows} rows`).toBe(tableEditDistance(a, b));
      expect(editDistance(b, a), `${rows} rows, swapped`).toBe(tableEditDistance(b, a));
    }
  });

  it("compares two 50,000-character quotes, the longest there are, in one pass", () => {
    const words = (seed: number) =>
      Array.from({ length: 9_000 }, (_, i) => ((i * 7_919 + seed) % 100_000).toString(36))
        .join(" ")
        .slice(0, 50_000);
    const [a, b] = [words(1), `${words(2).slice(0, 30_000)}${words(3).slice(0, 20_000)}`];
    expect(editDistance(a, b)).toBe(editDistance(b, a));
    expect(editDistance(a, b)).toBeGreaterThan(editDistance(a.slice(0, 2_000), b.slice(0, 2_000)));
    expect(editDistance(a.slice(0, 2_000), b.slice(0, 2_000))).toBe(tableEditDistance(a.slice(0, 2_000), b.slice(0, 2_000)));
    expect(editDistance(a, `${a.slice(0, 25_000)}x${a.slice(25_001)}`)).toBe(1);
    expect(editDistance(a, `${a.slice(0, 10_000)}${a.slice(10_050, 40_000)}yz${a.slice(40_000)}`)).toBe(52);
  });
});
