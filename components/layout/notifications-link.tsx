"use client";
import Link from "next/link";
import { useEffect, useState } from "react";

/** How often an open page asks again while it is in view: a reply seen within a minute, at one small request a minute per reader. */
const REFRESH_MS = 60_000;
/** Coming back to the tab (or the window) asks at once, but not more often than this. */
const AT_MOST_EVERY_MS = 5_000;

/** Said by a page that changed the count itself (marked notifications read): the header takes it at once. */
const UNREAD_CHANGED = "marginalia:unread-notifications";

export function tellUnreadNotifications(unreadCount: number): void {
  window.dispatchEvent(new CustomEvent<number>(UNREAD_CHANGED, { detail: unreadCount }));
}

/**
 * The header's link to the notifications, with how many are unread. The server draws it with the
 * count as the page was made; the count then moves while the page stays open: asked again every
 * minute while the page is in view and whenever the reader comes back to it. Not over the live
 * stream: that is per reading and only on reading pages, and notifications come from every reading
 * and group (a reply, feedback, an assignment coming due, written when asked: countUnreadNotificationsNow).
 */
export function NotificationsLink({ unread: unreadWhenDrawn }: { unread: number }) {
  const [drawnWith, setDrawnWith] = useState(unreadWhenDrawn);
  const [unread, setUnread] = useState(unreadWhenDrawn);
  // The server drew the header again (the notifications page marked some read): its count is the newest.
  if (drawnWith !== unreadWhenDrawn) {
    setDrawnWith(unreadWhenDrawn);
    setUnread(unreadWhenDrawn);
  }

  useEffect(() => {
    let lastAsked = Date.now();
    let isCurrent = true;
    const ask = async () => {
      if (document.visibilityState !== "visible" || Date.now() - lastAsked < AT_MOST_EVERY_MS) return;
      lastAsked = Date.now();
      try {
        const response = await fetch("/api/notifications/unread-count", { cache: "no-store" });
        if (!response.ok) return; // signed out meanwhile, or the server is busy: the next ask will do
        const { unreadCount } = (await response.json()) as { unreadCount: number };
        if (isCurrent && Number.isInteger(unreadCount)) setUnread(unreadCount);
      } catch {
        // Offline: the count stays as it was.
      }
    };
    const timer = setInterval(() => void ask(), REFRESH_MS);
    const onReturn = () => void ask();
    const onChanged = (event: Event) => {
      const unreadCount = (event as CustomEvent<number>).detail;
      if (Number.isInteger(unreadCount)) setUnread(unreadCount);
    };
    document.addEventListener("visibilitychange", onReturn);
    window.addEventListener("focus", onReturn);
    window.addEventListener(UNREAD_CHANGED, onChanged);
    return () => {
      isCurrent = false;
      clearInterval(timer);
      document.removeEventListener("visibilitychange", onReturn);
      window.removeEventListener("focus", onReturn);
      window.removeEventListener(UNREAD_CHANGED, onChanged);
    };
  }, []);

  return (
    // data-unread: the phone's Menu button shows a dot while there are some (app/phone.css).
    <Link
      href="/notifications"
      aria-label={unread > 0 ? `Notifications, ${unread} unread` : undefined}
      data-unread={unread > 0 ? unread : undefined}
    >
      Notifications{unread > 0 && ` (${unread})`}
    </Link>
  );
}
