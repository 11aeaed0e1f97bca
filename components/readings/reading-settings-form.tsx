"use client";

import { useRouter } from "next/navigation";
import { useRef, useState, type FormEvent, type KeyboardEvent } from "react";
import { flushSync } from "react-dom";
import { errorMessage } from "@/components/api/api-client";
import { readingsApi } from "@/components/api/readings-api";
import type { ReadingDetails } from "@/lib/documents/schemas";
import { useIsInteractive } from "@/components/common/use-is-interactive";

type Props = { reading: ReadingDetails; groups: { id: string; name: string }[] };

/** The owner's settings for a reading: title, author, language, source, publication date, who can read it. */
export function ReadingSettingsForm({ reading, groups }: Props) {
  const router = useRouter();
  const [title, setTitle] = useState(reading.title);
  const [author, setAuthor] = useState(reading.author ?? "");
  const [language, setLanguage] = useState(reading.language ?? "");
  const [sourceUrl, setSourceUrl] = useState(reading.sourceUrl ?? "");
  // A date input holds YYYY-MM-DD; the stored time of day (midnight UTC for a date) is not shown.
  const [publishedAt, setPublishedAt] = useState(reading.publishedAt?.slice(0, 10) ?? "");
  const [sharing, setSharing] = useState(reading.group ? `group:${reading.group.id}` : reading.visibility);
  const [message, setMessage] = useState<{ isError: boolean; text: string } | null>(null);
  const [isBusy, setIsBusy] = useState(false);
  // The settings this form was made against: the page's, or what this form's own last save made them.
  const [savedAt, setSavedAt] = useState(reading.updatedAt);
  const madeAgainst = savedAt > reading.updatedAt ? savedAt : reading.updatedAt;
  // Until the page's script runs the fields are disabled: what is typed or chosen while it hydrates would be lost.
  const isInteractive = useIsInteractive();

  async function onSave(event: FormEvent) {
    event.preventDefault();
    setIsBusy(true);
    setMessage(null);
    const [visibility, groupId] = sharing.startsWith("group:") ? (["group", sharing.slice(6)] as const) : ([sharing, null] as const);
    try {
      const saved = await readingsApi.update(reading.slug, {
        title,
        author: author.trim() || null,
        language: language.trim() || null,
        sourceUrl: sourceUrl.trim() || null,
        // Unchanged, the stored value (perhaps with a time of day) is kept as it is.
        ...(publishedAt !== (reading.publishedAt?.slice(0, 10) ?? "") && { publishedAt: publishedAt || null }),
        visibility: visibility as ReadingDetails["visibility"],
        groupId,
        ifUnmodifiedSince: madeAgainst,
      });
      setSavedAt(saved.updatedAt);
      setMessage({ isError: false, text: "Saved." });
      router.refresh();
    } catch (caught) {
      setMessage({ isError: true, text: errorMessage(caught) });
    } finally {
      setIsBusy(false);
    }
  }

  return (
    <form method="post" className="form" onSubmit={onSave}>
      <div role="status" aria-live="polite">
        {message ? <p className={message.isError ? "notice notice--error" : "notice"}>{message.text}</p> : null}
      </div>
      <div className="field">
        <label htmlFor="settings-title">Title</label>
        <input
          id="settings-title"
          dir="auto"
          disabled={!isInteractive}
          value={title}
          required
          onChange={(event) => setTitle(event.target.value)}
        />
      </div>
      <div className="field">
        <label htmlFor="settings-author">Author</label>
        <input
          id="settings-author"
          dir="auto"
          disabled={!isInteractive}
          value={author}
          onChange={(event) => setAuthor(event.target.value)}
        />
      </div>
      <div className="field">
        <label htmlFor="settings-language">Language</label>
        <input id="settings-language" disabled={!isInteractive} value={language} onChange={(event) => setLanguage(event.target.value)} />
      </div>
      <div className="field">
        <label htmlFor="settings-source">Source address</label>
        <input
          id="settings-source"
          disabled={!isInteractive}
          type="url"
          value={sourceUrl}
          placeholder="https://"
          onChange={(event) => setSourceUrl(event.target.value)}
        />
      </div>
      <div className="field">
        <label htmlFor="settings-published">Published</label>
        <input
          id="settings-published"
          disabled={!isInteractive}
          type="date"
          value={publishedAt}
          onChange={(event) => setPublishedAt(event.target.value)}
        />
      </div>
      <div className="field">
        <label htmlFor="settings-sharing">Who can read it</label>
        <select id="settings-sharing" disabled={!isInteractive} value={sharing} onChange={(event) => setSharing(event.target.value)}>
          <option value="private">Only me</option>
          {groups.map((group) => (
            <option key={group.id} value={`group:${group.id}`}>
              {group.name}
            </option>
          ))}
          {reading.permissions.shareWithEveryone || reading.visibility === "public" ? <option value="public">Everyone</option> : null}
        </select>
      </div>
      <button className="button" type="submit" disabled={!isInteractive || isBusy}>
        Save changes
      </button>
    </form>
  );
}

