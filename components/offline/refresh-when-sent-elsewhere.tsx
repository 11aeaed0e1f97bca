"use client";
import { useRouter } from "next/navigation";
import { useEffect } from "react";

/** Told by the header once a closed reading's change reached the server (./waiting-changes.ts). */
export const SENT_ELSEWHERE_EVENT = "marginalia:sent-elsewhere";

/**
 * On a page that counts a reader's notes (the library's counts, an assignment's progress): once the
 * header has sent changes written offline (./waiting-changes.ts), the page's server part is read
 * again, once for a burst. The library said 0 notes on a reading until it was reloaded by hand.
 */
export function RefreshWhenSentElsewhere() {
  const router = useRouter();
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const onSent = () => {
      clearTimeout(timer);
      timer = setTimeout(() => router.refresh(), 400);
    };
    window.addEventListener(SENT_ELSEWHERE_EVENT, onSent);
    return () => {
      clearTimeout(timer);
      window.removeEventListener(SENT_ELSEWHERE_EVENT, onSent);
    };
  }, [router]);
  return null;
}
