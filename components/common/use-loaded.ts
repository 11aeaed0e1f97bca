import { useEffect, useState } from "react";

/**
 * What `load` (an import() of code the page needs only after something happens; a function made
 * once, outside the component) gives once the page runs; null until then, if it could not load, and
 * while `load` is null (nothing to load).
 * Held as loaded rather than through React's lazy(): a lazy component suspends once even when its
 * code is there, so what it shows would come a moment after the action that asked for it.
 */
export function useLoaded<T>(load: (() => Promise<T>) | null): T | null {
  const [loaded, setLoaded] = useState<T | null>(null);
  useEffect(() => {
    if (!load) return;
    let isCurrent = true;
    load().then(
      (value) => isCurrent && setLoaded(() => value),
      () => undefined,
    );
    return () => {
      isCurrent = false;
    };
  }, [load]);
  return loaded;
}
