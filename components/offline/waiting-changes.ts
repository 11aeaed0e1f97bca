import { Outbox } from "@/components/annotations/outbox";
import { sendOutboxEntry } from "@/components/annotations/use-annotation-store";
import { deviceOutboxStorage } from "@/components/annotations/outbox-storage";
import { countUnsent as countStored, readOutboxesOf } from "./offline-db";
import { SENT_ELSEWHERE_EVENT } from "./refresh-when-sent-elsewhere";
import { UNSENT_RECOUNT_EVENT } from "./sync-events";

/**
 * The header's count of the changes kept on this device (./sync-status.tsx), which also sends them
 * while the browser is online, from whatever page is open. A reading's changes had been sent only
 * by that reading's own page: notes written offline on a train waited, with the header saying
 * "2 changes waiting", until their reader happened to open that reading online again (an
 * assignment's notes counting as late meanwhile). Loaded only when something is kept or the
 * browser is offline, apart from every page's first-load JavaScript.
 *
 * Each reading's changes go through an Outbox of their own, as its page would send them: in order,
 * one tab at a time (the outbox's Web Lock), a retry with backoff on a failure, a refusal kept for
 * My notes. The reading open on this page is left to its own outbox. What the page would have shown
 * of a conflict (an edit that replaced another device's words, a delete not done because the note
 * changed) is not shown from here: the edit still wins and the changed note stays, as on the page.
 */
export async function countUnsent(): Promise<{ waiting: number; refused: number }> {
  if (navigator.onLine) void sendWaiting().catch(() => undefined);
  return countStored();
}

/** One per reading, kept for the page's life: asked again, it sends again what is still waiting. */
const outboxes = new Map<string, Outbox>();

async function sendWaiting(): Promise<void> {
  const reader = document.documentElement.dataset.reader;
  if (!reader) return;
  const open = /^\/read\/([^/]+)/.exec(location.pathname)?.[1];
  for (const { key, slug, title } of await readOutboxesOf(reader)) {
    if (open !== undefined && slug === decodeURIComponent(open)) continue;
    let outbox = outboxes.get(key);
    if (!outbox) {
      outbox = new Outbox({
        storage: deviceOutboxStorage(null, title),
        key,
        send: (entry) => sendOutboxEntry(slug, entry),
        // The header counts again as each one lands (a refusal, too, is counted: "1 change not saved").
        report: (report) => {
          if (report.type !== "sending" && !(report.type === "failed" && report.isRetrying))
            window.dispatchEvent(new Event(UNSENT_RECOUNT_EVENT));
          // The page's own counts (the library's, an assignment's progress) are read again.
          if (report.type === "saved") window.dispatchEvent(new Event(SENT_ELSEWHERE_EVENT));
        },
      });
      outboxes.set(key, outbox);
    }
    void outbox.flush();
  }
}