/**
 * The owner's notes that deleting the reading takes, as readers count them: "your annotation",
 * "your 6 annotations and the 3 replies in them" (and "with your 6 annotations…" on its button);
 * replies alone when only deleted notes' placeholders hold them; null when none.
 */
function describeOwnNotes(annotationCount: number, replyCount: number): string | null {
  const replies = replyCount === 1 ? "1 reply" : `${replyCount} replies`;
  if (annotationCount === 0) return replyCount === 0 ? null : `the ${replies} in your deleted annotations`;
  const annotations = annotationCount === 1 ? "your annotation" : `your ${annotationCount} annotations`;
  return replyCount === 0 ? annotations : `${annotations} and the ${replies} in ${annotationCount === 1 ? "it" : "them"}`;
}

/** What stays when others have written on it: their annotations are theirs, the reading closes to everyone. */
function describeKeptNotes(keptCount: number): string | null {
  if (keptCount === 0) return null;
  const theirs =
    keptCount === 1
      ? "The annotation someone else wrote on it stays theirs"
      : `The ${keptCount} annotations others wrote on it stay theirs`;
  return `${theirs}, in their My notes and exports, but the reading will open for no one, you included.`;
}

/** Deleting the reading with the owner's annotations on it: last on the page, asked twice, with the way to keep a copy first. */
export function DeleteReadingSection({ reading }: { reading: ReadingDetails }) {
  const router = useRouter();
  const [isConfirming, setIsConfirming] = useState(false);
  const [isBusy, setIsBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const ownNotes = describeOwnNotes(reading.annotationCount ?? 0, reading.replyCount ?? 0);
  const keptNotes = describeKeptNotes(reading.keptAnnotationCount ?? 0);
  const deleteButton = useRef<HTMLButtonElement>(null);
  const keepButton = useRef<HTMLButtonElement>(null);
  // A modal <dialog>: the page behind it is inert and announced as such (it was a role="alertdialog"
  // <div>, and Tab from "Keep it" went on into the page; an independent keyboard check).
  const dialog = useRef<HTMLDialogElement>(null);
  // Focus goes into the question, on its safe answer.
  function ask() {
    flushSync(() => {
      setIsConfirming(true);
      setError(null);
    });
    dialog.current?.showModal();
    keepButton.current?.focus();
  }
  // Closed by "Keep it" or Escape alike: focus goes back to the button that asked. The close event
  // comes a task after the closing: asked again meanwhile (Enter on "Keep it", then at once on the
  // button focus went back to), the dialog is open again, and that late event is not about it (it
  // took the new question away; CI's keyboard test once pressed that fast).
  function onClosed() {
    if (dialog.current?.open) return;
    setIsConfirming(false);
    deleteButton.current?.focus();
  }
  // Tab past its last control or Shift+Tab before its first goes round within it: a modal dialog
  // otherwise lets focus leave the page for the browser's own controls, and the page says <body>.
  function keepFocusIn(event: KeyboardEvent<HTMLDialogElement>) {
    if (event.key !== "Tab") return;
    const controls = [...event.currentTarget.querySelectorAll<HTMLElement>("a[href], button")];
    const [first, last] = [controls[0], controls[controls.length - 1]];
    if (event.shiftKey ? document.activeElement === first : document.activeElement === last) {
      event.preventDefault();
      (event.shiftKey ? last : first).focus();
    }
  }

  async function onDelete() {
    if (isBusy) return;
    setIsBusy(true);
    setError(null);
    try {
      await readingsApi.remove(reading.slug);
      router.push("/?filter=mine");
    } catch (caught) {
      setError(errorMessage(caught));
      setIsBusy(false);
    }
  }

  return (
    <section className="danger-zone" aria-labelledby="delete-reading">
      <h2 id="delete-reading">Delete this reading</h2>
      {/* Stays in its place under the dialog, for focus to come back to. */}
      <button className="button button--danger" type="button" ref={deleteButton} onClick={ask}>
        Delete reading…
      </button>
      {isConfirming ? (
        <dialog
          ref={dialog}
          className="danger-zone__dialog"
          role="alertdialog"
          aria-labelledby="delete-reading-question"
          onClose={onClosed}
          onKeyDown={keepFocusIn}
        >
          <p id="delete-reading-question">
            Delete “{reading.title}”{ownNotes ? ` with ${ownNotes}` : ""}? This cannot be undone.{keptNotes ? ` ${keptNotes}` : ""}{" "}
            <a href={`/api/documents/${reading.slug}/export`}>Export the annotations first</a>.
          </p>
          {/* In the dialog: the page behind it is inert while it is open, its live regions unheard. */}
          <div role="status" aria-live="polite">
            {error ? <p className="notice notice--error">{error}</p> : null}
          </div>
          {/* Marked busy, not disabled: a failed delete leaves focus on it, beside its error. */}
          <button className="button button--danger" type="button" onClick={onDelete} aria-disabled={isBusy}>
            Delete the reading{ownNotes ? ` with ${ownNotes}` : ""}
          </button>{" "}
          <button className="button button--quiet" type="button" ref={keepButton} onClick={() => dialog.current?.close()}>
            Keep it
          </button>
        </dialog>
      ) : null}
    </section>
  );
}
