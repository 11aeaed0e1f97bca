"use client";
import { Component, lazy, type ComponentType, type ReactNode } from "react";

/** Tries of a part's code before its boundary says so: the first, then after 1, 2, 4, 8 and 16 seconds. */
const RETRY_DELAYS_MS = [1_000, 2_000, 4_000, 8_000, 16_000];

/**
 * Waits `ms`, or less if the browser says it is back online: a page loaded on a train may lose
 * the network between its first script and the parts it loads after it.
 */
function pause(ms: number): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      window.removeEventListener("online", done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    window.addEventListener("online", done);
  });
}

/** `load` again until it gives the code: while offline the part stays in its Suspense fallback instead of failing. */
async function loadRetrying<T>(load: () => Promise<T>): Promise<T> {
  for (const delay of RETRY_DELAYS_MS) {
    try {
      return await load();
    } catch {
      await pause(delay);
    }
  }
  return load();
}

/**
 * React's lazy() over an import() of a part that loads after the page's first JavaScript, made
 * to survive the network going away meanwhile: a failed chunk is asked for again (sooner when the
 * browser comes back online), and only after a minute of failures does the part throw, to its
 * LazyPartBoundary, never to the whole page (which Next would replace with "This page couldn't load",
 * taking the article and the notes being written with it).
 */
export function lazyPart<P extends object>(load: () => Promise<ComponentType<P>>) {
  return lazy(async () => ({ default: await loadRetrying(load) }));
}

type BoundaryProps = { children: ReactNode; what: string };

/** Where a lazyPart that could not load says so, in its own place, with the way to try again. */
export class LazyPartBoundary extends Component<BoundaryProps, { hasFailed: boolean }> {
  override state = { hasFailed: false };

  static getDerivedStateFromError() {
    return { hasFailed: true };
  }

  override render() {
    if (!this.state.hasFailed) return this.props.children;
    return (
      <div className="notice notice--error" role="alert">
        <p>
          The {this.props.what} could not load: the network seems to be away. The reading stays open, and what you write is kept on this
          device until it is sent.
        </p>
        <button type="button" className="button button--quiet" onClick={() => window.location.reload()}>
          Reload once you are online
        </button>
      </div>
    );
  }
}
