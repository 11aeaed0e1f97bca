import "server-only";
import {
  parseStoredPreferences,
  stripEmpty,
  UNCHOSEN_VISIBILITY,
  type ReaderPreferences,
  type ReaderView,
  type TPreferencesUpdate,
} from "@/lib/annotations/preferences";
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
  const row = await db.readerPreference.upsert({
    where: { userId },
    create: { userId, lastVisibility: UNCHOSEN_VISIBILITY, ...data },
    update: data,
  });
  return parseStoredPreferences(row);
}

/**
 * Someone who just joined a group has not yet chosen where their notes go in it: their next note
 * starts in the group (if it is their only one) or asks, instead of going on privately because a
 * note they wrote before joining was private.
 */
export async function forgetLastScope(userId: string): Promise<void> {
  await db.readerPreference.updateMany({ where: { userId }, data: { lastVisibility: UNCHOSEN_VISIBILITY } });
}

/** Whose annotations the reading page shows this reader, as they last chose there. */
export async function saveReaderView(userId: string, readerView: ReaderView): Promise<void> {
  await db.readerPreference.upsert({
    where: { userId },
    create: { userId, lastVisibility: UNCHOSEN_VISIBILITY, readerView },
    update: { readerView },
  });
}
