"use client";
import Link from "next/link";
import { useEffect, useId, useMemo, useState } from "react";
import { MarkdownBody } from "@/components/annotations/markdown-body";
import { RelativeTime } from "@/components/annotations/relative-time";
import { useIsInteractive } from "@/components/common/use-is-interactive";
import { describeColor, HIGHLIGHT_COLORS, type HighlightColor } from "@/lib/annotations/colors";
import { VISIBILITIES, VISIBILITY_LABELS, type Visibility } from "@/lib/annotations/scopes";
import { noteSearchText, type NoteItem } from "@/lib/annotations/note-items";
import { searchFold } from "@/lib/text/search-fold";
import { readingLabels, type LabelledReading } from "@/lib/documents/reading-labels";
import { countTags, hasTag, tagKey } from "@/lib/annotations/tag-key";
import { TagList } from "@/components/annotations/tag-list";

/** `isOpen: false`: a reading the reader can no longer open (unshared, deleted, or a group left); their notes on it are still theirs. */
export type NoteDocument = LabelledReading & { author: string | null; isOpen?: boolean };

type Note = NoteItem & { document: NoteDocument };

type Props = {
  documents: { document: NoteDocument; notes: NoteItem[] }[];
  colorLabels: Partial<Record<HighlightColor, string>>;
};

/** Cards drawn at first and added per "Show more": someone with thousands of notes gets a page that opens at once. */
const NOTES_SHOWN_AT_ONCE = 100;

type Filter = {
  query: string;
  slug: string;
  color: HighlightColor | "";
  tag: string;
  visibility: Visibility | "";
  from: string;
  to: string;
};
const NO_FILTER: Filter = { query: "", slug: "", color: "", tag: "", visibility: "", from: "", to: "" };

