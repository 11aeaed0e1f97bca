import type { OutboxEntry, OutboxReport, OutboxStorage } from "./outbox";

type Heard = { key: string; report?: OutboxReport };

/**
 * The outbox's storage in the browser: IndexedDB (components/offline/offline-db.ts), which
 * survives the browser being closed and which signing out clears, shared by every tab. An outbox
 * an older version of the page left in localStorage is moved over once, ahead of anything newer,
 * then removed there. idb is imported as the outbox is made, apart from the reading page's
 * first-load JavaScript. `title`, the reading's, is stored beside the entries: My notes lists them by it.
 *
 * Tabs: one sends at a time (a Web Lock named after the outbox), and each tells the others, on a
 * BroadcastChannel of its own (a channel never hears itself), that it wrote or what became of an entry.
 */
export function deviceOutboxStorage(
  legacy: Pick<Storage, "getItem" | "removeItem"> | null,
  title?: string,
  locks: Pick<LockManager, "request"> | undefined = globalThis.navigator?.locks,
): OutboxStorage {
  const db = () => import("@/components/offline/offline-db");
  // Fetched now, as the page starts (online, as a rule), not at the first write: a page that went
  // offline before its first note could not load this code then, and every note written offline
  // failed to reach the device, kept only in the page's memory (a reload lost them).
  void db().catch(() => undefined);
  const channel = typeof BroadcastChannel === "undefined" ? null : new BroadcastChannel("marginalia:outbox");
  const tell = (key: string, report?: OutboxReport) => channel?.postMessage({ key, report } satisfies Heard);
  const update: OutboxStorage["update"] = async (key, change) => {
    const stored = await (await db()).updateOutbox(key, change, title);
    tell(key);
    return stored;
  };
  return {
    update,
    tell,
    async load(key) {
      const old = readLegacy(legacy, key);
      if (old.length === 0) return (await db()).readOutbox(key);
      const merged = await update(key, (stored) => {
        const known = new Set(stored.map((entry) => entry.token));
        return [...old.filter((entry) => !known.has(entry.token)), ...stored];
      });
      legacy?.removeItem(key);
      return merged;
    },
    exclusive: locks && (async (key, run) => void (await locks.request(key, run))),
    listen(key, heard) {
      const onMessage = ({ data }: MessageEvent<Heard>) => data.key === key && heard(data.report);
      channel?.addEventListener("message", onMessage);
      return () => channel?.removeEventListener("message", onMessage);
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
