import { annotationsApi } from "@/components/api/api-client";
import { readingsApi } from "@/components/api/readings-api";
import type { AnnotationDto } from "@/lib/annotations/types";
import { isPendingId } from "@/lib/annotations/annotation-state";
import { outboxKey } from "@/components/annotations/outbox";
import {
  getKeptReading,
  KEPT_CACHE,
  keptKey,
  listKeptReadings,
  putKeptReading,
  removeKeptReading,
  updateOutbox,
  type KeptReading,
} from "./offline-db";
import { CLOSED_READING, UNSENT_FLAG } from "./sync-events";

/**
 * Keeping a reading offline (issue 14): its record in IndexedDB (./offline-db.ts) and its page in
 * the KEPT_CACHE cache, which the service worker serves when the network is gone. The page is the
 * reader's own server-rendered HTML (text, structure and highlights are in it before any script
 * runs) with the scripts and styles it loads, so offline it opens and hydrates as it does online;
 * the IndexedDB copy brings it the annotations as they were at the last sync.
 *
 * Loaded only by dynamic import (see keep-offline-button.tsx).
 */
export type ReadingToKeep = { userId: string; slug: string; title: string; versionId: string; text: string; annotations: AnnotationDto[] };

export { getKeptReading, listKeptReadings };

/** Keeps a reading: the reader's own choice, or (`keptFor`) for an open assignment. */
export async function keepReading(reading: ReadingToKeep, keptFor?: "assignment"): Promise<void> {
  const path = readingPath(reading.slug);
  setDeclined(reading.userId, reading.slug, false);
  const now = new Date().toISOString();
  await storePage(reading.userId, path);
  await putKeptReading({
    key: keptKey(reading.userId, reading.slug),
    path,
    userId: reading.userId,
    slug: reading.slug,
    title: reading.title,
    versionId: reading.versionId,
    text: reading.text,
    annotations: confirmedOnly(reading.annotations),
    keptAt: now,
    syncedAt: now,
    ...(keptFor && { keptFor }),
  });
}

export async function forgetReading(userId: string, slug: string): Promise<void> {
  await removeKeptReading({ key: keptKey(userId, slug), path: readingPath(slug) });
  // An assigned reading the reader removed is not kept again behind their back (keepAssignedReadings).
  setDeclined(userId, slug, true);
}

/**
 * The readings of my open assignments are kept without my asking, from the library while online
 * (issue 14, item 4): each one not kept yet, and not removed by me before, is fetched (page,
 * reading, the annotations I can see) and kept. Returns the slugs newly kept.
 */
export async function keepAssignedReadings(userId: string, slugs: readonly string[]): Promise<string[]> {
  const kept = new Set((await listKeptReadings(userId)).map((reading) => reading.slug));
  const declined = readDeclined(userId);
  const added: string[] = [];
  for (const slug of new Set(slugs)) {
    if (kept.has(slug) || declined.includes(slug)) continue;
    const [reading, annotations] = await Promise.all([readingsApi.get(slug), annotationsApi.listAll(slug)]);
    await keepReading(
      { userId, slug, title: reading.title, versionId: reading.version.id, text: reading.version.text, annotations },
      "assignment",
    );
    added.push(slug);
  }
  return added;
}

/**
 * The readings kept without asking for assignments no longer open (closed, or over a week past
 * due) leave the device; a reading the reader kept themselves stays. Not marked declined: if the
 * assignment opens again, its reading is kept again. Returns the slugs let go.
 */
export async function releaseAssignedReadings(userId: string, openSlugs: readonly string[]): Promise<string[]> {
  const open = new Set(openSlugs);
  const released: string[] = [];
  for (const kept of await listKeptReadings(userId)) {
    if (kept.keptFor !== "assignment" || open.has(kept.slug)) continue;
    await removeKeptReading(kept);
    released.push(kept.slug);
  }
  return released;
}

/** Where the assigned readings the reader chose not to keep are listed (cleared on sign-out with the rest). */
export const declinedKey = (userId: string) => `marginalia:not-kept:${userId}`;

function readDeclined(userId: string): string[] {
  try {
    const stored: unknown = JSON.parse(localStorage.getItem(declinedKey(userId)) ?? "[]");
    return Array.isArray(stored) ? stored.filter((slug): slug is string => typeof slug === "string") : [];
  } catch {
    return [];
  }
}