/** "My notes": everything I wrote, searchable as I type, newest first or by document. */
export function NotesBrowser({ documents, colorLabels }: Props) {
  const id = useId();
  const [filter, setFilter] = useState<Filter>(NO_FILTER);
  const [order, setOrder] = useState<"newest" | "document">("newest");
  // The search and filters wait for the page's script: one set while it hydrates would be put back.
  const isInteractive = useIsInteractive();
  const [limit, setLimit] = useState(NOTES_SHOWN_AT_ONCE);
  // A new search, filter or order starts again from the first cards.
  const set = (patch: Partial<Filter>) => {
    setFilter((current) => ({ ...current, ...patch }));
    setLimit(NOTES_SHOWN_AT_ONCE);
  };
  const orderBy = (next: "newest" | "document") => {
    setOrder(next);
    setLimit(NOTES_SHOWN_AT_ONCE);
  };

  const all: Note[] = useMemo(() => documents.flatMap(({ document, notes }) => notes.map((note) => ({ ...note, document }))), [documents]);
  const tagCounts = useMemo(() => countTags(all.map((note) => note.tags)).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])), [all]);

  const documentLabels = useMemo(() => readingLabels(documents.map(({ document }) => document)), [documents]);
  const searchTexts = useMemo(() => new Map(all.map((note) => [note.id, noteSearchText(note)])), [all]);

  const shown = useMemo(() => {
    const query = searchFold(filter.query.trim());
    const matches = all.filter((note) => {
      if (filter.slug && note.document.slug !== filter.slug) return false;
      if (filter.color && note.color !== filter.color) return false;
      if (filter.tag && !hasTag(note.tags, filter.tag)) return false;
      if (filter.visibility && note.visibility !== filter.visibility) return false;
      // The reader's own day, as the card shows it (a note written at 02:00 in Tokyo is of that day, not UTC's day before).
      const day = filter.from || filter.to ? localDay(note.createdAt) : "";
      if (filter.from && day < filter.from) return false;
      if (filter.to && day > filter.to) return false;
      if (!query) return true;
      return searchTexts.get(note.id)!.includes(query);
    });
    return order === "newest" ? [...matches].sort((a, b) => b.createdAt.localeCompare(a.createdAt)) : matches;
  }, [all, searchTexts, filter, order]);

  const drawn = useMemo(() => shown.slice(0, limit), [shown, limit]);
  const groups = useMemo(() => {
    if (order === "newest") return [{ document: null, notes: drawn }];
    return documents
      .map(({ document }) => ({ document, notes: drawn.filter((note) => note.document.slug === document.slug) }))
      .filter((group) => group.notes.length > 0);
  }, [documents, order, drawn]);
  const more = Math.min(NOTES_SHOWN_AT_ONCE, shown.length - drawn.length);

  return (
    <div className="notes">
      <div className="notes__controls">
        <div className="field notes__search">
          <label htmlFor={`${id}-q`}>Search my notes</label>
          <input
            id={`${id}-q`}
            type="search"
            value={filter.query}
            onChange={(event) => set({ query: event.target.value })}
            placeholder="Words from a quote, a note or a tag"
            disabled={!isInteractive}
          />
        </div>
        <fieldset className="notes__order" disabled={!isInteractive}>
          <legend className="field__label">Order</legend>
          <label>
            <input type="radio" name={`${id}-order`} checked={order === "newest"} onChange={() => orderBy("newest")} /> Newest first
          </label>
          <label>
            <input type="radio" name={`${id}-order`} checked={order === "document"} onChange={() => orderBy("document")} /> By document, in
            reading order
          </label>
        </fieldset>
        <div className="notes__filters">
          <div className="field field--compact">
            <label htmlFor={`${id}-doc`}>Document</label>
            <select id={`${id}-doc`} disabled={!isInteractive} value={filter.slug} onChange={(event) => set({ slug: event.target.value })}>
              <option value="">All documents</option>
              {documents.map(({ document }) => (
                <option key={document.slug} value={document.slug}>
                  {documentLabels.get(document.slug)}
                </option>
              ))}
            </select>
          </div>
          <div className="field field--compact">
            <label htmlFor={`${id}-color`}>Colour</label>
            <select
              id={`${id}-color`}
              disabled={!isInteractive}
              value={filter.color}
              onChange={(event) => set({ color: event.target.value as HighlightColor | "" })}
            >
              <option value="">Any colour</option>
              {HIGHLIGHT_COLORS.map((color) => (
                <option key={color} value={color}>
                  {describeColor(color, colorLabels)}
                </option>
              ))}
            </select>
          </div>
          <div className="field field--compact">
            <label htmlFor={`${id}-scope`}>Who can see it</label>
            <select
              id={`${id}-scope`}
              disabled={!isInteractive}
              value={filter.visibility}
              onChange={(event) => set({ visibility: event.target.value as Visibility | "" })}
            >
              <option value="">Any audience</option>
              {VISIBILITIES.map((visibility) => (
                <option key={visibility} value={visibility}>
                  {VISIBILITY_LABELS[visibility]}
                </option>
              ))}
            </select>
          </div>
          {/* From and To, side by side wherever the row breaks (a pair, never one left alone). */}
          <div className="notes__dates">
            <div className="field field--compact">
              <label htmlFor={`${id}-from`}>From</label>
              <input
                id={`${id}-from`}
                type="date"
                disabled={!isInteractive}
                value={filter.from}
                onChange={(event) => set({ from: event.target.value })}
              />
            </div>
            <div className="field field--compact">
              <label htmlFor={`${id}-to`}>To</label>
              <input
                id={`${id}-to`}
                type="date"
                disabled={!isInteractive}
                value={filter.to}
                onChange={(event) => set({ to: event.target.value })}
              />
            </div>
          </div>
        </div>
        {tagCounts.length > 0 && (
          <div className="notes__tags">
            <h2 className="field__label">Tags</h2>
            <ul className="tag-list">
              {tagCounts.map(([tag, count]) => (
                <li key={tag}>
                  <button
                    type="button"
                    className={`tag tag--button${isSameTag(filter.tag, tag) ? " tag--active" : ""}`}
                    aria-pressed={isSameTag(filter.tag, tag)}
                    onClick={() => set({ tag: isSameTag(filter.tag, tag) ? "" : tag })}
                    disabled={!isInteractive}
                  >
                    {tag} <span className="tag__count">({count})</span>
                  </button>
                </li>
              ))}
            </ul>
          </div>
        )}
      </div>

      <p className="notes__count" role="status">
        <SettledText
          text={
            (shown.length === all.length
              ? `${all.length} ${all.length === 1 ? "note" : "notes"}`
              : `Showing ${shown.length} of ${all.length} notes`) +
            (drawn.length < shown.length ? ` (the first ${drawn.length} below)` : "")
          }
        />
      </p>
      {all.length === 0 && (
        <p>
          You have no notes yet. Open a document in the <Link href="/">library</Link> and select some text.
        </p>
      )}
      {all.length > 0 && shown.length === 0 && (
        <div className="notes__empty">
          <p>
            No notes match{filter.query.trim() ? ` “${filter.query.trim()}”` : ""}
            {Object.entries(filter).some(([key, value]) => key !== "query" && value) ? " with these filters" : ""}.
          </p>
          <button
            type="button"
            className="button button--small"
            disabled={!isInteractive}
            onClick={() => {
              setFilter(NO_FILTER);
              document.getElementById(`${id}-q`)?.focus();
            }}
          >
            Clear search and filters
          </button>
        </div>
      )}
      {shown.length > 0 &&
        groups.map((group) => (
          <section key={group.document?.slug ?? "all"} aria-label={group.document?.title ?? "Notes"}>
            {group.document && <h2 className="notes__document">{group.document.title}</h2>}
            {group.document?.isOpen === false && <p className="notes__closed">{CLOSED_READING}</p>}
            <ol className="notes__list">
              {group.notes.map((note) => (
                <li key={note.id} className="note-card">
                  <blockquote className={`note-card__quote swatch--${note.color ?? "yellow"}`} dir="auto">
                    {note.quote}
                  </blockquote>
                  {note.body && <MarkdownBody html={note.bodyHtml} />}
                  <div className="annotation-card__meta">
                    {order === "newest" && <span className="note-card__document">{note.document.title}</span>}
                    <RelativeTime iso={note.createdAt} />
                    {note.color && <span>{describeColor(note.color, colorLabels)}</span>}
                    <span>{VISIBILITY_LABELS[note.visibility]}</span>
                    {note.needsNewPlace && <span className="note-card__unplaced">Needs a new place</span>}
                  </div>
                  <TagList tags={note.tags} />
                  <p className="note-card__open">
                    {note.document.isOpen === false ? (
                      // Said on the card too: sorted by newest, the card stands under no heading of its reading.
                      <span className="note-card__closed">You can no longer open this reading</span>
                    ) : (
                      // Every card has this link: a screen reader's list of links says which note each opens.
                      <Link
                        href={`/read/${note.document.slug}?annotation=${note.id}`}
                        aria-label={`Open in the text: “${shortQuote(note.quote)}”`}
                      >
                        Open in the text
                      </Link>
                    )}
                  </p>
                </li>
              ))}
            </ol>
          </section>
        ))}
      {more > 0 && (
        <p className="notes__more">
          <button
            type="button"
            className="button button--small"
            disabled={!isInteractive}
            onClick={() => setLimit((current) => current + NOTES_SHOWN_AT_ONCE)}
          >
            Show {more} more
          </button>
        </p>
      )}
    </div>
  );
}

