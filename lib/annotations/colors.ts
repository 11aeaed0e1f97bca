/**
 * The highlight palette. Each reader can say what a colour means to them ("question",
 * "key claim"); the ids are what is stored, the CSS lives in app/globals.css (--hl-<id>).
 */
export const HIGHLIGHT_COLORS = ["yellow", "green", "blue", "pink", "purple", "orange"] as const;
export type HighlightColor = (typeof HIGHLIGHT_COLORS)[number];

export const DEFAULT_HIGHLIGHT_COLOR: HighlightColor = "yellow";

export const COLOR_NAMES: Record<HighlightColor, string> = {
  yellow: "Yellow",
  green: "Green",
  blue: "Blue",
  pink: "Pink",
  purple: "Purple",
  orange: "Orange",
};

export function isHighlightColor(value: unknown): value is HighlightColor {
  return typeof value === "string" && (HIGHLIGHT_COLORS as readonly string[]).includes(value);
}

/** "Yellow — question" when the reader named it, else "Yellow". */
export function describeColor(color: HighlightColor, labels: Partial<Record<HighlightColor, string>>): string {
  const meaning = labels[color]?.trim();
  return meaning ? `${COLOR_NAMES[color]} — ${meaning}` : COLOR_NAMES[color];
}
