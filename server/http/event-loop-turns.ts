import "server-only";

/** How long one request's synchronous work may run before the others waiting get a turn. */
const SLICE_MS = 10;

/**
 * For a loop of synchronous work that grows with its input (rendering an import's comments): call
 * the returned function between steps. Once SLICE_MS has passed since the last turn it waits one
 * turn of the event loop (`setImmediate`), so the server's other requests, which all share this
 * one thread, run in between rather than after the whole loop. Otherwise it returns at once.
 */
export function eventLoopTurns(): () => Promise<void> {
  let sliceStarted = performance.now();
  return async () => {
    if (performance.now() - sliceStarted < SLICE_MS) return;
    await new Promise((resolve) => setImmediate(resolve));
    sliceStarted = performance.now();
  };
}
