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
//
// Bump VERSION when what the shell needs changes: activation deletes every older marginalia-* cache
// except KEPT_CACHE, which belongs to the reader, not to a version of the shell.
const VERSION = "v3";
const SHELL_CACHE = `marginalia-shell-${VERSION}`;
const KEPT_CACHE = "marginalia-kept";
const OFFLINE_URL = "/offline";
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
      await Promise.all(names.filter((name) => name.startsWith("marginalia-") && name !== SHELL_CACHE && name !== KEPT_CACHE).map((name) => caches.delete(name)));
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
  try {
    return await fetch(request);
  } catch (error) {
    const kept = await (await caches.open(KEPT_CACHE)).match(new URL(request.url).pathname, { ignoreVary: true });
    if (kept) return kept;
    const offline = await caches.match(OFFLINE_URL, { ignoreVary: true });
    if (offline) return offline;
    throw error;
  }
}

async function trim(cache) {
  const keys = (await cache.keys()).filter((key) => new URL(key.url).pathname.startsWith("/_next/static/"));
  await Promise.all(keys.slice(0, Math.max(0, keys.length - MAX_STATIC_ENTRIES)).map((key) => cache.delete(key)));
}
