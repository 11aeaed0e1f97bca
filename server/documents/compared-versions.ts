import "server-only";
import { compareVersions, type ComparedVersions, type VersionsMap } from "@/lib/anchoring/reanchor";

/** The memory the kept comparisons may hold: their texts (two bytes a character) and their maps (four bytes a character). */
const MAX_KEPT_BYTES = 64 * 1024 * 1024;

/** Comparisons of pairs of versions, least recently used first (a Map keeps insertion order). */
const kept = new Map<string, { compared: ComparedVersions; bytes: number }>();
let keptBytes = 0;

/**
 * The comparison of two versions of a reading (lib/anchoring/reanchor.ts compareVersions), kept
 * for the next note written on the same older version: each such note is re-anchored onto the
 * latest, and the word diff of the two versions — the same every time, since a version's text
 * never changes — cost every one of them ~0.1 s for an article and ~0.3 s for a long book
 * rewritten, on the server's thread, besides reading the older text from the database. Kept per
 * process, the least recently used given up first; a pair too large to keep is compared afresh
 * each time, as before. `sourceText` reads the older version's text when it is not kept; `mapper`
 * works out the texts' map elsewhere (the worker process: ./reanchor-onto-version.ts
 * compareBeforePlacing), else it is worked out here.
 */
export async function comparedVersions(
  sourceId: string,
  target: { id: string; text: string },
  sourceText: () => Promise<string>,
  mapper?: (oldText: string, newText: string) => Promise<VersionsMap>,
): Promise<ComparedVersions> {
  const key = `${sourceId} ${target.id}`;
  const hit = kept.get(key);
  if (hit) {
    kept.delete(key);
    kept.set(key, hit);
    return hit.compared;
  }
  // Notes on the same older version at once (a class's kept copies coming back online) wait for
  // one comparison rather than each making its own. Not a caller comparing here (inside a
  // transaction): it would hold its transaction open while the worker's line moves.
  const pending = mapper && comparing.get(key);
  if (pending) return pending;
  const comparison = compare(key, target, sourceText, mapper);
  if (mapper) comparing.set(key, comparison);
  try {
    return await comparison;
  } finally {
    if (comparing.get(key) === comparison) comparing.delete(key);
  }
}

/** Comparisons under way, by pair. */
const comparing = new Map<string, Promise<ComparedVersions>>();

async function compare(
  key: string,
  target: { id: string; text: string },
  sourceText: () => Promise<string>,
  mapper?: (oldText: string, newText: string) => Promise<VersionsMap>,
): Promise<ComparedVersions> {
  const text = await sourceText();
  const compared = compareVersions(text, target.text, mapper && (await mapper(text, target.text)));
  const bytes = 2 * (text.length + target.text.length) + (compared.map?.byteLength ?? 0) + (compared.carriedFrom?.byteLength ?? 0);
  if (bytes > MAX_KEPT_BYTES || kept.has(key)) return compared;
  for (const [oldest, entry] of kept) {
    if (keptBytes + bytes <= MAX_KEPT_BYTES) break;
    kept.delete(oldest);
    keptBytes -= entry.bytes;
  }
  kept.set(key, { compared, bytes });
  keptBytes += bytes;
  return compared;
}
