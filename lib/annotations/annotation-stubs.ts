// What the reading page needs of an annotation to paint its highlight, place its card in the
// sidebar's order and filter it, without its words: a large reading (more than
// INLINE_ANNOTATIONS_LIMIT visible annotations) sends every annotation this way, and the cards'
// bodies are fetched by window as the sidebar scrolls. Zod-free: the reading page decodes it.
import { HIGHLIGHT_COLORS, type HighlightColor } from "./colors";
import { isInScopeFilter, isWhoseShown, parseScopeKey, scopeKey } from "./scopes";
import type { AnnotationFilter } from "./annotation-filter";
import type { Visibility } from "./schemas";
import type { AnnotationDto } from "./types";
import { hasTag } from "./tag-key";

/**
 * Up to this many visible annotations, the page sends every one's full record, as it always did
 * (and filters, searches and keeps offline in the browser); past it, stubs and windows.
 */
export const INLINE_ANNOTATIONS_LIMIT = 500;

export { readingStubsPath } from "./reading-stubs-path";

/** One top-level annotation placed on the version shown, as painting and the sidebar's filters see it. */
export type AnnotationStub = {
  id: string;
  start: number;
  end: number;
  color: HighlightColor | null;
  author: { id: string; name: string };
  visibility: Visibility;
  groupId: string | null;
  tags: string[];
  /** Deleted but kept for its replies: listed, never painted. */
  isDeleted: boolean;
};

/**
 * Stubs as sent: ids in document order, five numbers each in `cells` (start, length, colour index
 * or -1, author index, scope index × 2 + 1 if deleted), and the tables the indexes point into.
 * Ten thousand stubs are ~0.4 MB of JSON this way, against ~12 MB of full records.
 */
export type EncodedStubs = {
  ids: string[];
  cells: number[];
  authors: [id: string, name: string][];
  /** Scope keys (lib/annotations/scopes.ts scopeKey). */
  scopes: string[];
  tags: string[];
  /** Pairs: stub index, tag index. */
  tagged: number[];
};

const CELLS = 5;

export function encodeStubs(stubs: readonly AnnotationStub[]): EncodedStubs {
  const authors = new Map<string, number>();
  const authorRows: [string, string][] = [];
  const scopes = new Map<string, number>();
  const tags = new Map<string, number>();
  const encoded: EncodedStubs = { ids: [], cells: [], authors: authorRows, scopes: [], tags: [], tagged: [] };
  const indexIn = (map: Map<string, number>, key: string, add: () => void) => {
    let index = map.get(key);
    if (index === undefined) {
      index = map.size;
      map.set(key, index);
      add();
    }
    return index;
  };
  stubs.forEach((stub, index) => {
    encoded.ids.push(stub.id);
    const author = indexIn(authors, stub.author.id, () => authorRows.push([stub.author.id, stub.author.name]));
    const key = scopeKey(stub);
    const scope = indexIn(scopes, key, () => encoded.scopes.push(key));
    const color = stub.color === null ? -1 : HIGHLIGHT_COLORS.indexOf(stub.color);
    encoded.cells.push(stub.start, stub.end - stub.start, color, author, scope * 2 + (stub.isDeleted ? 1 : 0));
    for (const tag of stub.tags)
      encoded.tagged.push(
        index,
        indexIn(tags, tag, () => encoded.tags.push(tag)),
      );
  });
  return encoded;
}

export function decodeStubs(encoded: EncodedStubs): AnnotationStub[] {
  const authors = encoded.authors.map(([id, name]) => ({ id, name }));
  const scopes = encoded.scopes.map((key) => parseScopeKey(key) ?? { visibility: "private" as const, groupId: null });
  const stubs = encoded.ids.map((id, index): AnnotationStub => {
    const [start, length, color, author, scope] = encoded.cells.slice(index * CELLS, index * CELLS + CELLS);
    return {
      id,
      start,
      end: start + length,
      color: color < 0 ? null : HIGHLIGHT_COLORS[color],
      author: authors[author],
      ...scopes[scope >> 1],
      tags: [],
      isDeleted: (scope & 1) === 1,
    };
  });
  for (let at = 0; at < encoded.tagged.length; at += 2) stubs[encoded.tagged[at]].tags.push(encoded.tags[encoded.tagged[at + 1]]);
  return stubs;
}

