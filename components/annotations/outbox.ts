import { ApiError, type CreateAnnotationBody, type UpdateAnnotationBody } from "@/components/api/api-client";
import { pendingId } from "@/lib/annotations/annotation-state";
import type { AnnotationDto } from "@/lib/annotations/types";
import { CLOSED_READING } from "@/components/offline/sync-events";
import { NOT_YOUR_GROUP } from "@/lib/annotations/scopes";

/**
 * The reading page's saves that have not reached the server yet, so that nothing typed is lost.
 *
 * Every create, edit, reply and delete is written to storage (IndexedDB in the browser, see
 * ./outbox-store.ts) before it is sent, and leaves only when the server has confirmed it, so it
 * survives a reload, going offline and the browser being closed. A save that fails on the network or the
 * server is retried with backoff (and at once when asked, e.g. when the browser comes back
 * online) and survives a reload: the next visit restores and replays it. When the server says how
 * long to wait (429 over the write rate, 503 with `Retry-After`), the retry comes exactly then, the
 * entry and its text still waiting. Each entry carries a
 * client token made once, so a retry whose first attempt did reach the server makes no second
 * copy. A save the server refuses (e.g. 422, or 404 once the reading closed to its reader) is not
 * retried, and not dropped either: it stays stored, marked `refused` with the server's reason, until
 * the reader discards it, so its words survive a reload (an independent check lost a note this way
 * while the header said "Synced"). A refused delete is the exception: it carries no words.
 *
 * Every tab of the browser shares one stored list per reader and reading: a change is applied to
 * what is stored now (other tabs' entries included) in one transaction, never written over it, and
 * one tab at a time sends, re-reading the list before each entry, so an entry another tab sent is
 * not sent again and one it wrote is sent too (two tabs offline on one reading each overwrote the
 * other's list: the last to write won and a note was lost). The other tabs hear what was sent, and
 * show entries written elsewhere (`onFound`).
 *
 * Entries are sent strictly in order. A change to something created offline names it by its
 * pending id until the create is saved; then the later entries are rewritten to the saved id.
 * Conflicts are resolved one way, and reported so the page shows them: an edit of an annotation
 * changed since (another device) still wins, and the page is told whose version it replaced (409
 * `conflict`, then sent again without `ifUnmodifiedSince`); an edit of one deleted elsewhere is
 * refused (404) and stays on screen as not saved; deleting one already deleted is done; deleting one
 * changed since is not done (409 `conflict`: the newer words stay, the reader may delete them still).
 *
 * No React and no fetch here: `send` does the request (sendOutboxEntry in the browser,
 * ./use-annotation-store.ts), `report` tells the page what happened.
 */
export type OutboxEntry = (
  | { kind: "create"; token: string; input: CreateAnnotationBody; optimistic: AnnotationDto }
  /** `isReply`: what is edited is a reply (so a conflict is told as one). */
  | { kind: "update"; token: string; id: string; patch: UpdateAnnotationBody; isReply?: boolean }
  | { kind: "reply"; token: string; parentId: string; body: string; mentions?: string[]; optimistic: AnnotationDto }
  /** `ifUnmodifiedSince`: the version deleted; changed since on another device, the delete is not done (409). */
  | { kind: "delete"; token: string; id: string; ifUnmodifiedSince?: string }
) & {
  /** The server refused it (not sent again): why, and the status it answered. */
  refused?: Refusal;
  /** Which page (tab, visit) made it: only its own later edits are rebased onto a save of its (`rebase`). */
  by?: string;
};

export type Refusal = { message: string; status: number };

export type OutboxReport =
  | { type: "sending"; entry: OutboxEntry }
  /** `saved` is null for a delete. */
  | { type: "saved"; entry: OutboxEntry; saved: AnnotationDto | null }
  /** `status` is the server's (0: never reached it): 404 for an edit means it was deleted elsewhere. */
  | { type: "failed"; entry: OutboxEntry; message: string; isRetrying: boolean; status: number }
  /**
   * An edit overwrote a newer version from elsewhere (`theirs` is what it replaced), or a delete
   * met one and was not done (`theirs` is what stays).
   */
  | { type: "conflict"; entry: OutboxEntry & { kind: "update" | "delete" }; theirs: AnnotationDto | null };

