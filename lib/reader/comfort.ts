/**
 * Reading comfort (issue 14): text size, line spacing and colour theme. They are applied as
 * attributes on <html> (data-text-size, data-line-spacing, data-theme) that CSS turns into
 * variables, so the server can render them and nothing flashes. Signed-in readers keep them in
 * ReaderPreference; anonymous readers in localStorage under COMFORT_STORAGE_KEY.
 */
export const TEXT_SIZES = [90, 100, 115, 130, 150] as const;
export const LINE_SPACINGS = ["compact", "normal", "loose"] as const;
export const THEMES = ["system", "light", "dark", "sepia"] as const;

export type TextSize = (typeof TEXT_SIZES)[number];
export type LineSpacing = (typeof LINE_SPACINGS)[number];
export type Theme = (typeof THEMES)[number];
export type ReaderComfort = { textSize: TextSize; lineSpacing: LineSpacing; theme: Theme };

export const DEFAULT_COMFORT: ReaderComfort = { textSize: 100, lineSpacing: "normal", theme: "system" };
export const COMFORT_STORAGE_KEY = "marginalia:comfort";

export const THEME_NAMES: Record<Theme, string> = { system: "Like my device", light: "Light", dark: "Dark", sepia: "Sepia" };
export const LINE_SPACING_NAMES: Record<LineSpacing, string> = { compact: "Compact", normal: "Normal", loose: "Loose" };

/** Reads stored values leniently, field by field: anything unknown falls back to the default. */
export function parseComfort(value: unknown): ReaderComfort {
  // By hand, not with zod: the reading page parses in the browser (perf/js-budget.json).
  const row = typeof value === "object" && value !== null ? (value as Record<string, unknown>) : {};
  const size = typeof row.textSize === "string" || typeof row.textSize === "number" ? Number(row.textSize) : NaN;
  const isOneOf = <T extends string>(choices: readonly T[], candidate: unknown): candidate is T => choices.includes(candidate as T);
  return {
    textSize: (TEXT_SIZES as readonly number[]).includes(size) ? (size as TextSize) : DEFAULT_COMFORT.textSize,
    lineSpacing: isOneOf(LINE_SPACINGS, row.lineSpacing) ? row.lineSpacing : DEFAULT_COMFORT.lineSpacing,
    theme: isOneOf(THEMES, row.theme) ? row.theme : DEFAULT_COMFORT.theme,
  };
}

/** The attributes <html> carries; defaults are left out so a reader who changed nothing gets the plain page. */
export function comfortAttributes(comfort: ReaderComfort): Record<string, string> {
  const attributes: Record<string, string> = {};
  if (comfort.textSize !== DEFAULT_COMFORT.textSize) attributes["data-text-size"] = String(comfort.textSize);
  if (comfort.lineSpacing !== DEFAULT_COMFORT.lineSpacing) attributes["data-line-spacing"] = comfort.lineSpacing;
  if (comfort.theme !== DEFAULT_COMFORT.theme) attributes["data-theme"] = comfort.theme;
  return attributes;
}

/** The next step up or down the text sizes, or null at either end. */
export function stepTextSize(size: TextSize, direction: 1 | -1): TextSize | null {
  return TEXT_SIZES[TEXT_SIZES.indexOf(size) + direction] ?? null;
}

/**
 * The script that applies an anonymous reader's stored comfort before the first paint. It runs
 * inline in <head> (with the page's CSP nonce) and must stay tiny and self-contained: it repeats
 * the checks of parseComfort against the same lists.
 */
export function comfortBootScript(): string {
  const lists = JSON.stringify({ textSize: TEXT_SIZES.map(String), lineSpacing: LINE_SPACINGS, theme: THEMES });
  const names = JSON.stringify({ textSize: "data-text-size", lineSpacing: "data-line-spacing", theme: "data-theme" });
  const defaults = JSON.stringify({
    textSize: String(DEFAULT_COMFORT.textSize),
    lineSpacing: DEFAULT_COMFORT.lineSpacing,
    theme: DEFAULT_COMFORT.theme,
  });
  return `try{var c=JSON.parse(localStorage.getItem(${JSON.stringify(COMFORT_STORAGE_KEY)})||"{}"),l=${lists},n=${names},d=${defaults};for(var k in n){var v=String(c[k]);if(l[k].indexOf(v)>=0&&v!==d[k])document.documentElement.setAttribute(n[k],v)}}catch(e){}`;
}
