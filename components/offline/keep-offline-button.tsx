"use client";
import { useEffect, useRef, useState } from "react";
import type { AnnotationDto } from "@/lib/annotations/types";

type Props = {
  userId: string;
  document: { slug: string; title: string; versionId: string; text: string };
  /** What the page shows now; a kept reading's copy follows it while online. */
  annotations: AnnotationDto[];
  /**
   * The page holds only the cards it has loaded (a large reading, past the stubs threshold): keeping
   * it fetches every annotation the reader may see instead, and the kept copy is refreshed from the
   * server, never from the page's part of the list.
   */
  isPartial?: boolean;
  /** Opened offline: the kept copy's annotations (newer than the cached page's, if synced since). */
  onOpenedOffline: (annotations: AnnotationDto[]) => void;
};

type Status = "checking" | "not-kept" | "keeping" | "kept" | "failed";

// The storage code (idb) is loaded on first use, after the page is interactive: never in the first load.
const kept = () => import("./kept-readings");
/** Every annotation the reader may see on the reading, from the list API (as the library keeps an assigned reading). */
const allAnnotations = async (slug: string) => (await import("@/components/api/api-client")).annotationsApi.listAll(slug);

/** "Keep offline" on the reading page: a toggle that stores this reading on the device, or removes it. */
export function KeepOfflineButton({ userId, document: doc, annotations, isPartial = false, onOpenedOffline }: Props) {
  const [status, setStatus] = useState<Status>("checking");
  const openedOffline = useRef(onOpenedOffline);

  useEffect(() => {
    let isCurrent = true;
    void (async () => {
      const { getKeptReading, saveKeptAnnotations, syncKeptReadings } = await kept();
      const record = await getKeptReading(userId, doc.slug).catch(() => undefined);
      if (!isCurrent) return;
      setStatus(record ? "kept" : "not-kept");
      if (!record) return;
      if (!navigator.onLine) openedOffline.current(record.annotations);
      // Online: the kept page is fetched anew, so next time offline shows today's text and highlights.
      else {
        void syncKeptReadings(userId, doc.slug).catch(() => undefined);
        if (isPartial)
          void allAnnotations(doc.slug)
            .then((all) => saveKeptAnnotations(userId, doc.slug, all))
            .catch(() => undefined);
      }
    })().catch(() => isCurrent && setStatus("failed"));
    return () => {
      isCurrent = false;
    };
  }, [userId, doc.slug, isPartial]);

  // While online, the kept copy follows what the server confirmed (debounced: saves come in bursts).
  useEffect(() => {
    if (status !== "kept" || !navigator.onLine || isPartial) return;
    const timer = setTimeout(() => void kept().then(({ saveKeptAnnotations }) => saveKeptAnnotations(userId, doc.slug, annotations)), 500);
    return () => clearTimeout(timer);
  }, [status, annotations, isPartial, userId, doc.slug]);

  async function toggle() {
    // Busy (aria-disabled, not disabled: a disabled button drops its focus to the page): a second press waits.
    if (status === "checking" || status === "keeping") return;
    const wasKept = status === "kept";
    setStatus("keeping");
    try {
      const { keepReading, forgetReading } = await kept();
      if (wasKept) await forgetReading(userId, doc.slug);
      else await keepReading({ userId, ...doc, annotations: isPartial ? await allAnnotations(doc.slug) : annotations });
      setStatus(wasKept ? "not-kept" : "kept");
    } catch {
      setStatus("failed");
    }
  }

  const isKept = status === "kept";
  return (
    <span className="keep-offline">
      <button
        type="button"
        className="button button--small"
        aria-pressed={isKept}
        aria-disabled={status === "checking" || status === "keeping" || undefined}
        onClick={() => void toggle()}
      >
        {isKept ? "Kept offline" : "Keep offline"}
      </button>
      <span role="status" className="keep-offline__status">
        {status === "keeping"
          ? "Saving on this device…"
          : status === "failed"
            ? "Could not keep it on this device."
            : isKept
              ? "On this device"
              : ""}
      </span>
    </span>
  );
}
