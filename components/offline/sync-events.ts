/**
 * The reading page's outbox tells the header (./sync-status.tsx) how many changes wait, with a
 * window event: the header is in the layout and shares no React state with the page.
 */
export const OUTBOX_EVENT = "marginalia:outbox";

export type OutboxEventDetail = { waiting: number };

export function announceWaiting(waiting: number): void {
  window.dispatchEvent(new CustomEvent<OutboxEventDetail>(OUTBOX_EVENT, { detail: { waiting } }));
}
