"use client";
import { useEffect } from "react";

// The server is asked again after 1 s, 2 s, 4 s … and then every 30 s, for as long as this page shows.
const FIRST_DELAY_MS = 1_000;
const MAX_DELAY_MS = 30_000;
// A static file the service worker leaves to the network (public/sw.js serves only /_next/static
// and page navigations): cheap to ask for, and an answer means the server can be reached again.
const PROBE_URL = "/favicon.svg";
// The page's own address (app/offline/page.tsx), as the service worker also names it.
const OFFLINE_PATH = "/offline";

/**
 * On the offline page: once the server can be reached again, loads the page the reader asked for
 * (the address bar still holds it), so they need not press "Try again".
 *
 * It reloads only after the server has answered, never on the `online` event alone: the network
 * can be "up" before anything answers (a phone leaving a tunnel, a captive portal), and the offline
 * page is also what a reader gets while the network is up and the server is down. Reloading on
 * either would bring this page straight back, or reload it for ever. While the browser says it is
 * offline it waits for the `online` event, and asks nothing.
 *
 * Opened at /offline itself (a bookmark, the installed app's history), there is no other page in
 * the address bar: reloading would bring this page back every few seconds. It goes where the
 * reader came from instead, or to the library (pageToLoad).
 */
export function ReloadWhenOnline() {
  useEffect(() => {
    let delay = FIRST_DELAY_MS;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let isDisposed = false;

    const schedule = () => {
      if (isDisposed || !navigator.onLine) return;
      timer = setTimeout(() => void probe(), delay);
      delay = Math.min(delay * 2, MAX_DELAY_MS);
    };
    const probe = async () => {
      try {
        await fetch(PROBE_URL, { method: "HEAD", cache: "no-store" });
      } catch {
        schedule(); // still unreachable
        return;
      }
      if (isDisposed) return;
      const next = pageToLoad(window.location, document.referrer);
      if (next === null) window.location.reload();
      else window.location.replace(next);
    };
    const onOnline = () => {
      clearTimeout(timer);
      delay = FIRST_DELAY_MS;
      schedule();
    };

    schedule();
    window.addEventListener("online", onOnline);
    return () => {
      isDisposed = true;
      clearTimeout(timer);
      window.removeEventListener("online", onOnline);
    };
  }, []);
  return null;
}

/**
 * Where to go once the server answers: null to reload the address the service worker answered with
 * this page; from /offline itself, the same-site page the reader came from, else the library.
 */
export function pageToLoad(location: { origin: string; pathname: string }, referrer: string): string | null {
  if (location.pathname !== OFFLINE_PATH) return null;
  // document.referrer is an absolute address, or "" when there is none.
  const from = referrer ? new URL(referrer) : null;
  return from && from.origin === location.origin && from.pathname !== OFFLINE_PATH ? from.pathname + from.search + from.hash : "/";
}
