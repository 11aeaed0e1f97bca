/** Small readers of untyped JSON shared by the file readers in this folder. */

import { AppError } from "@/lib/errors";

export type JsonObject = Record<string, unknown>;

export function isObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** A JSON-LD value that may be one thing or an array of things, as an array. */
export function asArray(value: unknown): unknown[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : [value];
}

/** How a problem names an item: its 1-based place in the file, and its id when it has one. */
export function describeItem(index: number, sourceId: string): string {
  return sourceId ? `annotation ${index + 1} (${sourceId})` : `annotation ${index + 1}`;
}

/** What a wrong value is, for a problem message: "a number", "an array", "missing". */
export function describeType(value: unknown): string {
  if (value === null) return "null";
  if (value === undefined) return "missing";
  if (Array.isArray(value)) return "an array";
  if (typeof value === "object") return "an object";
  return `a ${typeof value}`;
}

/** A position from a TextPositionSelector-like object, or null when its offsets are not numbers. */
export function readPosition(selector: JsonObject): { start: number; end: number } | null {
  const { start, end } = selector;
  if (typeof start !== "number" || typeof end !== "number") return null;
  return { start, end };
}

/** A quote from a TextQuoteSelector-like object, or null when `exact` is not a string. */
export function readQuote(selector: JsonObject): { exact: string; prefix?: string; suffix?: string } | null {
  const { exact, prefix, suffix } = selector;
  if (typeof exact !== "string") return null;
  return {
    exact,
    ...(typeof prefix === "string" && { prefix }),
    ...(typeof suffix === "string" && { suffix }),
  };
}

/** How a reader is bounded: at most `maxItems` annotations in one file (Infinity: no bound). */
export type ReadLimits = { maxItems: number };

export const NO_READ_LIMITS: ReadLimits = { maxItems: Infinity };

/**
 * Refuses a file with more annotations than one import takes, before any of them is read: the
 * whole file is refused (413), so nothing is half-imported, and the message says what to do.
 */
export function assertItemCount(count: number, { maxItems }: ReadLimits): void {
  if (count <= maxItems) return;
  throw new AppError(
    "PAYLOAD_TOO_LARGE",
    `This file holds ${count.toLocaleString("en")} annotations; one import takes at most ${maxItems.toLocaleString("en")}. ` +
      `Nothing was imported: split the file into parts of at most ${maxItems.toLocaleString("en")} and import each.`,
  );
}
