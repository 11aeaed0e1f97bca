"use client";
import { useEffect } from "react";

/**
 * Registers public/sw.js (the app shell cache and the offline page) in production builds only:
 * in `next dev` a worker caching /_next/static would serve stale code between edits. It waits for
 * the page's load event so installing the worker never competes with the page itself.
 */
export function ServiceWorkerRegistration() {
  useEffect(() => {
    if (process.env.NODE_ENV !== "production" || !("serviceWorker" in navigator)) return;
    const register = () => void navigator.serviceWorker.register("/sw.js", { scope: "/" }).catch(() => {});
    if (document.readyState === "complete") return register();
    window.addEventListener("load", register, { once: true });
    return () => window.removeEventListener("load", register);
  }, []);
  return null;
}
