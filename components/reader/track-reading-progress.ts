// The reading page's progress tracking (./reading-progress-tracker.tsx), loaded once the page runs.
import {
  activeSeconds,
  BATCH_INTERVAL_MS,
  recordInput,
  recordVisibility,
  startActiveTime,
  type ActiveTime,
} from "@/lib/reading-progress/active-time";

/** Inputs that show someone is reading; pointer moves are taken at most once a second. */
const INPUT_EVENTS = ["scroll", "wheel", "keydown", "pointerdown", "pointermove", "touchstart"] as const;
const INPUT_THROTTLE_MS = 1000;

/** Starts recording how far the reader reads this version of the reading, and for how long; returns what stops it. */
export function trackReadingProgress(slug: string, versionId: string): () => void {
  const body = document.querySelector(`.reader__body[data-document-version="${CSS.escape(versionId)}"]`);
  if (!body) return () => {};
  const url = `/api/documents/${encodeURIComponent(slug)}/reading-progress`;
  const session = randomSessionId();
  const indexOf = new Map(Array.from(body.querySelectorAll(".reader__block"), (block, index) => [block, index]));
  let furthest = -1;
  let clock: ActiveTime = startActiveTime(Date.now(), document.visibilityState === "visible");
  let lastInputAt = Date.now();
  let sent = { furthest: -1, seconds: 0 };
  let isStopped = false;

  const batch = () => {
    const seconds = activeSeconds(clock, Date.now());
    if (isStopped || furthest < 0 || (furthest === sent.furthest && seconds === sent.seconds)) return null;
    sent = { furthest, seconds };
    return JSON.stringify({ session, version: versionId, furthestParagraph: furthest, activeSeconds: seconds });
  };
  const sendNow = () => {
    const json = batch();
    if (!json) return;
    void fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: json,
      keepalive: true,
      credentials: "same-origin",
    })
      .then((response) => {
        // Switched off on the server, or the reading is gone: stop asking.
        if (response.status === 404) isStopped = true;
      })
      .catch(() => {
        // Offline: the next batch carries the same totals.
        sent = { furthest: -1, seconds: 0 };
      });
  };
  const lastIndex = indexOf.size - 1;
  const observer = new IntersectionObserver((entries) => {
    for (const entry of entries) {
      if (entry.isIntersecting) furthest = Math.max(furthest, indexOf.get(entry.target) ?? -1);
    }
    // Reaching the end is sent at once: the student who finished sees "Done" on the assignment
    // page straight away, whether or not the page-hide beacon makes it out (the server takes it
    // as far as their active time could have read: lib/reading-progress/pace.ts).
    if (furthest === lastIndex && sent.furthest !== lastIndex) sendNow();
  });
  for (const block of indexOf.keys()) observer.observe(block);

  const sendOnLeave = () => {
    const json = batch();
    if (json) navigator.sendBeacon(url, new Blob([json], { type: "application/json" }));
  };

  const onInput = () => {
    const now = Date.now();
    if (now - lastInputAt < INPUT_THROTTLE_MS) return;
    lastInputAt = now;
    clock = recordInput(clock, now);
  };
  const onVisibility = () => {
    const isVisible = document.visibilityState === "visible";
    clock = recordVisibility(clock, Date.now(), isVisible);
    if (!isVisible) sendOnLeave();
  };
  const options = { passive: true, capture: true } as const;
  for (const type of INPUT_EVENTS) window.addEventListener(type, onInput, options);
  document.addEventListener("visibilitychange", onVisibility);
  window.addEventListener("pagehide", sendOnLeave);
  const timer = window.setInterval(sendNow, BATCH_INTERVAL_MS);

  return () => {
    window.clearInterval(timer);
    observer.disconnect();
    for (const type of INPUT_EVENTS) window.removeEventListener(type, onInput, options);
    document.removeEventListener("visibilitychange", onVisibility);
    window.removeEventListener("pagehide", sendOnLeave);
    // Leaving for another page of the app (a client-side navigation): send what was seen.
    sendOnLeave();
  };
}

function randomSessionId(): string {
  // getRandomValues works on plain-HTTP deployments too, where crypto.randomUUID is not offered.
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (byte) => byte.toString(16).padStart(2, "0")).join("");
}
