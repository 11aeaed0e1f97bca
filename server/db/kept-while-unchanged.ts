import "server-only";
import { processChangeMarker } from "./change-marker";

/**
 * Values read from the database, kept while nothing has been committed to it since: for what every
 * request reads the same of, whoever asks — a reading's thread rows, before the reading rule picks
 * each reader's own (server/annotations/list-annotation-stubs.ts). A class opening one reading then
 * reads its rows once, not once per student.
 *
 * Freshness is the page cache's (server/http/page-cache.ts): the database's change marker
 * (server/db/change-marker.ts), which moves with any commit by any connection or instance. A value
 * is kept with the marker read *before* it was read, so it never claims a state newer than the one
 * it came from; a commit landing while it is read only makes the next request read it again. A
 * marker that cannot be read keeps nothing.
 */
export function keptWhileUnchanged<T>(options: { limit: number }): (key: string, read: () => Promise<T>) => Promise<T> {
  // Least recently used first (a Map keeps insertion order; a hit is moved to the end).
  const kept = new Map<string, { marker: string; value: T }>();
  return async (key, read) => {
    const marker = await readMarker();
    const entry = kept.get(key);
    if (marker !== null && entry?.marker === marker) {
      kept.delete(key);
      kept.set(key, entry);
      return entry.value;
    }
    const value = await read();
    if (marker === null) return value;
    kept.delete(key);
    kept.set(key, { marker, value });
    if (kept.size > options.limit) kept.delete(kept.keys().next().value!);
    return value;
  };
}

async function readMarker(): Promise<string | null> {
  try {
    return await processChangeMarker().read();
  } catch (error) {
    console.error("kept-while-unchanged: could not read the database's change marker; nothing is kept", error);
    return null;
  }
}
