import { z } from "zod";

/**
 * Who a reading is shared with: "private" (only the person who added it), "group" (its owner and
 * the members of one group they belong to) or "public" (everyone, signed in or not: the articles
 * that ship with the app, and readings shared publicly where the deployment allows it). The names
 * live here once; server/authz/documents.ts decides what each one lets a viewer do.
 */
export const READING_VISIBILITIES = ["private", "group", "public"] as const;
export type ReadingVisibility = (typeof READING_VISIBILITIES)[number];

export const ZReadingVisibility = z.enum(READING_VISIBILITIES);

export function isReadingVisibility(value: string): value is ReadingVisibility {
  return (READING_VISIBILITIES as readonly string[]).includes(value);
}

/**
 * The stored visibility of a reading its owner deleted while other people's annotations were on it:
 * it opens to no one, its owner included, and is listed nowhere, but those annotations stay their
 * authors' (My notes and exports, as on a reading that was unshared). Not a ReadingVisibility: no
 * one chooses it, and every decision and filter over the three above leaves it out by construction.
 */
export const DELETED_READING_VISIBILITY = "deleted";

/** The library's filters: readings I added, readings shared with one of my groups, public readings. */
export const LIBRARY_FILTERS = ["all", "mine", "group", "public"] as const;
export type LibraryFilter = (typeof LIBRARY_FILTERS)[number];

/** The library's orders: newest first (the default), by title, or best match first (the default of a search; newest without one). */
export const LIBRARY_SORTS = ["newest", "title", "relevance"] as const;
export type LibrarySort = (typeof LIBRARY_SORTS)[number];
