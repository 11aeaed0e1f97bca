/** Small readers of untyped JSON shared by the file readers in this folder. */

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