function setDeclined(userId: string, slug: string, isDeclined: boolean) {
  const others = readDeclined(userId).filter((declined) => declined !== slug);
  const next = isDeclined ? [...others, slug] : others;
  try {
    if (next.length === 0) localStorage.removeItem(declinedKey(userId));
    else localStorage.setItem(declinedKey(userId), JSON.stringify(next));
  } catch {
    // Storage disabled: an assigned reading removed may be kept again; nothing is lost.
  }
}

/** The annotations the server has confirmed (what is unsaved lives in the outbox and is replayed from there). */
export async function saveKeptAnnotations(userId: string, slug: string, annotations: AnnotationDto[]): Promise<void> {
  const { updateKeptAnnotations } = await import("./offline-db");
  await updateKeptAnnotations(userId, slug, confirmedOnly(annotations));
}

/**
 * Online again: fetches each kept page anew (fresh text and highlights for next time). A reading
 * the reader may no longer read answers 404 (unshared, deleted, left the group): it is removed
 * from the device; what was written on it and never sent is kept, marked not saved. Returns the
 * slugs removed, and how many changes on them were not saved.
 */
export async function syncKeptReadings(userId: string, only?: string): Promise<{ removed: string[]; unsaved: number }> {
  const removed: string[] = [];
  let unsaved = 0;
  if (notesPageOwner() !== null && notesPageOwner() !== userId) await forgetNotesPage();
  for (const kept of await listKeptReadings()) {
    if (kept.userId !== userId) {
      // Another reader's, left behind without signing out: not this reader's to see.
      await removeKeptReading(kept);
      continue;
    }
    if (only && kept.slug !== only) continue;
    const status = await storePage(userId, kept.path).catch(() => 0);
    if (status === 404 || status === 403 || status === 401) {
      await removeKeptReading(kept);
      unsaved += await refuseWaitingChanges(userId, kept.slug);
      removed.push(kept.slug);
    }
  }
  return { removed, unsaved };
}

/**
 * The changes still waiting for a reading that no longer opens to its reader can never be sent:
 * they are marked refused (with those refused already, they are counted), so the header says they are not saved and My notes shows their words
 * (components/offline/unsent-changes.tsx), instead of waiting on the device unseen.
 */
async function refuseWaitingChanges(userId: string, slug: string): Promise<number> {
  const key = outboxKey(userId, slug);
  const entries = await updateOutbox(key, (stored) =>
    stored.map((entry) => (entry.refused ? entry : { ...entry, refused: { message: CLOSED_READING, status: 404 } })),
  );
  if (entries.length === 0) return 0;
  localStorage.setItem(UNSENT_FLAG, "1");
  return entries.length;
}

const NOTES_PATH = "/notes";
const NOTES_OWNER_KEY = "marginalia:kept-notes-owner";
const NOTES_KEPT_AT_KEY = "marginalia:kept-notes-at";
/** My notes is a full render of every note: stored again at most this often. */
const NOTES_REFRESH_MS = 15 * 60 * 1000;

const notesPageOwner = () => localStorage.getItem(NOTES_OWNER_KEY);

/**
 * My notes, for a reader who keeps readings on this device: the page is stored as a kept reading's
 * is, so their notes open offline too, as they were at their last visit online (an independent
 * check found everything but the kept readings answered "not saved on this device"). Only for
 * readers who keep something: the others never asked for anything to stay on the device. Another
 * reader's copy, left without signing out, goes first: it is not this reader's to see.
 */
export async function keepNotesPage(userId: string): Promise<void> {
  const owner = notesPageOwner();
  if (owner !== null && owner !== userId) await forgetNotesPage();
  if ((await listKeptReadings(userId)).length === 0) return forgetNotesPage();
  const keptAt = owner === userId ? Number(localStorage.getItem(NOTES_KEPT_AT_KEY)) : 0;
  // The service worker clears the kept pages when someone else signs in here: stored again then.
  if (Date.now() - keptAt < NOTES_REFRESH_MS && (await (await caches.open(KEPT_CACHE)).match(NOTES_PATH))) return;
  if ((await storePage(userId, NOTES_PATH)) !== 200) return;
  localStorage.setItem(NOTES_OWNER_KEY, userId);
  localStorage.setItem(NOTES_KEPT_AT_KEY, String(Date.now()));
}