type Change = (entries: OutboxEntry[]) => OutboxEntry[];

/** Where the outbox keeps its entries between visits, shared by the browser's tabs (IndexedDB, ./outbox-storage.ts). */
export type OutboxStorage = {
  load: (key: string) => Promise<OutboxEntry[]>;
  /** Applies `change` to what is stored now (other tabs' entries too) in one transaction; answers the result. */
  update: (key: string, change: Change) => Promise<OutboxEntry[]>;
  /** Runs `run` while no other tab sends this outbox; without it, at once. */
  exclusive?: (key: string, run: () => Promise<void>) => Promise<void>;
  /** Tells the other tabs what became of an entry. */
  tell?: (key: string, report: OutboxReport) => void;
  /** Hears the other tabs: a report, or nothing when only the stored list changed. Answers how to stop. */
  listen?: (key: string, heard: (report?: OutboxReport) => void) => () => void;
};

export type OutboxTimers = { set: (run: () => void, ms: number) => unknown; clear: (handle: unknown) => void };

type Options = {
  /** null where storage is unavailable: the outbox still retries while the page is open. */
  storage: OutboxStorage | null;
  key: string;
  /** Resolves with the saved annotation (null for a delete); rejects with an ApiError. */
  send: (entry: OutboxEntry) => Promise<AnnotationDto | null>;
  /**
   * `isOwn`: the entry is this page's doing — sent from here, or made here and sent by another tab.
   * Another tab's save heard here is not (the page must not take that tab's version for its own).
   */
  report: (report: OutboxReport, isOwn: boolean) => void;
  /** Entries stored that this page had not shown: an earlier visit's, or another tab's. */
  onFound?: (entries: OutboxEntry[]) => void;
  /** Told how many entries wait and how many were refused, each time that changes (the header's "N changes waiting"). */
  onWaiting?: (waiting: number, refused: number) => void;
  /** The annotation as the server has it now, to show what a conflicting edit replaced. */
  fetchCurrent?: (id: string) => Promise<AnnotationDto>;
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
  /** This page's name on the entries it makes. */
  private readonly by = newClientToken();
  private entries: OutboxEntry[] = [];
  private attempt = 0;
  private isFlushing = false;
  /** flush() was asked while a pass was under way (the network came back mid-way): that pass ends, then another goes at once. */
  private flushAgain?: boolean;
  private retryTimer: unknown = null;
  private readonly timers: OutboxTimers;
  /** Storage is read and written one step after another, so an older list never overwrites a newer one. */
  private storing: Promise<unknown> = Promise.resolve();
  /** Changes made here and not stored yet: applied again over each list read meanwhile. */
  private unstored: Change[] = [];
  /**
   * This page's own saves: the version each replaced and the one it made ("id@from" → to). The page
   * hears of a save a moment after it is answered: an edit saved in between was begun on the version
   * the save replaced, and is moved onto the saved one as `rebase` moves an edit pushed before.
   */
  private readonly savedHere = new Map<string, string>();

  constructor(private readonly options: Options) {
    this.timers = options.timers ?? browserTimers;
  }

  /** What is waiting to be sent, oldest first. */
  get waiting(): readonly OutboxEntry[] {
    return this.entries.filter((entry) => !entry.refused);
  }

  /** What the server refused, kept until the reader lets it go. */
  get refused(): readonly OutboxEntry[] {
    return this.entries.filter((entry) => entry.refused);
  }

  /**
   * Changes are waiting that the device has not stored: a write under way (a few milliseconds) or
   * failing. A page closed now loses them; one closed after they are stored sends them next visit.
   */
  get hasUnstored(): boolean {
    return this.unstored.length > 0 && this.entries.length > 0;
  }

  /** The reader lets go of refused changes (`tokens`): they leave storage. */
  discard(tokens: readonly string[]): void {
    const leaving = new Set(tokens);
    void this.change((entries) => entries.filter((entry) => !(entry.refused && leaving.has(entry.token))));
  }

  /**
   * Takes in what is stored and this page has not shown (an earlier visit's, ahead of anything
   * added since; another tab's) and returns it, so the page can show it. Nothing is taken twice.
   */
  restore(): Promise<OutboxEntry[]> {
    const { storage, key } = this.options;
    if (!storage) return Promise.resolve([]);
    const restoring = this.storing
      .then(() => storage.load(key))
      .then(
        (stored) => this.take(stored),
        () => [],
      );
    this.storing = restoring;
    return restoring;
  }

  /** Hears the other tabs of this reading: what they stored is taken in, what they sent is told to the page. Answers how to stop. */
  listen(): () => void {
    const { storage, key, report } = this.options;
    return (
      storage?.listen?.(key, (heard) => {
        if (heard) report(heard, heard.entry.by === this.by);
        void this.restore();
      }) ?? (() => undefined)
    );
  }

  /** Resolves once everything pushed so far is in storage (tests; the page before it goes away). */
  settled(): Promise<void> {
    return this.storing.then(() => undefined);
  }

  push(entry: OutboxEntry): void {
    const made = this.onOwnSaves({ ...entry, by: entry.by ?? this.by });
    void this.change((entries) => [...entries, made]);
    void this.flush(false);
  }

  /** Sends what is waiting, oldest first, one tab at a time; stops at the first transient failure and schedules a retry. */
  async flush(isAsked = true): Promise<void> {
    // Asked (the browser back online, the reader's "Retry") while a pass is under way, which may be
    // failing because the network was gone when it left: answered when it ends, not dropped.
    // Dropped, the retry that pass scheduled waited its backoff, up to 30 s after four failed tries,
    // with the reader back online (a CI run caught it: "Syncing — 4 changes waiting"). A push or a
    // retry's timer (isAsked false) needs no pass of its own: the one under way reads what is stored.
    if (this.isFlushing) {
      this.flushAgain ||= isAsked;
      return;
    }
    this.isFlushing = true;
    this.cancelRetry();
    const { storage, key } = this.options;
    try {
      await (storage?.exclusive ? storage.exclusive(key, () => this.sendWaiting()) : this.sendWaiting());
    } finally {
      this.isFlushing = false;
    }
    if (this.flushAgain) {
      this.flushAgain = false;
      await this.flush();
    }
  }

  private async sendWaiting(): Promise<void> {
    // Read again before each entry: another tab may have sent some meanwhile, or written more.
    for (let entry = await this.nextToSend(); entry; entry = await this.nextToSend()) {
      this.report({ type: "sending", entry });
      try {
        const saved = await this.sendResolvingConflict(entry);
        const sent = entry;
        // (A save that changed nothing keeps its version: no step to follow.)
        if (
          saved &&
          sent.kind === "update" &&
          sent.by === this.by &&
          sent.patch.ifUnmodifiedSince &&
          saved.updatedAt !== sent.patch.ifUnmodifiedSince
        )
          this.savedHere.set(`${sent.id}@${sent.patch.ifUnmodifiedSince}`, saved.updatedAt);
        await this.change((entries) => {
          const rest = entries.filter((item) => item.token !== sent.token);
          if (saved && (sent.kind === "create" || sent.kind === "reply")) return renamePending(rest, pendingId(sent.token), saved.id);
          return saved && sent.kind === "update" ? rebase(rest, saved, sent.by) : rest;
        });
        this.attempt = 0;
        this.report({ type: "saved", entry, saved });
      } catch (caught) {
        const failure = caught instanceof ApiError ? caught : new ApiError(0, "offline", "The save failed.");
        if (entry.kind === "delete" && failure.status === 404) {
          // Already gone (deleted on another device): what this delete wanted is done.
          await this.remove(entry);
          this.report({ type: "saved", entry, saved: null });
          continue;
        }
        if (entry.kind === "delete" && failure.status === 409) {
          // Changed on another device since: its newer words are not thrown away unseen. Kept, and said.
          const theirs = (await this.options.fetchCurrent?.(entry.id).catch(() => null)) ?? null;
          await this.remove(entry);
          this.report({ type: "conflict", entry, theirs });
          continue;
        }
        if (failure.isTransient) {
          this.report({ type: "failed", entry, message: failure.message, isRetrying: true, status: failure.status });
          const delay = retryDelayMs(failure, this.attempt);
          this.attempt += 1;
          this.retryTimer = this.timers.set(() => void this.flush(false), delay);
          return;
        }
        // The server refused it: retrying cannot help. Its words stay stored (a delete has none), and the page says why.
        const message = refusalInPlainWords(entry, failure);
        if (entry.kind === "delete") await this.remove(entry);
        else await this.replace(entry, { ...entry, refused: { message, status: failure.status } });
        this.report({ type: "failed", entry, message, isRetrying: false, status: failure.status });
      }
    }
  }

  /** An edit made against a version that changed since (409) is sent again without the precondition: the last edit wins, and says so. */
  private async sendResolvingConflict(entry: OutboxEntry): Promise<AnnotationDto | null> {
    try {
      return await this.options.send(entry);
    } catch (caught) {
      if (!(entry.kind === "update" && caught instanceof ApiError && caught.status === 409 && entry.patch.ifUnmodifiedSince)) throw caught;
      const theirs = (await this.options.fetchCurrent?.(entry.id).catch(() => null)) ?? null;
      const { ifUnmodifiedSince: _, ...patch } = entry.patch;
      const forced = { ...entry, patch };
      void this.replace(entry, forced);
      const saved = await this.options.send(forced);
      this.report({ type: "conflict", entry: forced, theirs });
      return saved;
    }
  }

  /** An edit or delete of this page's, made on a version one of its own saves has replaced since: made on what that save made. */
  private onOwnSaves(entry: OutboxEntry): OutboxEntry {
    const latest = (id: string, version: string) => {
      const passed = new Set([version]);
      for (let next = this.savedHere.get(`${id}@${version}`); next && !passed.has(next); next = this.savedHere.get(`${id}@${version}`)) {
        passed.add(next);
        version = next;
      }
      return version;
    };
    if (entry.by !== this.by) return entry;
    if (entry.kind === "update" && entry.patch.ifUnmodifiedSince)
      return { ...entry, patch: { ...entry.patch, ifUnmodifiedSince: latest(entry.id, entry.patch.ifUnmodifiedSince) } };
    if (entry.kind === "delete" && entry.ifUnmodifiedSince)
      return { ...entry, ifUnmodifiedSince: latest(entry.id, entry.ifUnmodifiedSince) };
    return entry;
  }

  /** The page hears it, and so do the other tabs of this reading (whose entry it may be). */
  private report(report: OutboxReport) {
    this.options.report(report, true);
    if (report.type !== "sending") this.options.storage?.tell?.(this.options.key, report);
  }

  private async nextToSend(): Promise<OutboxEntry | undefined> {
    await this.restore();
    return this.entries.find((entry) => !entry.refused);
  }

  private remove(entry: OutboxEntry) {
    return this.change((entries) => entries.filter((item) => item.token !== entry.token));
  }

  private replace(entry: OutboxEntry, by: OutboxEntry) {
    return this.change((entries) => entries.map((item) => (item.token === entry.token ? by : item)));
  }

  /** Stops a scheduled retry (before a pass, or as the page goes away: what is stored stays for the next visit). */
  cancelRetry(): void {
    if (this.retryTimer !== null) this.timers.clear(this.retryTimer);
    this.retryTimer = null;
  }

  /**
   * Applies a change here at once, then to what is stored (whatever other tabs put there); resolves
   * once stored, or once storing it failed. A change whose write failed (storage full or disabled, the
   * database still being made as the page went offline) stays unstored: the page's list keeps it, and
   * the next write stores it ahead of its own change. (It used to be forgotten, and the next write's
   * stored list, taken as the page's, dropped it: a note written offline was never sent.)
   */
  private change(change: Change): Promise<unknown> {
    this.entries = change(this.entries);
    this.options.onWaiting?.(this.waiting.length, this.refused.length);
    const { storage, key } = this.options;
    if (!storage) return Promise.resolve();
    this.unstored.push(change);
    this.storing = this.storing.then(() => {
      const writing = [...this.unstored];
      return storage
        .update(key, (stored) => writing.reduce((entries, each) => each(entries), stored))
        .then(
          (stored) => {
            this.unstored = this.unstored.filter((each) => !writing.includes(each));
            this.take(stored);
          },
          () => undefined,
        );
    });
    return this.storing;
  }

  /** The stored list becomes this page's, with its changes not stored yet on top; answers the entries new to it. */
  private take(stored: OutboxEntry[]): OutboxEntry[] {
    const known = new Set(this.entries.map((entry) => entry.token));
    // What this page removed meanwhile stays removed: found is counted after its changes.
    this.entries = this.unstored.reduce((entries, change) => change(entries), stored);
    const found = this.entries.filter((entry) => !known.has(entry.token));
    if (found.length > 0) this.options.onFound?.(found);
    this.options.onWaiting?.(this.waiting.length, this.refused.length);
    return found;
  }
}

