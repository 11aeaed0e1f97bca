import { describe, expect, it } from "vitest";
import { compareVersions, mapVersions, reanchorOnto, reanchorTargets } from "@/lib/anchoring/reanchor";
import { describeTextRange } from "@/lib/anchoring/text-quote";
import { article } from "@/tests/factories";
import { comparedVersions } from "./compared-versions";
import { mapIsolated } from "./isolated-worker";

describe("comparedVersions", () => {
  it("compares a pair of versions once and answers the next note on the older one from what it kept", async () => {
    const older = { id: "kept-v1", text: article.text };
    const latest = { id: "kept-v2", text: article.text.replace("Pakistan", "Pakistan’s").replace(/\n\n[^\n]+\n\n/, "\n\n") };
    let reads = 0;
    const readOlder = async () => {
      reads += 1;
      return older.text;
    };
    const first = await comparedVersions(older.id, latest, readOlder);
    const again = await comparedVersions(older.id, latest, readOlder);
    expect(again).toBe(first);
    expect(reads).toBe(1);

    // What it kept places notes as comparing the texts afresh does.
    const targets = [500, 2_000, 7_000].map((start) => {
      const { quote } = describeTextRange(older.text, start, start + 40);
      return { exact: quote.exact, prefix: quote.prefix, suffix: quote.suffix, start, end: start + 40 };
    });
    expect(reanchorOnto(again, targets)).toEqual(reanchorTargets(older.text, latest.text, targets));

    // Another pair is another comparison.
    const other = await comparedVersions(older.id, { id: "kept-v3", text: `${latest.text}\n\nA new last paragraph.` }, readOlder);
    expect(other).not.toBe(first);
    expect(reads).toBe(2);
  });

  it("keeps the offsets of a text stored decomposed, as comparing afresh does", async () => {
    const accented = article.text.replace(/policy/g, "pólicy");
    const decomposed = accented.normalize("NFD");
    const composed = accented.normalize("NFC").replace("Pakistan", "Pakistan’s");
    expect(decomposed.length).toBeGreaterThan(accented.length);
    const targets = [100, 3_000].map((start) => {
      const { quote } = describeTextRange(decomposed, start, start + 25);
      return { exact: quote.exact, prefix: quote.prefix, suffix: quote.suffix, start, end: start + 25 };
    });
    const compared = await comparedVersions("kept-nfd", { id: "kept-nfc", text: composed }, async () => decomposed);
    const placed = reanchorOnto(compared, targets);
    expect(placed).toEqual(reanchorTargets(decomposed, composed, targets));
    expect(placed.map((placement) => placement.status)).toEqual(["relocated", "relocated"]);
  });

  it("worked out by the worker process, places notes as comparing here does, a text stored decomposed included", async () => {
    const decomposed = article.text.replace(/policy/g, "pólicy").normalize("NFD");
    const composed = decomposed
      .normalize("NFC")
      .replace("Pakistan", "Pakistan’s")
      .replace(/\n\n[^\n]+\n\n/, "\n\n");
    const targets = [100, 2_000, 6_000].map((start) => {
      const { quote } = describeTextRange(decomposed, start, start + 30);
      return { exact: quote.exact, prefix: quote.prefix, suffix: quote.suffix, start, end: start + 30 };
    });
    const mapped: string[] = [];
    const compared = await comparedVersions(
      "worker-nfd",
      { id: "worker-nfc", text: composed },
      async () => decomposed,
      (oldText, newText) => {
        mapped.push("worker");
        return mapIsolated(oldText, newText, "compared-versions-test");
      },
    );
    expect(mapped).toEqual(["worker"]);
    expect(compared.map).toEqual(compareVersions(decomposed, composed).map);
    expect(compared.carriedFrom).toEqual(mapVersions(decomposed, composed).carriedFrom);
    const placed = reanchorOnto(compared, targets);
    expect(placed).toEqual(reanchorTargets(decomposed, composed, targets));
    expect(placed.filter((placement) => placement.status !== "orphaned")).toHaveLength(3);
  });

  it("makes one comparison for notes on the same older version at once, in the worker", async () => {
    const older = { id: "together-v1", text: article.text };
    const latest = { id: "together-v2", text: article.text.replace("Pakistan", "Pakistan’s") };
    let mapped = 0;
    const mapper = (oldText: string, newText: string) => {
      mapped += 1;
      return mapIsolated(oldText, newText, "compared-versions-test");
    };
    const together = await Promise.all(Array.from({ length: 5 }, () => comparedVersions(older.id, latest, async () => older.text, mapper)));
    expect(mapped).toBe(1);
    expect(new Set(together).size).toBe(1);
  });
});
