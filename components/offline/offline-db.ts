import { deleteDB, openDB, type DBSchema, type IDBPDatabase } from "idb";
import type { AnnotationDto } from "@/lib/annotations/types";
import type { OutboxEntry } from "@/components/annotations/outbox";
import { REPLY_DRAFT_PREFIX } from "@/components/annotations/reply-drafts";

/**
 * What Marginalia keeps on this device (issue 14), in one IndexedDB database:
 * - `readings`: the readings kept offline, each with its text, title and the annotations its
 *   reader could see when it was last synced (one record per reader and reading);
 * - `outbox`: the changes not yet sent to the server, per reader and reading (./outbox.ts).
 * The pages of kept readings (their HTML and the scripts it names) are in the Cache Storage
 * cache KEPT_CACHE, which the service worker (public/sw.js) serves from when offline.
 * Signing out deletes both (clearDevice).
 *
 * Loaded only by dynamic import (on "Keep offline", when the reading page starts, on sign-out),
 * so idb stays out of every page's first-load JavaScript.
 */
export const DB_NAME = "marginalia-offline";
export const KEPT_CACHE = "marginalia-kept";

export type KeptReading = {
  /** `${userId}:${slug}` */
  key: string;
  userId: string;
  slug: string;
  title: string;
  /** The page's path: what the service worker serves from KEPT_CACHE. */
  path: string;
  versionId: string;
  text: string;
  annotations: AnnotationDto[];
  keptAt: string;
  syncedAt: string;
  /** "assignment": kept without asking, for an open assignment, and let go when it is not open any more. Absent: the reader kept it. */
  keptFor?: "assignment";
};

/** `title`: the reading's, as its page last saved the outbox (My notes names a reading that no longer opens by it). */
type StoredOutbox = { key: string; entries: OutboxEntry[]; title?: string };

interface OfflineSchema extends DBSchema {
  readings: { key: string; value: KeptReading; indexes: { byUser: string } };
  outbox: { key: string; value: StoredOutbox };
}

let opening: Promise<IDBPDatabase<OfflineSchema>> | null = null;

export function openOfflineDb(): Promise<IDBPDatabase<OfflineSchema>> {
  opening ??= openDB<OfflineSchema>(DB_NAME, 1, {
    upgrade(db) {
      db.createObjectStore("readings", { keyPath: "key" }).createIndex("byUser", "userId");
      db.createObjectStore("outbox", { keyPath: "key" });
    },
    // Another tab is deleting the database (signing out): let it.
    blocking() {
      void opening?.then((db) => db.close());
      opening = null;
    },
  }).catch((error: unknown) => {
    // Not kept: a failed open (the database being made or deleted elsewhere at that moment) is tried again next time.
    opening = null;
    throw error;
  });
  return opening;
}

export const keptKey = (userId: string, slug: string) => `${userId}:${slug}`;

export async function getKeptReading(userId: string, slug: string): Promise<KeptReading | undefined> {
  return (await openOfflineDb()).get("readings", keptKey(userId, slug));
}

export async function listKeptReadings(userId?: string): Promise<KeptReading[]> {
  const db = await openOfflineDb();
  return userId ? db.getAllFromIndex("readings", "byUser", userId) : db.getAll("readings");
}

export async function putKeptReading(reading: KeptReading): Promise<void> {
  await (await openOfflineDb()).put("readings", reading);
}

/** Forgets one kept reading: its record and its cached page. */
export async function removeKeptReading(reading: Pick<KeptReading, "key" | "path">): Promise<void> {
  await (await openOfflineDb()).delete("readings", reading.key);
  if (typeof caches !== "undefined") await (await caches.open(KEPT_CACHE)).delete(reading.path);
}

/** Saves the annotations a kept reading shows offline (server-confirmed ones; pending ones live in the outbox). */
export async function updateKeptAnnotations(userId: string, slug: string, annotations: AnnotationDto[]): Promise<void> {
  const db = await openOfflineDb();
  const tx = db.transaction("readings", "readwrite");
  const kept = await tx.store.get(keptKey(userId, slug));
  if (kept) await tx.store.put({ ...kept, annotations, syncedAt: new Date().toISOString() });
  await tx.done;
}

export async function readOutbox(key: string): Promise<OutboxEntry[]> {
  return (await (await openOfflineDb()).get("outbox", key))?.entries ?? [];
}

export async function writeOutbox(key: string, entries: readonly OutboxEntry[], title?: string): Promise<void> {
  await updateOutbox(key, () => [...entries], title);
}

/**
 * Applies `change` to the outbox stored under `key` in one transaction and answers the result:
 * every tab of the browser writes the same outbox, and one tab's list written over another's lost
 * the other's notes.
 */
export async function updateOutbox(key: string, change: (stored: OutboxEntry[]) => OutboxEntry[], title?: string): Promise<OutboxEntry[]> {
  const tx = (await openOfflineDb()).transaction("outbox", "readwrite");
  const stored = await tx.store.get(key);
  const entries = change(stored?.entries ?? []);
  const known = title ?? stored?.title;
  if (entries.length === 0) await tx.store.delete(key);
  else await tx.store.put({ key, entries, ...(known && { title: known }) });
  await tx.done;
  return entries;
}

/** How many changes are not on the server, over every reading of this device (those it refused included). */
export async function countWaiting(): Promise<number> {
  const { waiting, refused } = await countUnsent();
  return waiting + refused;
}

/** The changes on this device not on the server: waiting to be sent, and refused by it (kept until discarded). */
export async function countUnsent(): Promise<{ waiting: number; refused: number }> {
  const entries = (await (await openOfflineDb()).getAll("outbox")).flatMap((stored) => stored.entries);
  const refused = entries.filter((entry) => entry.refused).length;
  return { waiting: entries.length - refused, refused };
}

/** Every stored outbox of one reader, by key (`marginalia:outbox:<userId>:<slug>`), for My notes' list of what is not saved. */
export async function readOutboxesOf(userId: string): Promise<{ key: string; slug: string; title?: string; entries: OutboxEntry[] }[]> {
  const prefix = `marginalia:outbox:${userId}:`;
  return (await (await openOfflineDb()).getAll("outbox"))
    .filter((stored) => stored.key.startsWith(prefix))
    .map((stored) => ({ ...stored, slug: stored.key.slice(prefix.length) }));
}

/**
 * Signing out: nothing of this reader stays on the device (the database, kept pages, old localStorage
 * outboxes, assigned readings declined, notes and replies half-written).
 */
const LEFT_BEHIND_AT_SIGN_OUT = [
  "marginalia:outbox:",
  "marginalia:not-kept:",
  "marginalia:kept-notes",
  "marginalia:draft:", // the note editor's (components/reader/use-annotation-editor.tsx)
  REPLY_DRAFT_PREFIX,
];

export async function clearDevice(): Promise<void> {
  const db = await opening?.catch(() => null);
  db?.close();
  opening = null;
  await deleteDB(DB_NAME);
  if (typeof caches !== "undefined") await caches.delete(KEPT_CACHE);
  if (typeof localStorage !== "undefined") {
    for (const key of Object.keys(localStorage)) {
      if (LEFT_BEHIND_AT_SIGN_OUT.some((prefix) => key.startsWith(prefix))) localStorage.removeItem(key);
    }
  }
}
