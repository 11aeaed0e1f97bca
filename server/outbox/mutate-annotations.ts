import "server-only";
import type { AnnotationChange } from "@/lib/live/protocol";
import { db } from "@/server/db/client";
import { assertWriteAllowed } from "@/server/limits/write-rate";
import { notifyBestEffort } from "@/server/notifications/notify-best-effort";
import { announceOnCommit } from "./bus";
import { refreshSearchText } from "./search-text";
import { recordAnnotationEvents, type AnnotationEventInput, type Tx } from "./record-annotation-event";
import { threadEventsBefore } from "./thread-events";
import { withWriteSlot } from "./write-slots";

/** One change to record: the actor is the mutation's. */
export type RecordedEvent = Omit<AnnotationEventInput, "actorId">;

/** What a mutation's body records its events with. */
export type Recorder = {
  /** Records events for annotations the body changed (written after the body, in its transaction). */
  (...events: RecordedEvent[]): void;
  /**
   * Call BEFORE changing whole threads (a move, a hide or restore): records one event per root and
   * per live reply, each with who could read it before, so the stream can tell exactly them it is gone.
   */
  threadsBefore(rootIds: string[], change: AnnotationChange): Promise<void>;
};

export type MutateOptions<T> = {
  /** Who makes the change: stored on each event (the stream tells each reader only whether it was them). */
  actorId: string;
  /** After commit, best effort (never undoes or fails the change): notifications. */
  notify?: (result: T) => Promise<unknown>;
  /** Prisma's interactive-transaction limits, for long bodies (an import). */
  transaction?: { timeout?: number; maxWait?: number };
  /**
   * Not counted against the actor's write rate: for a change that only takes away (closing an
   * account), which a script writing as them must not be able to hold back; or one counted already
   * (an import counts before it renders its comments; a new version's second try, planned again).
   */
  isOutsideWriteRate?: boolean;
  /** What the change counts for against the actor's write rate (default one; an import counts by its size). */
  writes?: number;
};

/**
 * The one path for changing annotations, so no mutation can forget a step:
 *   0. the actor's write rate is checked (server/limits/write-rate.ts): over it, 429 and nothing runs;
 *   1. one transaction, in a write slot (./write-slots.ts), runs `body(tx, record)`;
 *   2. the events it recorded are written last in that same transaction, under each document's
 *      advisory lock on PostgreSQL (record-annotation-event.ts: ids commit-ordered per document) —
 *      so an event exists exactly when its change committed;
 *   3. every document that got an event is announced to the live hubs once it committed: by a
 *      NOTIFY inside the transaction on PostgreSQL (delivered at commit), in process after it on SQLite;
 *   4. then `notify` runs, best effort.
 * A body that records nothing commits and announces nothing (taking back a helpful mark that was
 * not there). If anything inside throws, the change and its events roll back together and nothing
 * is announced.
 */
export async function mutateAnnotations<T>(options: MutateOptions<T>, body: (tx: Tx, record: Recorder) => Promise<T>): Promise<T> {
  if (!options.isOutsideWriteRate) await assertWriteAllowed(options.actorId, options.writes);
  const events: AnnotationEventInput[] = [];
  let announceCommitted = async () => {};
  const result = await withWriteSlot(() =>
    db.$transaction(async (tx) => {
      const record = ((...recorded: RecordedEvent[]) => {
        events.push(...recorded.map((event) => ({ ...event, actorId: options.actorId })));
      }) as Recorder;
      record.threadsBefore = async (rootIds, change) => {
        events.push(...(await threadEventsBefore(tx, rootIds, { change, actorId: options.actorId })));
      };
      const value = await body(tx, record);
      // What a search reads of each note changed with it (here, so no change can forget it).
      await refreshSearchText(
        tx,
        events.map((event) => event.annotationId),
      );
      // Before the events: NOTIFY waits for the commit anyway, and the events take the lock.
      announceCommitted = await announceOnCommit(
        tx,
        events.map((event) => event.documentId),
      );
      await recordAnnotationEvents(tx, events);
      return value;
    }, options.transaction),
  );
  await announceCommitted();
  if (options.notify) await notifyBestEffort(() => options.notify!(result));
  return result;
}
