import "server-only";
import { parseComfort, type ReaderComfort } from "@/lib/reader/comfort";
import { UNCHOSEN_VISIBILITY } from "@/lib/annotations/preferences";
import { db } from "@/server/db/client";

/** A reader's text size, line spacing and theme; only ever read or written for the signed-in user themselves. */
export async function getReaderComfort(userId: string): Promise<ReaderComfort> {
  const row = await db.readerPreference.findUnique({ where: { userId }, select: { textSize: true, lineSpacing: true, theme: true } });
  return parseComfort(row);
}

export async function saveReaderComfort(userId: string, comfort: ReaderComfort): Promise<void> {
  await db.readerPreference.upsert({
    where: { userId },
    create: { userId, lastVisibility: UNCHOSEN_VISIBILITY, ...comfort },
    update: comfort,
  });
}