/** A loaded annotation's stub (one saved or changed since the page was rendered), or null where it has no place to paint. */
export function stubOf(annotation: AnnotationDto): AnnotationStub | null {
  if (!annotation.target || annotation.parentId !== null || annotation.anchoring?.status === "orphaned") return null;
  const position = annotation.target.selector[1];
  return {
    id: annotation.id,
    start: position.start,
    end: position.end,
    color: annotation.color,
    author: annotation.author,
    visibility: annotation.visibility,
    groupId: annotation.groupId,
    tags: annotation.tags,
    isDeleted: annotation.isDeleted,
  };
}

/**
 * The page's stubs brought up to date with what it has loaded and what is gone: a loaded
 * annotation's stub replaces the rendered one (in place, unless it moved), one the page did not
 * have joins in document order (after those starting at the same place: it is the newest), and a
 * removed one leaves.
 */
export function mergeStubs(
  initial: readonly AnnotationStub[],
  loaded: readonly AnnotationDto[],
  removed: ReadonlySet<string>,
): AnnotationStub[] {
  const fresh = new Map<string, AnnotationStub>();
  for (const annotation of loaded) {
    const stub = stubOf(annotation);
    if (stub) fresh.set(stub.id, stub);
  }
  const merged: AnnotationStub[] = [];
  for (const stub of initial) {
    if (removed.has(stub.id)) continue;
    const current = fresh.get(stub.id);
    if (current && current.start !== stub.start) continue; // moved: placed again below
    // Unchanged, the rendered stub itself: a loaded window then repaints nothing (see isSameStubs).
    merged.push(current && !isSameStub(current, stub) ? current : stub);
    fresh.delete(stub.id);
  }
  for (const stub of fresh.values()) {
    if (removed.has(stub.id)) continue;
    let low = 0;
    let high = merged.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (merged[middle].start <= stub.start) low = middle + 1;
      else high = middle;
    }
    merged.splice(low, 0, stub);
  }
  return merged;
}

/**
 * The sidebar's filters that stubs can answer in the browser: whose, show, colour, tag, author.
 * The search box needs the words, which stubs leave out: the server answers it (the ids that match).
 */
export function matchesStubFilter(
  stub: AnnotationStub,
  filter: AnnotationFilter,
  viewerId: string,
  matchingIds: ReadonlySet<string> | null,
) {
  if (!isWhoseShown(stub, filter.scope, viewerId)) return false;
  if (!isInScopeFilter(stub, filter.show)) return false;
  if (filter.color && stub.color !== filter.color) return false;
  if (filter.tag && !hasTag(stub.tags, filter.tag)) return false;
  if (filter.authorId && stub.author.id !== filter.authorId) return false;
  return matchingIds === null || matchingIds.has(stub.id);
}

function isSameStub(a: AnnotationStub, b: AnnotationStub): boolean {
  return (
    a.start === b.start &&
    a.end === b.end &&
    a.color === b.color &&
    a.author.id === b.author.id &&
    a.author.name === b.author.name &&
    a.visibility === b.visibility &&
    a.groupId === b.groupId &&
    a.isDeleted === b.isDeleted &&
    a.tags.length === b.tags.length &&
    a.tags.every((tag, index) => tag === b.tags[index])
  );
}

/** Whether two merged lists hold the very same stubs in the same order: the page keeps the older one, and its painting. */
export function isSameStubs(a: readonly AnnotationStub[], b: readonly AnnotationStub[]): boolean {
  return a.length === b.length && a.every((stub, index) => stub === b[index]);
}
