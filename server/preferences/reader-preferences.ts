import "server-only";
import { parseStoredPreferences, stripEmpty, type ReaderPreferences, type TPreferencesUpdate } from "@/lib/annotations/preferences";
import { db } from "@/server/db/client";

/** A reader's own settings; only ever read or written for the signed-in user themselves. */
export async function getReaderPreferences(userId: string): Promise<ReaderPreferences> {
  return parseStoredPreferences(await db.readerPreference.findUnique({ where: { userId } }));
}

export async function updateReaderPreferences(userId: string, update: TPreferencesUpdate): Promise<ReaderPreferences> {
  const data = {
    colorLabels: JSON.stringify(stripEmpty(update.colorLabels)),
    shortcuts: JSON.stringify(update.shortcuts),
    liveUpdates: update.liveUpdates,
  };
  const row = await db.readerPreference.upsert({ where: { userId }, create: { userId, ...data }, update: data });
  return parseStoredPreferences(row);
}