/** Later entries that named an offline-created annotation by its pending id now name the saved one. */
function renamePending(entries: OutboxEntry[], from: string, to: string): OutboxEntry[] {
  return entries.map((entry) => {
    if ((entry.kind === "update" || entry.kind === "delete") && entry.id === from) return { ...entry, id: to };
    // The optimistic copy too: restored after a reload, the reply shows under the saved parent.
    if (entry.kind === "reply" && entry.parentId === from)
      return { ...entry, parentId: to, optimistic: { ...entry.optimistic, parentId: to } };
    return entry;
  });
}

/**
 * Later edits of the same annotation made on the same page were made on top of this one, not
 * against another device's: their precondition moves to the version this save made, so my own
 * edits never conflict. Another tab's edit of it was made against what that tab had, and is judged
 * by it (the tabs share one stored list: rebasing it too told no one its words replaced these).
 */
function rebase(entries: OutboxEntry[], saved: AnnotationDto, by: string | undefined): OutboxEntry[] {
  return entries.map((entry) => {
    if (!(entry.kind === "update" || entry.kind === "delete") || entry.id !== saved.id || entry.by !== by) return entry;
    if (entry.kind === "update" && entry.patch.ifUnmodifiedSince)
      return { ...entry, patch: { ...entry.patch, ifUnmodifiedSince: saved.updatedAt } };
    // A delete pressed while this page's resolve or edit of the note was on its way: it deletes
    // what the reader saw, their own change included (it was refused as "changed elsewhere").
    if (entry.kind === "delete" && entry.ifUnmodifiedSince) return { ...entry, ifUnmodifiedSince: saved.updatedAt };
    return entry;
  });
}

/**
 * Why a change was refused, for its reader: a 404 names an id they never saw ("No document
 * \"…\""), so it is told as what happened; other refusals (too long, not allowed) say it already.
 */
function refusalInPlainWords(entry: OutboxEntry, failure: ApiError): string {
  if (failure.status !== 404) return failure.message;
  // A group the writer was removed from meanwhile: the server's own words say so, and what to do.
  if (entry.kind === "create") return failure.message === NOT_YOUR_GROUP ? failure.message : CLOSED_READING;
  // The server answers 404 alike for a deleted note and one no longer shared with this reader (it
  // says nothing of notes they may not see): neither cause is named as the one.
  if (entry.kind === "reply") return "The note you replied to was deleted, or is no longer shared with you.";
  return "This note was deleted, or is no longer shared with you.";
}

/** The server's `Retry-After` when it gave one, else our own backoff. */
export function retryDelayMs(failure: ApiError, attempt: number): number {
  if (failure.retryAfterSeconds !== null) return failure.retryAfterSeconds * 1000;
  return RETRY_DELAYS_MS[Math.min(attempt, RETRY_DELAYS_MS.length - 1)];
}
