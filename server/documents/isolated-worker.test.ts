import { afterEach, describe, expect, it, vi } from "vitest";
import { readConversionLimits } from "@/lib/documents/reading-limits";
import { AppError } from "@/lib/errors";
import { convertIsolated } from "./isolated-worker";
import type { ConversionJob } from "./convert-source";

const page = (html: string): ConversionJob => ({
  kind: "bytes",
  format: "html",
  bytes: new TextEncoder().encode(html),
  name: "page.html",
  metadata: {},
  charset: null,
  sourceUrl: null,
  limits: readConversionLimits(),
});
/** 2,000 nested <div>s: Readability spends 40 s on it, so it runs into the time limit. */
const STUCK = page(`<html><body>${"<div>".repeat(2000)}deep text${"</div>".repeat(2000)}</body></html>`);
const text = (words: string): ConversionJob => ({
  kind: "pasted",
  format: "text",
  text: words,
  metadata: {},
  limits: readConversionLimits(),
});

afterEach(() => vi.unstubAllEnvs());

describe("the conversion worker's turns", () => {
  it("goes round the people waiting: one person's slow pages do not hold another's reading behind all of them", async () => {
    vi.stubEnv("READING_CONVERSION_TIMEOUT_MS", "1500");
    vi.stubEnv("READING_CONVERSIONS_PER_PERSON", "3");
    const finished: string[] = [];
    const settle = (name: string, promise: Promise<unknown>) =>
      promise.then(
        () => finished.push(`${name} made`),
        (error: Error) => finished.push(`${name} refused: ${error.message.slice(0, 40)}`),
      );
    // Mallory sends as many slow pages as she may, then one more; Bob a few words after them.
    const mallorys = Array.from({ length: 3 }, (_, index) => settle(`mallory ${index + 1}`, convertIsolated(STUCK, "mallory")));
    const refused = await convertIsolated(STUCK, "mallory").catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(AppError);
    expect((refused as AppError).code).toBe("RATE_LIMITED");
    expect((refused as AppError).message).toBe(
      "You have 3 readings or versions on their way already: wait until one is made, then add the next.",
    );
    const bobs = settle("bob", convertIsolated(text("A short reading of a few words."), "bob"));
    await Promise.all([...mallorys, bobs]);
    // Bob's turn came after Mallory's first page, not after all of hers.
    expect(finished).toEqual([
      "mallory 1 refused: This page is too complex to read here (i",
      "bob made",
      "mallory 2 refused: This page is too complex to read here (i",
      "mallory 3 refused: This page is too complex to read here (i",
    ]);
  }, 90_000);
});