const CLOSED_READING =
  "You can no longer open this reading: its owner stopped sharing it with you or deleted it, or you left the group it is shared with. Your notes on it stay yours, here and in your exports.";

/** "2026-12-06": the day of `iso` in the browser's time zone, as the date fields give theirs. Only in the browser (the filters start empty). */
function localDay(iso: string): string {
  const date = new Date(iso);
  const pad = (value: number) => String(value).padStart(2, "0");
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

const isSameTag = (chosen: string, tag: string) => chosen !== "" && tagKey(chosen) === tagKey(tag);

/** The opening words of a quote, to tell one note's link from the next. */
function shortQuote(quote: string): string {
  const words = quote.split(/\s+/).filter(Boolean);
  return words.length > 8 ? `${words.slice(0, 8).join(" ")}…` : words.join(" ");
}

/** How long a count waits for the typing to stop before it changes (and is announced). */
const SETTLE_MS = 500;

/**
 * Text in a live region that changes once it has stopped changing: a search typed letter by letter
 * was announced at every keystroke ("Showing 24…", "21…", "15…", "9 of 26 notes"; an independent
 * check with a screen reader), and is now announced once, as it stands.
 */
function SettledText({ text }: { text: string }) {
  const [settled, setSettled] = useState(text);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(text), SETTLE_MS);
    return () => clearTimeout(timer);
  }, [text]);
  return settled;
}
