// No "server-only" here: the production server (scripts/serve.ts) runs this outside Next's bundle.
import { AsyncResource } from "node:async_hooks";
import type { IncomingMessage, ServerResponse } from "node:http";

/**
 * At most `limit` requests in the app at once; the rest wait here for a turn.
 *
 * Why (issue #15, 100 writers at once): Node's libuv accepts one new connection per turn of the
 * event loop (libuv 1.45, "don't accept() connections in a loop"). With every request admitted at
 * once, a saturated server's turns each ran the work of a dozen requests and took 50–200 ms, so
 * writers that connected while it was busy sat unaccepted in the kernel's queue: traced with
 * strace, one accept4 per epoll_pwait, ~5–10 a second, while ~30 waited; their creates' p99 was
 * 5.7–7.9 s against ~1 s for writers already connected. With a few requests running at a time a
 * turn is short, connections are accepted as they come, and everyone waits in one queue (p99
 * 1.3–1.8 s with the same load; `npm run bench:scale -- writers`).
 *
 * A request stops counting when its response ends or its client leaves; after `networkCheckMs` if
 * it is waiting on the network (its body still arriving, or its client slow to take the
 * response), so trickled bodies or unread responses cannot hold the turns; and after `holdMs` in
 * any case, so a long export cannot keep others waiting. A request whose client left while it
 * waited never starts. Past `maxWaiting` waiting, the queue is not grown without bound: someone is
 * answered 503 at once (with Retry-After), and it is the address with the most requests waiting
 * that gives up its latest, not whoever happens to arrive next — so one client flooding the queue
 * cannot have every other client refused (the longest queue is the one that drops).
 *
 * Turns are shared between client addresses: the next to start is the first waiting request of
 * the address with the fewest running, so one client sending many requests at once does not make
 * everyone else wait behind all of them. With one address (a campus behind one NAT, a proxy, a
 * benchmark) that is plain first come, first served; no turn is left unused while anyone waits.
 */
export type Admission = {
  /** Calls `start` now if fewer than the limit are running, else when its turn comes; `client` is its address. */
  admit(client: string, request: IncomingMessage, response: ServerResponse, start: () => void): void;
  /** Requests running and waiting now. */
  load(): { running: number; waiting: number };
};

export type AdmissionOptions = { limit: number; networkCheckMs: number; holdMs: number; maxWaiting: number };

export function createAdmission(options: AdmissionOptions): Admission {
  let running = 0;
  const runningByClient = new Map<string, number>();
  const waiting: Waiting[] = [];
  const waitingByClient = new Map<string, number>();
  const takeWaiting = (index: number) => {
    const [taken] = waiting.splice(index, 1);
    count(waitingByClient, taken.client, -1);
    return taken;
  };

  /** Full: the client with the most waiting gives up its latest request, unless that is `arriving`'s own client or no more than it. */
  const shedFor = (arriving: string): boolean => {
    let heaviest = arriving;
    let most = (waitingByClient.get(arriving) ?? 0) + 1;
    for (const [client, count] of waitingByClient) if (count > most) [heaviest, most] = [client, count];
    if (heaviest === arriving) return false;
    const index = waiting.findLastIndex((entry) => entry.client === heaviest);
    refuseBusy(takeWaiting(index).response);
    return true;
  };

  /** The first waiting request of the client with the fewest running (the queue is short: bounded by maxWaiting). */
  const nextIndex = () => {
    let best = 0;
    let fewest = Infinity;
    for (let index = 0; index < waiting.length && fewest > 0; index += 1) {
      const count = runningByClient.get(waiting[index].client) ?? 0;
      if (count < fewest) [best, fewest] = [index, count];
    }
    return best;
  };

  const startWaiting = () => {
    while (running < options.limit && waiting.length > 0) {
      const next = takeWaiting(nextIndex());
      if (!next.response.destroyed) run(next);
    }
  };

  const run = ({ client, request, response, start }: Waiting) => {
    running += 1;
    count(runningByClient, client, 1);
    let isCounted = true;
    const release = () => {
      if (!isCounted) return;
      isCounted = false;
      clearTimeout(networkCheck);
      clearTimeout(hold);
      running -= 1;
      count(runningByClient, client, -1);
      startWaiting();
    };
    const networkCheck = setTimeout(() => {
      if (!request.complete || response.writableNeedDrain) release();
    }, options.networkCheckMs).unref();
    const hold = setTimeout(release, options.holdMs).unref();
    response.once("close", release);
    start();
  };

  return {
    admit(client, request, response, start) {
      if (running < options.limit && waiting.length === 0) return run({ client, request, response, start });
      if (waiting.length >= options.maxWaiting && !shedFor(client)) return refuseBusy(response);
      // Started later from another request's ending (its "close" event), so carry this request's
      // own async context: Next.js keeps each request's state in AsyncLocalStorage, and without
      // this the waiting request ran inside the finished one's (e2e/faults.spec.ts then saw a
      // group just created answer "No such group").
      waiting.push({ client, request, response, start: AsyncResource.bind(start) });
      count(waitingByClient, client, 1);
    },
    load: () => ({ running, waiting: waiting.length }),
  };
}

/** Requests per client address; an address with none is dropped, so the map holds only those present. */
function count(counts: Map<string, number>, client: string, change: 1 | -1) {
  const total = (counts.get(client) ?? 0) + change;
  if (total === 0) counts.delete(client);
  else counts.set(client, total);
}

type Waiting = { client: string; request: IncomingMessage; response: ServerResponse; start: () => void };

function refuseBusy(response: ServerResponse) {
  const status = 503;
  const error = { code: "SERVER_BUSY", message: "The server is busy: too many requests are waiting. Try again in a moment.", status };
  response.writeHead(status, { "content-type": "application/json", "retry-after": "1" }).end(JSON.stringify({ error }));
}
