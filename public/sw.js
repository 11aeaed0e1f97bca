// Marginalia's service worker (issue 14): the app shell, and the readings a reader kept offline.
//
// - /_next/static/* (hashed, immutable: scripts, styles, fonts) is served cache-first and cached
//   as it is fetched, so a page seen once opens its code and styles without the network.
// - Pages are always fetched from the network first, and this worker stores none. When a page
//   cannot be fetched, a reading the reader chose to "Keep offline" is served from KEPT_CACHE (the
//   page stores it there itself, components/offline/kept-readings.ts, with its record in
//   IndexedDB; signing out deletes both); any other page gets the offline page (/offline, fetched
//   signed out at install, with the static files it names), which lists the kept readings.
// - /api/* and everything else is not touched: authenticated responses never enter a cache.
// - Kept copies are one reader's: OWNER_PATH in KEPT_CACHE names them. Every page the server
//   renders names who is signed in (`data-reader` on <html>, empty when nobody is); when that is
//   someone else, or nobody, the kept pages, kept readings and (for another reader) unsent changes
//   are cleared before the page is handed over, and a kept page is answered offline only for the
//   reader who kept it. (A session ended elsewhere, "Sign out everywhere", left the phone showing
//   that reader's pages and private notes offline, even to the next person who signed in.)
//
// - A reader who signed out offline had the device cleared at once; the session itself ends here,
//   before the first page fetched once the connection is back (see SIGN_OUT_LEFT_CACHE).
//
// Bump VERSION when what the shell needs changes: activation deletes every older marginalia-* cache
// except KEPT_CACHE and SIGN_OUT_LEFT_CACHE, which belong to the reader, not to a version of the shell.
const VERSION = "v3";
const SHELL_CACHE = `marginalia-shell-${VERSION}`;
const KEPT_CACHE = "marginalia-kept";
const OFFLINE_URL = "/offline";
// Whose kept copies these are (a user id; empty: nobody's). The pages write it too when they keep something (components/offline/kept-readings.ts).
const OWNER_PATH = "/__marginalia/kept-owner";
const DB_NAME = "marginalia-offline";
// Present when a reader signed out while offline (components/auth/next-auth-requests.ts): their session ends with the next page fetched.
const SIGN_OUT_LEFT_CACHE = "marginalia-sign-out";
const PRECACHE = ["/manifest.webmanifest", "/icons/icon-192.png", "/favicon.svg"];
// Hashed files pile up across deployments; past this many the oldest go first.
const MAX_STATIC_ENTRIES = 300;

