import { z } from "zod";
import { DEFAULT_HIGHLIGHT_COLOR, HIGHLIGHT_COLORS, type HighlightColor } from "./colors";
import { MAX_COLOR_MEANING_LENGTH } from "./limits";
import { parseScopeKey, scopeKey } from "./scopes";

export { MAX_COLOR_MEANING_LENGTH } from "./limits";

/** A reader's annotating settings: colour meanings, keyboard shortcuts, last-used choices. */
export type ReaderPreferences = {
  colorLabels: Partial<Record<HighlightColor, string>>;
  shortcuts: { enabled: boolean; highlight: string; annotate: string };
  lastColor: HighlightColor;
  /**
   * The scope used last, as a key: "private" | "everyone" | "group:<id>" | "instructors:<id>";
   * null until the reader chooses one, and again after they join a group (lib/annotations/scopes.ts
   * defaultScopeKey decides what the editor starts with then).
   */
  lastVisibility: string | null;
  /**
   * Others' changes arriving on the live stream: "immediate" applies them as they come,
   * "queue" holds them behind a "N new — show" button so the margin does not move while reading.
   */
  liveUpdates: LiveUpdatesMode;
  /** Whose annotations the reading page shows; remembered when the reader changes it there. */
  readerView: ReaderView;
};

/**
 * Whose annotations the reading page shows: "groups", mine and my groups' (the default, so a
 * private note-taker is not shown strangers' notes); "mine"; "everyone", others' notes shared with
 * everyone signed in as well.
 */
export const READER_VIEWS = ["groups", "mine", "everyone"] as const;
export type ReaderView = (typeof READER_VIEWS)[number];
export const ZReaderView = z.enum(READER_VIEWS);

export const LIVE_UPDATES_MODES = ["immediate", "queue"] as const;
export type LiveUpdatesMode = (typeof LIVE_UPDATES_MODES)[number];

export const DEFAULT_SHORTCUTS: ReaderPreferences["shortcuts"] = { enabled: true, highlight: "h", annotate: "a" };

export const DEFAULT_PREFERENCES: ReaderPreferences = {
  colorLabels: {},
  shortcuts: DEFAULT_SHORTCUTS,
  lastColor: DEFAULT_HIGHLIGHT_COLOR,
  lastVisibility: null,
  liveUpdates: "immediate",
  readerView: "groups",
};

/** What the lastVisibility column holds while the reader has not chosen (the column is not nullable). */
export const UNCHOSEN_VISIBILITY = "";

const ZShortcutKey = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9]$/, "A shortcut is a single letter or digit.");

/** A colour's meaning is shown in full (editor, sidebar legend), so it can say a sentence's worth. */

export const ZColorLabels = z.partialRecord(
  z.enum(HIGHLIGHT_COLORS),
  z.string().trim().max(MAX_COLOR_MEANING_LENGTH, `Keep a colour's meaning to ${MAX_COLOR_MEANING_LENGTH} characters.`),
);

export const ZShortcuts = z
  .object({ enabled: z.boolean(), highlight: ZShortcutKey, annotate: ZShortcutKey })
  .refine((shortcuts) => shortcuts.highlight !== shortcuts.annotate, {
    message: "Highlight and Annotate need different keys.",
    path: ["annotate"],
  });

export const ZLiveUpdates = z.enum(LIVE_UPDATES_MODES, { message: "Choose how others' annotations arrive." });

export const ZPreferencesUpdate = z.object({ colorLabels: ZColorLabels, shortcuts: ZShortcuts, liveUpdates: ZLiveUpdates });
export type TPreferencesUpdate = z.infer<typeof ZPreferencesUpdate>;

/** Reads the stored JSON columns leniently: a corrupt value falls back to the default. */
export function parseStoredPreferences(
  row: {
    colorLabels: string;
    shortcuts: string;
    lastColor: string;
    lastVisibility: string;
    /** Optional so rows read before the live-reading migration still parse. */
    liveUpdates?: string | null;
    readerView?: string | null;
  } | null,
): ReaderPreferences {
  if (!row) return DEFAULT_PREFERENCES;
  const labels = ZColorLabels.safeParse(safeJson(row.colorLabels));
  const shortcuts = ZShortcuts.safeParse({ ...DEFAULT_SHORTCUTS, ...(safeJson(row.shortcuts) as object) });
  return {
    colorLabels: labels.success ? stripEmpty(labels.data) : {},
    shortcuts: shortcuts.success ? shortcuts.data : DEFAULT_SHORTCUTS,
    lastColor: (HIGHLIGHT_COLORS as readonly string[]).includes(row.lastColor)
      ? (row.lastColor as HighlightColor)
      : DEFAULT_HIGHLIGHT_COLOR,
    lastVisibility: readScopeKey(row.lastVisibility),
    liveUpdates: ZLiveUpdates.safeParse(row.liveUpdates).data ?? DEFAULT_PREFERENCES.liveUpdates,
    readerView: ZReaderView.safeParse(row.readerView).data ?? DEFAULT_PREFERENCES.readerView,
  };
}

export function stripEmpty(labels: Partial<Record<HighlightColor, string>>): Partial<Record<HighlightColor, string>> {
  return Object.fromEntries(Object.entries(labels).filter(([, label]) => label && label.trim())) as Partial<Record<HighlightColor, string>>;
}

/** A stored scope key back as a key; "not chosen yet" and anything unreadable are null. */
function readScopeKey(stored: string): string | null {
  const scope = parseScopeKey(stored);
  return scope && scopeKey(scope);
}

function safeJson(value: string): unknown {
  try {
    return JSON.parse(value);
  } catch {
    return {};
  }
}
