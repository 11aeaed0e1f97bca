// No "server-only" here: the production server (scripts/serve.ts) runs this outside Next's bundle.
import type { ServerResponse } from "node:http";

/**
 * At most `limit` requests in the app at once; the rest wait here, first come first served.
 *
 * Why (issue #15, 100 writers at once): Node's libuv accepts one new connection per turn of the
 * event loop (libuv 1.45, "don't accept() connections in a loop"). With every request admitted at
 * once, a saturated server's turns each ran the work of a dozen requests and took 50–200 ms, so
 * writers that connected while it was busy sat unaccepted in the kernel's queue: traced with
 * strace, one accept4 per epoll_pwait, ~5–10 a second, while ~30 waited; their creates' p99 was
 * 5.7–7.9 s against ~1 s for writers already connected. With a few requests running at a time a
 * turn is short, connections are accepted as they come, and everyone waits in one queue in arrival
 * order (p99 1.3–1.7 s with the same load; bench:scale writers).
 *
 * A request stops counting when its response ends or its client leaves — or after `holdMs`, so a
 * long export streaming to a slow client cannot keep others waiting. A request whose client left
 * while it waited never starts. Past `maxWaiting` waiting, new requests are answered 503 at once
 * (with Retry-After) rather than queued without bound.
 */
export type Admission = {
  /** Calls `start` now if fewer than the limit are running, else when its turn comes. */
  admit(response: ServerResponse, start: () => void): void;
  /** Requests running and waiting now. */
  load(): { running: number; waiting: number };
};

export type AdmissionOptions = { limit: number; holdMs: number; maxWaiting: number };

export function createAdmission(options: AdmissionOptions): Admission {
  let running = 0;
  const waiting: { response: ServerResponse; start: () => void }[] = [];

  const startWaiting = () => {
    while (running < options.limit && waiting.length > 0) {
      const next = waiting.shift()!;
      if (!next.response.destroyed) run(next.response, next.start);
    }
  };

  const run = (response: ServerResponse, start: () => void) => {
    running += 1;
    let isCounted = true;
    const release = () => {
      if (!isCounted) return;
      isCounted = false;
      clearTimeout(hold);
      running -= 1;
      startWaiting();
    };
    const hold = setTimeout(release, options.holdMs).unref();
    response.once("close", release);
    start();
  };

  return {
    admit(response, start) {
      if (running < options.limit && waiting.length === 0) return run(response, start);
      if (waiting.length >= options.maxWaiting) return refuseBusy(response);
      waiting.push({ response, start });
    },
    load: () => ({ running, waiting: waiting.length }),
  };
}

function refuseBusy(response: ServerResponse) {
  const status = 503;
  const error = { code: "SERVER_BUSY", message: "The server is busy: too many requests are waiting. Try again in a moment.", status };
  response.writeHead(status, { "content-type": "application/json", "retry-after": "1" }).end(JSON.stringify({ error }));
}
