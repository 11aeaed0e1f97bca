"use client";
import { useEffect, useState } from "react";
import { ApiError, annotationsApi, errorMessage } from "@/components/api/api-client";
import type { AnnotationStub } from "@/lib/annotations/annotation-stubs";

/** The stubs' code (decoding here, merging and filtering in the page) loads with them, not in the page's first load. */
export const loadStubTools = () => import("@/lib/annotations/annotation-stubs");

/** The first retry's wait after a failed fetch; it doubles up to RETRY_MAX_MS. */
const RETRY_FIRST_MS = 1_000;
const RETRY_MAX_MS = 30_000;

type Options = {
  slug: string;
  /** A large reading: false, and there is nothing to fetch. */
  isWindowed: boolean;
  /** Says why the stubs could not be fetched (null once they are). */
  onError: (message: string | null) => void;
  /**
   * The network could not be reached: lists the reading's kept copy if the reader kept it on this
   * device, and says whether it did (then there is nothing to tell the reader).
   */
  onUnreachable: () => Promise<boolean>;
};

/**
 * A large reading's stubs (every annotation the reader may see, without its words), fetched once
 * the page has loaded; null until they arrive, and for a reading that is not large. They are not in
 * the page: ten thousand of them were ~0.4 MB of its inline script, which Chromium runs before
 * DOMContentLoaded, while the server-painted highlights need none of it.
 *
 * A failed fetch is tried again, later each time, and at once when the network comes back.
 */
export function useReadingStubs({ slug, isWindowed, onError, onUnreachable }: Options): AnnotationStub[] | null {
  const [stubs, setStubs] = useState<AnnotationStub[] | null>(null);
  useEffect(() => {
    if (!isWindowed) return;
    let isCurrent = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let wait = RETRY_FIRST_MS;
    let hasSaidError = false;
    let isLoading = false;
    const retry = () => {
      clearTimeout(timer);
      void load();
    };
    const load = async () => {
      if (isLoading) return;
      isLoading = true;
      try {
        // Asked for beside the stubs; a failure to load it (offline) is the stubs' own failure, said by their request.
        const tools = loadStubTools();
        tools.catch(() => undefined);
        const encoded = await annotationsApi.stubs(slug);
        const { decodeStubs } = await tools;
        if (!isCurrent) return;
        setStubs(decodeStubs(encoded));
        if (hasSaidError) onError(null);
        window.removeEventListener("online", retry);
      } catch (caught) {
        if (!isCurrent) return;
        // (navigator.onLine is not trusted to say so: it can still read true when the request has failed.)
        const isListingKept = caught instanceof ApiError && caught.code === "offline" && (await onUnreachable());
        if (!isCurrent) return;
        if (!isListingKept) {
          hasSaidError = true;
          onError(`${errorMessage(caught, "Could not load the annotations.")} Trying again…`);
        }
        timer = setTimeout(retry, wait);
        wait = Math.min(wait * 2, RETRY_MAX_MS);
      } finally {
        isLoading = false;
      }
    };
    window.addEventListener("online", retry);
    void load();
    return () => {
      isCurrent = false;
      clearTimeout(timer);
      window.removeEventListener("online", retry);
    };
  }, [slug, isWindowed, onError, onUnreachable]);
  // Marks the moment the article is painted from them (this effect follows that render's commit), for the benchmark and tests.
  useEffect(() => {
    if (stubs) document.documentElement.dataset.stubsLoadedAt = String(Math.round(performance.now()));
  }, [stubs]);
  return stubs;
}
