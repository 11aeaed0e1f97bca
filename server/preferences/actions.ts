"use server";
// Server actions for a reader's own settings. Next.js checks that actions are posted from this origin.
import { revalidatePath } from "next/cache";
import { ZPreferencesUpdate, ZReaderView } from "@/lib/annotations/preferences";
import { HIGHLIGHT_COLORS } from "@/lib/annotations/colors";
import { getCurrentUser, requireUserForAction } from "@/server/auth/session";
import { readForm } from "@/server/http/form-text";
import { parseComfort, type ReaderComfort } from "@/lib/reader/comfort";
import { ZReaderComfort } from "@/lib/reader/comfort-schema";
import { saveReaderComfort } from "./reader-comfort";
import { saveReaderView, updateReaderPreferences } from "./reader-preferences";

export type SavePreferencesState = { status: "idle" | "saved" } | { status: "invalid"; errors: Record<string, string>; message?: string };

export async function savePreferences(_previous: SavePreferencesState, data: FormData): Promise<SavePreferencesState> {
  const user = await requireUserForAction();
  const form = readForm(data);
  if (form.refusal) return { status: "invalid", errors: {}, message: form.refusal.message };
  const parsed = ZPreferencesUpdate.safeParse({
    colorLabels: Object.fromEntries(HIGHLIGHT_COLORS.map((color) => [color, form.text(`label-${color}`)])),
    shortcuts: {
      enabled: form.checked("shortcuts-enabled"),
      highlight: form.text("shortcut-highlight"),
      annotate: form.text("shortcut-annotate"),
    },
    liveUpdates: form.text("live-updates") || "immediate",
  });
  if (!parsed.success) {
    const errors: Record<string, string> = {};
    for (const issue of parsed.error.issues) errors[issue.path.join(".")] ??= issue.message;
    return { status: "invalid", errors };
  }
  await updateReaderPreferences(user.id, parsed.data);
  // The form is drawn with the stored values (again after a post without script): those must be the saved ones.
  revalidatePath("/settings");
  return { status: "saved" };
}

/** The reading page's "whose annotations" choice, remembered for the reader's next page. Unknown values are ignored. */
export async function rememberReaderView(view: string): Promise<void> {
  // Asked in the background as the reader works: signed out meanwhile, there is no one to remember it for.
  const user = await getCurrentUser();
  if (!user) return;
  const parsed = ZReaderView.safeParse(view);
  if (parsed.success) await saveReaderView(user.id, parsed.data);
}

/** Text size, line spacing and theme, chosen on the reading page. Unknown values are refused as a whole. */
export async function rememberReaderComfort(comfort: ReaderComfort): Promise<void> {
  const user = await getCurrentUser();
  if (!user) return;
  const parsed = ZReaderComfort.safeParse(comfort);
  if (parsed.success) await saveReaderComfort(user.id, parseComfort(parsed.data));
}