async function forgetNotesPage(): Promise<void> {
  await (await caches.open(KEPT_CACHE)).delete(NOTES_PATH);
  localStorage.removeItem(NOTES_OWNER_KEY);
  localStorage.removeItem(NOTES_KEPT_AT_KEY);
}

/**
 * Stores the page as this reader's browser gets it, with every script and style it needs: those its
 * HTML names, those this page has loaded (lazy chunks too, when kept from its own page), and the
 * chunks those scripts load on demand (named inside them), so that it hydrates offline however it
 * was kept (from the library, an assigned reading is kept without ever being opened).
 */
async function storePage(userId: string, path: string): Promise<number> {
  const response = await fetch(path, { credentials: "same-origin", cache: "no-store", redirect: "manual" });
  if (!response.ok) return response.status || 401;
  const cache = await claimKeptCopies(userId);
  const html = await response.clone().text();
  await cache.put(path, response);
  const loaded =
    location.pathname === path
      ? performance
          .getEntriesByType("resource")
          .map((entry) => new URL(entry.name).pathname)
          .filter((pathname) => pathname.startsWith("/_next/static/"))
      : [];
  await storeAssets(cache, [...filesNamedIn(html), ...loaded]);
  return response.status;
}

/** Where the kept pages' cache names whose they are (public/sw.js answers them offline to that reader only). */
const OWNER_PATH = "/__marginalia/kept-owner";

/**
 * The kept pages become `userId`'s: what another reader left (kept before the service worker saw
 * them leave) goes first, and the cache is marked theirs, as the service worker marks it.
 */
async function claimKeptCopies(userId: string): Promise<Cache> {
  let cache = await caches.open(KEPT_CACHE);
  const owner = await (await cache.match(OWNER_PATH))?.text();
  if (owner === userId) return cache;
  const others = (await listKeptReadings()).filter((kept) => kept.userId !== userId);
  for (const kept of others) await removeKeptReading(kept);
  if (owner || others.length > 0) {
    await caches.delete(KEPT_CACHE);
    cache = await caches.open(KEPT_CACHE);
  }
  await cache.put(OWNER_PATH, new Response(userId));
  return cache;
}

/** Rounds of "store these, then the chunks they name": a lazy chunk names the ones it loads in turn. */
const MAX_ASSET_ROUNDS = 4;

async function storeAssets(cache: Cache, first: string[]): Promise<void> {
  const seen = new Set<string>();
  let next = [...new Set(first)];
  for (let round = 0; round < MAX_ASSET_ROUNDS && next.length > 0; round++) {
    for (const url of next) seen.add(url);
    const named = await Promise.all(
      next.map(async (url) => {
        if (!(await cache.match(url))) await cache.add(url).catch(() => undefined);
        if (!url.endsWith(".js") && !url.endsWith(".css")) return [];
        const stored = await cache.match(url);
        if (!stored) return [];
        // A stylesheet names its fonts (app/fonts.ts) relative to itself; they are not preloaded, so the page's HTML does not.
        return url.endsWith(".css") ? filesInStylesheet(await stored.text(), url) : filesNamedIn(await stored.text());
      }),
    );
    next = [...new Set(named.flat())].filter((url) => !seen.has(url));
  }
}

/** The static files a page or a script names: `/_next/static/…` in HTML, `static/chunks/…` in the bundler's chunk loader. */
function filesNamedIn(source: string): string[] {
  const absolute = source.match(/\/_next\/static\/[^"'\s)\\]+/g) ?? [];
  const chunks = (source.match(/(?<![\w/])static\/chunks\/[\w.~-]+\.(?:js|css)/g) ?? []).map((file) => `/_next/${file}`);
  return [...absolute, ...chunks];
}

/** The `/_next/static/…` files a stylesheet's `url(…)`s name (fonts: `url(../media/…woff2)`). */
function filesInStylesheet(css: string, stylesheet: string): string[] {
  const base = new URL(stylesheet, location.origin);
  return [...css.matchAll(/url\(\s*["']?([^"')\s]+)["']?\s*\)/g)]
    .map((match) => new URL(match[1], base))
    .filter((url) => url.origin === location.origin && url.pathname.startsWith("/_next/static/"))
    .map((url) => url.pathname);
}

function confirmedOnly(annotations: AnnotationDto[]): AnnotationDto[] {
  return annotations.filter((annotation) => !isPendingId(annotation.id));
}

export function readingPath(slug: string): string {
  return `/read/${encodeURIComponent(slug)}`;
}

export type { KeptReading };
