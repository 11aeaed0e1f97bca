"use client";
import { useEffect, useState } from "react";
import { annotationsApi, errorMessage } from "@/components/api/api-client";

/** How long typing pauses before a large reading's search goes to the server. */
const SEARCH_DELAY_MS = 250;

/**
 * A large reading's search box: the ids of the annotations whose quote, note or tags hold `query`,
 * as the server finds them (the list's own search, GET /api/documents/{slug}/annotations/stubs?q=);
 * null while there is no query. Until the answer comes, the previous one stays.
 */
export function useServerSearch(slug: string, query: string, onError: (message: string) => void): ReadonlySet<string> | null {
  const [matching, setMatching] = useState<{ query: string; ids: ReadonlySet<string> } | null>(null);
  const trimmed = query.trim();
  useEffect(() => {
    if (!trimmed) return;
    let isCurrent = true;
    const timer = setTimeout(() => {
      annotationsApi.stubs(slug, { q: trimmed }).then(
        (found) => isCurrent && setMatching({ query: trimmed, ids: new Set(found.ids) }),
        (caught) => isCurrent && onError(errorMessage(caught, "Could not search the annotations.")),
      );
    }, SEARCH_DELAY_MS);
    return () => {
      isCurrent = false;
      clearTimeout(timer);
    };
  }, [slug, trimmed, onError]);
  return trimmed ? (matching?.ids ?? null) : null;
}
