import type { OutboxEntry, OutboxStorage } from "./outbox";

/**
 * The outbox's storage in the browser: IndexedDB (components/offline/offline-db.ts), which
 * survives the browser being closed and which signing out clears. An outbox an older version of
 * the page left in localStorage is moved over once, ahead of anything newer, then removed there.
 * idb is imported on first use, so it is not part of the reading page's first-load JavaScript.
 * `title`, the reading's, is stored beside the entries: My notes lists them by it.
 */
export function deviceOutboxStorage(legacy: Pick<Storage, "getItem" | "removeItem"> | null, title?: string): OutboxStorage {
  const db = () => import("@/components/offline/offline-db");
  return {
    async load(key) {
      const { readOutbox, writeOutbox } = await db();
      const stored = await readOutbox(key);
      const old = readLegacy(legacy, key);
      if (old.length === 0) return stored;
      const known = new Set(stored.map((entry) => entry.token));
      const merged = [...old.filter((entry) => !known.has(entry.token)), ...stored];
      await writeOutbox(key, merged, title);
      legacy?.removeItem(key);
      return merged;
    },
    async save(key, entries) {
      await (await db()).writeOutbox(key, entries, title);
    },
  };
}

function readLegacy(legacy: Pick<Storage, "getItem"> | null, key: string): OutboxEntry[] {
  try {
    const stored: unknown = JSON.parse(legacy?.getItem(key) ?? "[]");
    return Array.isArray(stored) ? (stored as OutboxEntry[]) : [];
  } catch {
    return [];
  }
}
