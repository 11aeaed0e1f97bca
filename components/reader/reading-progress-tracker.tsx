"use client";

import { useEffect } from "react";

type Props = { slug: string; versionId: string };

/**
 * Records how far the reader has read and for how long (README, "Reading progress"): the furthest
 * paragraph of the article body seen on screen (an IntersectionObserver) and the active time (tab
 * visible, an input within the last minute: lib/reading-progress/active-time.ts). It renders
 * nothing and keeps everything in closure variables, so scrolling re-renders nothing; what it saw
 * goes to the server every 30 s when something changed, at once when the last paragraph comes into
 * view, and once more with sendBeacon when the page is hidden or left. Each batch carries running totals, so a lost one is made good by the next
 * and a repeated one changes nothing. The reading page mounts it only for signed-in readers, and
 * not at all when the deployment sets READING_PROGRESS=off.
 */
export function ReadingProgressTracker({ slug, versionId }: Props) {
  // The tracking code (./track-reading-progress.ts) loads once the page runs, not in its first load
  // (perf/js-budget.json): the paragraphs already on screen are seen as it starts.
  useEffect(() => {
    let stop: (() => void) | null = null;
    let isCurrent = true;
    void import("./track-reading-progress").then(({ trackReadingProgress }) => {
      if (isCurrent) stop = trackReadingProgress(slug, versionId);
    });
    return () => {
      isCurrent = false;
      stop?.();
    };
  }, [slug, versionId]);
  return null;
}
