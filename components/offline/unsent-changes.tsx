"use client";
import { useEffect, useId, useRef, useState } from "react";
import type { OutboxEntry } from "@/components/annotations/outbox";
import { CLOSED_READING, UNSENT_RECOUNT_EVENT } from "./sync-events";

type Unsent = { key: string; slug: string; title: string; entry: OutboxEntry };

/**
 * On My notes: every change of this reader that is on this device and not on the server — refused
 * by it (the reading closed to them, a note the server could not place), or waiting to be sent
 * (sent from any page while online, ./waiting-changes.ts: the list is read again as each lands) —
 * with its words, to copy or let go. Only refusals are drawn as an error. The header's
 * "N changes not saved" links here. An independent check lost a note written offline on a reading
 * that was unshared meanwhile: the reading page it belonged to would not open again, so its words
 * are shown here instead. Reads IndexedDB (loaded lazily); renders nothing when there is nothing.
 */
export function UnsentChanges({ userId }: { userId: string }) {
  const [unsent, setUnsent] = useState<Unsent[] | null>(null);
  const [message, setMessage] = useState("");
  // The last one discarded: the list stays, saying so, with focus on its heading (not on a page gone from under it).
  const [hasDiscarded, setHasDiscarded] = useState(false);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const headingId = useId();

  useEffect(() => {
    let isCurrent = true;
    const load = () =>
      void loadUnsent(userId)
        .then((loaded) => {
          if (isCurrent) setUnsent(loaded);
        })
        .catch(() => undefined);
    load();
    window.addEventListener(UNSENT_RECOUNT_EVENT, load);
    return () => {
      isCurrent = false;
      window.removeEventListener(UNSENT_RECOUNT_EVENT, load);
    };
  }, [userId]);

  // Come from the header's link: the list is drawn after the page, so the browser could not scroll to it.
  useEffect(() => {
    if (unsent?.length && location.hash === "#not-saved") {
      headingRef.current?.scrollIntoView({ block: "start" });
      headingRef.current?.focus();
    }
  }, [unsent]);

  if (!unsent || (unsent.length === 0 && !hasDiscarded)) return null;

  async function copy(item: Unsent) {
    try {
      await navigator.clipboard.writeText(wordsToCopy(item));
      setMessage("Copied.");
    } catch {
      setMessage("Could not copy: select the words and copy them yourself.");
    }
  }

  async function discard(item: Unsent) {
    const { updateOutbox } = await import("./offline-db");
    await updateOutbox(item.key, (entries) => entries.filter((entry) => entry.token !== item.entry.token));
    setUnsent((current) => current?.filter((other) => other.entry.token !== item.entry.token) ?? null);
    setHasDiscarded(true);
    setMessage("Discarded.");
    window.dispatchEvent(new Event(UNSENT_RECOUNT_EVENT));
    headingRef.current?.focus();
  }

  const refusedCount = unsent.filter((item) => item.entry.refused).length;
  return (
    <section
      id="not-saved"
      className={refusedCount > 0 ? "panel unsent-changes unsent-changes--refused" : "panel unsent-changes"}
      aria-labelledby={headingId}
    >
      <h2 id={headingId} ref={headingRef} tabIndex={-1}>
        {unsent.length === 0
          ? "Not saved on this device: nothing now"
          : `${refusedCount > 0 ? "Not saved" : "Waiting to be sent"}: ${unsent.length === 1 ? "1 change" : `${unsent.length} changes`} on this device only`}
      </h2>
      <p hidden={unsent.length === 0}>
        {refusedCount > 0 ? "The server could not take those marked “Refused”: copy their words to keep them, then discard them. " : null}
        {refusedCount < unsent.length ? "Those waiting are sent as soon as you are online, from any page. " : null}
        Signing out deletes them from this device.
      </p>
      <ul className="unsent-changes__list">
        {unsent.map((item) => (
          <li key={item.entry.token} className="unsent-changes__item">
            <p className="unsent-changes__what">
              {describeChange(item.entry)} on{" "}
              {/* A reading that no longer opens to its reader is named, not linked: the link would only say "not found". */}
              {isClosedReading(item.entry) ? (
                <cite>{item.title}</cite>
              ) : (
                <a href={`/read/${encodeURIComponent(item.slug)}`}>{item.title}</a>
              )}
            </p>
            {quoteOf(item.entry) ? <blockquote className="unsent-changes__quote">{quoteOf(item.entry)}</blockquote> : null}
            {wordsOf(item.entry) ? <p className="unsent-changes__words">{wordsOf(item.entry)}</p> : null}
            <p className={item.entry.refused ? "unsent-changes__why unsent-changes__why--refused" : "unsent-changes__why"}>
              {item.entry.refused ? `Refused: ${item.entry.refused.message}` : "Waiting to be sent."}
            </p>
            <div className="unsent-changes__actions">
              {wordsToCopy(item) ? (
                <button type="button" className="button button--small" onClick={() => void copy(item)}>
                  Copy
                </button>
              ) : null}
              <button type="button" className="button button--small button--quiet" onClick={() => void discard(item)}>
                Discard
              </button>
            </div>
          </li>
        ))}
      </ul>
      <p role="status" className="visually-hidden">
        {message}
      </p>
    </section>
  );
}

async function loadUnsent(userId: string): Promise<Unsent[]> {
  const { readOutboxesOf, listKeptReadings } = await import("./offline-db");
  const [outboxes, kept] = await Promise.all([readOutboxesOf(userId), listKeptReadings(userId)]);
  const titles = new Map(kept.map((reading) => [reading.slug, reading.title]));
  return outboxes.flatMap(({ key, slug, title, entries }) =>
    entries.map((entry) => ({ key, slug, title: title ?? titles.get(slug) ?? slug, entry })),
  );
}

function isClosedReading(entry: OutboxEntry): boolean {
  return entry.refused?.message === CLOSED_READING;
}

function describeChange(entry: OutboxEntry): string {
  if (entry.kind === "create") return entry.input.body ? "A note" : "A highlight";
  if (entry.kind === "reply") return "A reply";
  if (entry.kind === "update") return entry.patch.body !== undefined ? "An edit" : "A change to a note";
  return "A delete";
}

function quoteOf(entry: OutboxEntry): string {
  const quote =
    entry.kind === "create" ? entry.optimistic.target?.selector.find((selector) => selector.type === "TextQuoteSelector") : null;
  return quote && "exact" in quote ? quote.exact : "";
}

function wordsOf(entry: OutboxEntry): string {
  if (entry.kind === "create") return entry.input.body ?? "";
  if (entry.kind === "reply") return entry.body;
  if (entry.kind === "update") return entry.patch.body ?? "";
  return "";
}

/** The quote (as a Markdown quote) and the words, as a reader would paste them elsewhere. */
function wordsToCopy({ entry }: Unsent): string {
  const quote = quoteOf(entry);
  const words = wordsOf(entry);
  return [quote && `> ${quote.replace(/\n/g, "\n> ")}`, words].filter(Boolean).join("\n\n");
}
