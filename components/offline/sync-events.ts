/**
 * The reading page's outbox tells the header (./sync-status.tsx) how many changes wait, with a
 * window event: the header is in the layout and shares no React state with the page.
 */
export const OUTBOX_EVENT = "marginalia:outbox";

/** `waiting`: to be sent; `refused`: refused by the server, kept on the device until discarded. */
export type OutboxEventDetail = { waiting: number; refused: number };

/**
 * Set while some reading's outbox holds anything: another page's header then counts the device's
 * outboxes (IndexedDB, loaded only then) and clears it once they are empty. Without it, a note a
 * reading refused would be said nowhere once its reader left that reading.
 */
export const UNSENT_FLAG = "marginalia:unsent";

export function announceWaiting(waiting: number, refused: number): void {
  try {
    if (waiting + refused > 0) localStorage.setItem(UNSENT_FLAG, "1");
  } catch {
    // Storage disabled: only the reading's own page counts what waits.
  }
  window.dispatchEvent(new CustomEvent<OutboxEventDetail>(OUTBOX_EVENT, { detail: { waiting, refused } }));
}

/** Something besides a reading's outbox changed what the device holds (a closed reading's changes marked refused): the header counts again. */
export const UNSENT_RECOUNT_EVENT = "marginalia:unsent-recount";

/** A closed reading's refusal, as the reader is told it (the card, My notes): changes for it can never be sent. */
export const CLOSED_READING =
  "You can no longer open this reading: its owner stopped sharing it with you, deleted it, or you left the group it is shared with.";
