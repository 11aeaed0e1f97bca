import { ApiError, type CreateAnnotationBody, type UpdateAnnotationBody } from "@/components/api/api-client";
import type { AnnotationDto } from "@/lib/annotations/types";

/**
 * The reading page's saves that have not reached the server yet, so that nothing typed is lost.
 *
 * Every create, edit and reply is written to storage (localStorage in the browser) before it is
 * sent, and leaves only when the server has confirmed it. A save that fails on the network or the
 * server is retried with backoff (and at once when asked, e.g. when the browser comes back
 * online) and survives a reload: the next visit restores and replays it. When the server says how
 * long to wait (429 over the write rate, 503 with `Retry-After`), the retry comes exactly then, the
 * entry and its text still waiting. Each entry carries a
 * client token made once, so a retry whose first attempt did reach the server makes no second
 * copy. A save the server refuses (e.g. 422) is not retried: it is reported and dropped.
 *
 * No React and no fetch here: `send` does the request, `report` tells the page what happened.
 */
export type OutboxEntry =
  | { kind: "create"; token: string; input: CreateAnnotationBody; optimistic: AnnotationDto }
  | { kind: "update"; token: string; id: string; patch: UpdateAnnotationBody }
  | { kind: "reply"; token: string; parentId: string; body: string; mentions?: string[]; optimistic: AnnotationDto };

export type OutboxReport =
  | { type: "sending"; entry: OutboxEntry }
  | { type: "saved"; entry: OutboxEntry; saved: AnnotationDto }
  | { type: "failed"; entry: OutboxEntry; message: string; isRetrying: boolean };

/** The part of the Web Storage interface the outbox uses (localStorage, or any other Storage). */
export type OutboxStorage = Pick<Storage, "getItem" | "setItem" | "removeItem">;

export type OutboxTimers = { set: (run: () => void, ms: number) => unknown; clear: (handle: unknown) => void };

type Options = {
  /** null where storage is unavailable: the outbox still retries while the page is open. */
  storage: OutboxStorage | null;
  key: string;
  send: (entry: OutboxEntry) => Promise<AnnotationDto>;
  report: (report: OutboxReport) => void;
  timers?: OutboxTimers;
};

/** Waits before the 1st, 2nd, 3rd… retry; the last one repeats. */
export const RETRY_DELAYS_MS = [2_000, 5_000, 10_000, 30_000];

export function outboxKey(userId: string | null, slug: string): string {
  return `marginalia:outbox:${userId ?? "anonymous"}:${slug}`;
}

export function newClientToken(): string {
  return crypto.randomUUID();
}

const browserTimers: OutboxTimers = {
  set: (run, ms) => setTimeout(run, ms),
  clear: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

export class Outbox {
  private entries: OutboxEntry[] = [];
  private attempt = 0;
  private isFlushing = false;
  private retryTimer: unknown = null;
  private readonly timers: OutboxTimers;

  constructor(private readonly options: Options) {
    this.timers = options.timers ?? browserTimers;
  }

  /** What is waiting, oldest first. */
  get waiting(): readonly OutboxEntry[] {
    return this.entries;
  }

  /**
   * Takes in what an earlier visit could not send (ahead of anything added since) and returns it,
   * so the page can show it again. Entries already here are not taken twice.
   */
  restore(): OutboxEntry[] {
    const known = new Set(this.entries.map((entry) => entry.token));
    const stored = readStored(this.options.storage, this.options.key).filter((entry) => !known.has(entry.token));
    if (stored.length > 0) this.entries = [...stored, ...this.entries];
    return stored;
  }

  push(entry: OutboxEntry): void {
    this.entries.push(entry);
    this.persist();
    void this.flush();
  }

  /** Sends what is waiting, oldest first; stops at the first transient failure and schedules a retry. */
  async flush(): Promise<void> {
    if (this.isFlushing) return;
    this.isFlushing = true;
    this.cancelRetry();
    try {
      while (this.entries.length > 0) {
        const entry = this.entries[0];
        this.options.report({ type: "sending", entry });
        try {
          const saved = await this.options.send(entry);
          this.entries.shift();
          this.persist();
          this.attempt = 0;
          this.options.report({ type: "saved", entry, saved });
        } catch (caught) {
          const failure = caught instanceof ApiError ? caught : new ApiError(0, "offline", "The save failed.");
          if (failure.isTransient) {
            this.options.report({ type: "failed", entry, message: failure.message, isRetrying: true });
            const delay = retryDelayMs(failure, this.attempt);
            this.attempt += 1;
            this.retryTimer = this.timers.set(() => void this.flush(), delay);
            return;
          }
          // The server refused it: retrying cannot help. The page keeps the text visible and says why.
          this.entries.shift();
          this.persist();
          this.options.report({ type: "failed", entry, message: failure.message, isRetrying: false });
        }
      }
    } finally {
      this.isFlushing = false;
    }
  }

  /** Stops a scheduled retry (the page is going away); what is stored stays for the next visit. */
  dispose(): void {
    this.cancelRetry();
  }

  private cancelRetry() {
    if (this.retryTimer !== null) this.timers.clear(this.retryTimer);
    this.retryTimer = null;
  }

  private persist() {
    const { storage, key } = this.options;
    try {
      if (this.entries.length === 0) storage?.removeItem(key);
      else storage?.setItem(key, JSON.stringify(this.entries));
    } catch {
      // Storage full or disabled: the in-memory outbox still retries while the page is open.
    }
  }
}

/** The server's `Retry-After` when it gave one, else our own backoff. */
export function retryDelayMs(failure: ApiError, attempt: number): number {
  if (failure.retryAfterSeconds !== null) return failure.retryAfterSeconds * 1000;
  return RETRY_DELAYS_MS[Math.min(attempt, RETRY_DELAYS_MS.length - 1)];
}

function readStored(storage: OutboxStorage | null, key: string): OutboxEntry[] {
  try {
    const stored: unknown = JSON.parse(storage?.getItem(key) ?? "[]");
    return Array.isArray(stored) ? (stored as OutboxEntry[]) : [];
  } catch {
    return [];
  }
}