self.addEventListener("install", (event) => {
  event.waitUntil(
    (async () => {
      const cache = await caches.open(SHELL_CACHE);
      const response = await fetch(new Request(OFFLINE_URL, { credentials: "omit", cache: "no-store" }));
      if (!response.ok) throw new Error(`The offline page answered ${response.status}`);
      const html = await response.clone().text();
      await cache.put(OFFLINE_URL, response);
      // The offline page's own styles, fonts and scripts, so it looks like the app without the network.
      const assets = new Set(html.match(/\/_next\/static\/[^"'\s)\\]+/g) ?? []);
      await Promise.all([...assets, ...PRECACHE].map((url) => cache.add(url).catch(() => undefined)));
      await self.skipWaiting();
    })(),
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    (async () => {
      const names = await caches.keys();
      await Promise.all(names.filter((name) => name.startsWith("marginalia-") && ![SHELL_CACHE, KEPT_CACHE, SIGN_OUT_LEFT_CACHE].includes(name)).map((name) => caches.delete(name)));
      await self.clients.claim();
    })(),
  );
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;

  if (url.pathname.startsWith("/_next/static/")) {
    event.respondWith(staticFirst(request));
  } else if (request.mode === "navigate") {
    event.respondWith(networkOrOffline(request));
  }
});

async function staticFirst(request) {
  // From the shell cache or a kept reading's files.
  const cached = await caches.match(request, { ignoreVary: true });
  if (cached) return cached;
  const cache = await caches.open(SHELL_CACHE);
  const response = await fetch(request);
  if (response.ok) {
    await cache.put(request, response.clone());
    void trim(cache);
  }
  return response;
}

async function networkOrOffline(request) {
  if (await caches.has(SIGN_OUT_LEFT_CACHE)) await endSessionLeftOpen().catch(() => undefined);
  let response;
  try {
    response = await fetch(request);
  } catch (error) {
    // The reader last seen signed in here kept it: anyone else, or nobody, gets the offline page.
    const owner = await (await caches.match(OWNER_PATH, { cacheName: KEPT_CACHE }))?.text();
    const page = owner ? await caches.match(new URL(request.url).pathname, { cacheName: KEPT_CACHE, ignoreVary: true }) : undefined;
    if (page) return page;
    const offline = await caches.match(OFFLINE_URL, { ignoreVary: true });
    if (offline) return offline;
    throw error;
  }
  const reader = await readerOf(response.clone()).catch(() => null);
  if (reader !== null) await keepOnlyReader(reader).catch(() => undefined);
  return response;
}

/** Signs out as the page would have (next-auth's form, with its CSRF token) for a reader who signed out offline. */
async function endSessionLeftOpen() {
  const { csrfToken } = await (await fetch("/api/auth/csrf", { cache: "no-store" })).json();
  const response = await fetch("/api/auth/signout", {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ csrfToken, json: "true" }),
  });
  if (response.ok) await caches.delete(SIGN_OUT_LEFT_CACHE);
}

/** Who the page says is signed in (`<html data-reader="…">`, in its first bytes); null when it does not say. */
async function readerOf(response) {
  if (!response.ok || !(response.headers.get("content-type") ?? "").includes("text/html") || !response.body) return null;
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let head = "";
  try {
    while (head.length < 16_384) {
      const { done, value } = await reader.read();
      if (done) break;
      head += decoder.decode(value, { stream: true });
      const html = head.match(/<html[^>]*>/);
      if (html) return html[0].match(/\sdata-reader="([^"]*)"/)?.[1] ?? null;
    }
    return null;
  } finally {
    void reader.cancel();
  }
}

/** Clears what someone other than `reader` (a user id, or "" for nobody) kept on this device, then marks the copies theirs. */
async function keepOnlyReader(reader) {
  const hasKept = await caches.has(KEPT_CACHE);
  const owner = await (await caches.match(OWNER_PATH, { cacheName: KEPT_CACHE }))?.text();
  if (owner === reader || (!reader && !hasKept)) return;
  await caches.delete(KEPT_CACHE);
  await forgetOthersInDb(reader);
  if (reader) await (await caches.open(KEPT_CACHE)).put(OWNER_PATH, new Response(reader));
}

/**
 * The kept readings of anyone but `reader` leave IndexedDB (components/offline/offline-db.ts), and
 * so do another reader's unsent changes; with nobody signed in those stay, shown to no one, and are
 * sent if their reader signs in here again.
 */
async function forgetOthersInDb(reader) {
  const db = await new Promise((resolve) => {
    const opening = indexedDB.open(DB_NAME);
    // Not there: nothing kept. Not created here either: the page creates it with its schema.
    opening.onupgradeneeded = () => opening.transaction.abort();
    opening.onsuccess = () => resolve(opening.result);
    opening.onerror = () => resolve(null);
  });
  if (!db) return;
  try {
    await new Promise((resolve, reject) => {
      const tx = db.transaction(["readings", "outbox"], "readwrite");
      tx.oncomplete = resolve;
      tx.onerror = tx.onabort = () => reject(tx.error);
      tx.objectStore("readings").index("byUser").openKeyCursor().onsuccess = (event) => {
        const cursor = event.target.result;
        if (!cursor) return;
        if (cursor.key !== reader) tx.objectStore("readings").delete(cursor.primaryKey);
        cursor.continue();
      };
      if (!reader) return;
      tx.objectStore("outbox").getAllKeys().onsuccess = (event) => {
        for (const key of event.target.result) if (!key.startsWith(`marginalia:outbox:${reader}:`)) tx.objectStore("outbox").delete(key);
      };
    });
  } finally {
    db.close();
  }
}

async function trim(cache) {
  const keys = (await cache.keys()).filter((key) => new URL(key.url).pathname.startsWith("/_next/static/"));
  await Promise.all(keys.slice(0, Math.max(0, keys.length - MAX_STATIC_ENTRIES)).map((key) => cache.delete(key)));
}
