"use client";
import { useEffect } from "react";

// The server is asked again after 1 s, 2 s, 4 s … and then every 30 s, for as long as this page shows.
const FIRST_DELAY_MS = 1_000;
const MAX_DELAY_MS = 30_000;
// A static file the service worker leaves to the network (public/sw.js serves only /_next/static
// and page navigations): cheap to ask for, and an answer means the server can be reached again.
const PROBE_URL = "/favicon.svg";

/**
 * On the offline page: once the server can be reached again, loads the page the reader asked for
 * (the address bar still holds it), so they need not press "Try again".
 *
 * It reloads only after the server has answered, never on the `online` event alone: the network
 * can be "up" before anything answers (a phone leaving a tunnel, a captive portal), and the offline
 * page is also what a reader gets while the network is up and the server is down. Reloading on
 * either would bring this page straight back, or reload it for ever. While the browser says it is
 * offline it waits for the `online` event, and asks nothing.
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
      if (!isDisposed) window.location.reload();
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
