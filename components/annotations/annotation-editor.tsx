"use client";
import { useEffect, useId, useRef, useState } from "react";
import { describeColor, type HighlightColor } from "@/lib/annotations/colors";
import { MAX_BODY_LENGTH, MAX_TAG_LENGTH, MAX_TAGS } from "@/lib/annotations/limits";
import { parseScopeKey, scopeChoices, type ReaderGroup } from "@/lib/annotations/scopes";
import { completeMention, findUnmatchedMentions, type MentionCandidate } from "@/lib/notifications/find-mentions";
import { ColorChoice } from "./color-choice";
import { MentionTextarea } from "./mention-textarea";
import { MentionWarning, withoutWord } from "./mention-warning";
import { QuoteWordsPicker } from "./quote-words-picker";

/**
 * `visibility` is a scope key: "private", "everyone", "group:<id>" or "instructors:<id>"; "" until
 * the reader chooses. `mentions`: the ids of members chosen from the @ list.
 */
export type EditorValues = { body: string; tags: string[]; color: HighlightColor; visibility: string; mentions: string[] };

/** By scope key, who a note there can mention (server/authz/mentions.ts). */
export type Mentionable = Readonly<Record<string, readonly MentionCandidate[]>>;

type Props = {
  heading: string;
  quote: string | null;
  initial: EditorValues;
  colorLabels: Partial<Record<HighlightColor, string>>;
  /** The reader's groups, for "Who can see this". */
  groups: readonly ReaderGroup[];
  mentionable: Mentionable;
  /** Where unsaved text is kept while typing, so a reload or a crash does not lose it. */
  draftKey: string;
  /** A new annotation's passage, whose words the reader can narrow or widen here (absent when editing). */
  passage?: {
    text: string;
    start: number;
    end: number;
    bounds: { start: number; end: number };
    onChange: (start: number, end: number) => void;
  };
  /** The colour chosen here, as it changes (the passage's draft highlight shows it; a restored draft's too). */
  onColorChange?: (color: HighlightColor) => void;
  /** Said before the comment when saving new words would hand the note in again after an assignment's due time. */
  lateNotice?: string | null;
  onSave: (values: EditorValues) => void;
  onCancel: () => void;
};

export function parseTags(input: string): string[] {
  return input
    .split(",")
    .map((tag) => tag.trim())
    .filter(Boolean);
}

/** Writing or editing an annotation: comment (Markdown), tags, colour, who can see it. */
export function AnnotationEditor({
  heading,
  quote,
  initial,
  colorLabels,
  groups,
  mentionable,
  draftKey,
  passage,
  onColorChange,
  lateNotice,
  onSave,
  onCancel,
}: Props) {
  const id = useId();
  const [values, setValues] = useState<EditorValues>(() => ({ ...initial, ...restoreDraft(draftKey) }));
  const [tagInput, setTagInput] = useState(values.tags.join(", "));
  const [error, setError] = useState<string | null>(null);
  const [tagError, setTagError] = useState<string | null>(null);
  // Shown once per set of unmatched "@words": saving again keeps them as plain text.
  const [mentionWarning, setMentionWarning] = useState<readonly string[] | null>(null);
  const tagsRef = useRef<HTMLInputElement>(null);
  const [scopeError, setScopeError] = useState<string | null>(null);
  // Asked once: a reader in several groups who has not chosen yet starts with no scope at all.
  const [isAskingScope] = useState(() => initial.visibility === "");
  const bodyRef = useRef<HTMLTextAreaElement>(null);
  const scopeRef = useRef<HTMLSelectElement>(null);

  // The caret after what is there (an edit, a draft), as in other comment boxes: at its start, typing went before it.
  useEffect(() => {
    bodyRef.current?.focus();
    bodyRef.current?.setSelectionRange(1e9, 1e9);
  }, []);
  useEffect(() => onColorChange?.(values.color), [onColorChange, values.color]);
  useEffect(() => {
    try {
      localStorage.setItem(draftKey, JSON.stringify({ ...values, tags: parseTags(tagInput) }));
    } catch {
      // Without storage the editor still works; only crash-safety is lost.
    }
  }, [draftKey, values, tagInput]);

  function submit(event?: React.FormEvent) {
    event?.preventDefault();
    const tags = parseTags(tagInput);
    if (values.body.length > MAX_BODY_LENGTH)
      return setError(`The comment is too long: at most ${MAX_BODY_LENGTH.toLocaleString("en")} characters.`);
    const candidates = mentionable[values.visibility] ?? [];
    const unmatched = findUnmatchedMentions(
      values.body,
      candidates.map((candidate) => candidate.name),
    );
    if (unmatched.length > 0 && mentionWarning?.join(" ") !== unmatched.join(" ")) {
      setMentionWarning(unmatched);
      return bodyRef.current?.focus();
    }
    if (tags.length > MAX_TAGS) return showTagError(`At most ${MAX_TAGS} tags.`);
    const longTag = tags.find((tag) => tag.length > MAX_TAG_LENGTH);
    if (longTag) return showTagError(`A tag can be at most ${MAX_TAG_LENGTH} characters: “${longTag.slice(0, 20)}…”.`);
    if (!parseScopeKey(values.visibility)) {
      setScopeError("Choose who can see this note.");
      return scopeRef.current?.focus();
    }
    clearDraft(draftKey);
    const chosen = new Set(values.mentions);
    onSave({ ...values, tags, mentions: candidates.filter((candidate) => chosen.has(candidate.id)).map((candidate) => candidate.id) });
  }

  function showTagError(message: string) {
    setTagError(message);
    tagsRef.current?.focus();
  }

  function cancel() {
    clearDraft(draftKey);
    onCancel();
  }

  return (
    <form
      method="post"
      className="annotation-editor"
      aria-labelledby={`${id}-heading`}
      onSubmit={submit}
      onKeyDown={(event) => {
        if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) submit(event);
        if (event.key === "Escape") {
          event.stopPropagation();
          // A key pressed to close a list or a menu, one press too many, must not cost the words:
          // Escape closes the editor and keeps them for its next opening (Cancel discards them).
          onCancel();
        }
      }}
    >
      <h2 id={`${id}-heading`} className="annotation-editor__heading">
        {heading}
      </h2>
      {/* A long passage scrolls in its box (the comment stays in view): focusable, so a keyboard can scroll it too. */}
      {quote && (
        <blockquote className="annotation-quote" dir="auto" tabIndex={0} role="region" aria-label="Quoted passage">
          {quote}
        </blockquote>
      )}
      {passage && <QuoteWordsPicker {...passage} />}
      {lateNotice && (
        <p id={`${id}-late`} className="annotation-editor__late">
          {lateNotice}
        </p>
      )}
      <div className="field">
        <label htmlFor={`${id}-body`}>Comment</label>
        <MentionTextarea
          id={`${id}-body`}
          textareaRef={bodyRef}
          rows={4}
          value={values.body}
          aria-invalid={mentionWarning ? true : undefined}
          aria-describedby={`${id}-body-hint${lateNotice ? ` ${id}-late` : ""}${mentionWarning ? ` ${id}-body-error` : ""}`}
          candidates={mentionable[values.visibility] ?? []}
          onMention={(member) => setValues((current) => ({ ...current, mentions: [...current.mentions, member.id] }))}
          onChange={(body) => {
            setMentionWarning(null);
            setValues((current) => ({ ...current, body }));
          }}
        />
        <span id={`${id}-body-hint`} className="field__hint">
          Markdown works: **bold**, *italic*, [links](https://…).
          {/* Only where someone could be told: a private note has nobody to mention. */}
          {(mentionable[values.visibility]?.length ?? 0) > 0 && " Type @ to mention someone."}
          <span className="keyboard-only"> Ctrl+Enter saves.</span>
        </span>
        <span role="alert">
          {mentionWarning && (
            <MentionWarning
              id={`${id}-body-error`}
              words={mentionWarning}
              candidates={mentionable[values.visibility] ?? []}
              audience="note"
              submitVerb="Save"
              onComplete={(word, member) => {
                setValues((current) => ({
                  ...current,
                  body: completeMention(current.body, word, member.name),
                  mentions: [...current.mentions, member.id],
                }));
                setMentionWarning((current) => withoutWord(current, word));
                bodyRef.current?.focus();
              }}
            />
          )}
        </span>
      </div>
      <div className="field">
        <label htmlFor={`${id}-tags`}>Tags</label>
        <input
          id={`${id}-tags`}
          ref={tagsRef}
          value={tagInput}
          onChange={(event) => {
            setTagError(null);
            setTagInput(event.target.value);
          }}
          aria-invalid={tagError ? true : undefined}
          aria-describedby={`${id}-tags-hint${tagError ? ` ${id}-tags-error` : ""}`}
        />
        <span id={`${id}-tags-hint`} className="field__hint">
          Separate tags with commas.
        </span>
        <span role="alert">
          {tagError && (
            <span id={`${id}-tags-error`} className="field__error">
              {tagError}
            </span>
          )}
        </span>
      </div>
      <div className="field">
        <span className="field__label" id={`${id}-color`}>
          Colour
        </span>
        <ColorChoice
          name={`${id}-color-choice`}
          value={values.color}
          labels={colorLabels}
          onChange={(color) => setValues({ ...values, color })}
        />
        <p className="color-meaning" aria-hidden="true">
          {describeColor(values.color, colorLabels)}
        </p>
      </div>
      <div className="field">
        <label htmlFor={`${id}-visibility`}>Who can see this</label>
        <select
          id={`${id}-visibility`}
          ref={scopeRef}
          value={values.visibility}
          aria-invalid={scopeError ? true : undefined}
          aria-describedby={isAskingScope ? `${id}-visibility-hint` : undefined}
          onChange={(event) => {
            setScopeError(null);
            setValues({ ...values, visibility: event.target.value });
          }}
        >
          {values.visibility === "" && (
            <option value="" disabled>
              Choose…
            </option>
          )}
          {scopeChoices(groups).map((choice) => (
            <option key={choice.key} value={choice.key}>
              {choice.label}
            </option>
          ))}
        </select>
        {isAskingScope && (
          <span id={`${id}-visibility-hint`} className="field__hint">
            You are in {groups.length} groups: choose where this goes. Your next notes start there.
          </span>
        )}
        <span role="alert">{scopeError && <span className="field__error">{scopeError}</span>}</span>
      </div>
      <div role="alert">{error && <p className="field__error">{error}</p>}</div>
      <div className="annotation-editor__actions">
        <button type="submit" className="button">
          Save
        </button>
        <button type="button" className="button button--quiet" onClick={cancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}

function restoreDraft(key: string): Partial<EditorValues> | null {
  try {
    const stored = localStorage.getItem(key);
    return stored ? (JSON.parse(stored) as Partial<EditorValues>) : null;
  } catch {
    return null;
  }
}

function clearDraft(key: string) {
  try {
    localStorage.removeItem(key);
  } catch {
    // nothing to clear
  }
}

/**
 * "Move the highlight here", for a keyboard: in move mode ("Move highlight", "Give it a new place")
 * a paragraph's button opens this instead of a new note, its words narrowed as a new note's are,
 * then Move here. Without it, a reader without a mouse or caret browsing could start a move and
 * never finish it (an independent check). Escape or "Not here" closes it; the move goes on.
 */
export function MovePlaceForm({
  passage,
  onMove,
  onCancel,
}: {
  passage: NonNullable<Props["passage"]>;
  onMove: () => void;
  onCancel: () => void;
}) {
  const id = useId();
  const formRef = useRef<HTMLFormElement>(null);
  // On the words to choose, or (a one-word paragraph has no choice) on Move here.
  useEffect(() => formRef.current?.querySelector<HTMLElement>("input, button[type=submit]")?.focus(), []);
  return (
    <form
      ref={formRef}
      method="post"
      className="annotation-editor"
      aria-labelledby={`${id}-heading`}
      onSubmit={(event) => {
        event.preventDefault();
        onMove();
      }}
      onKeyDown={(event) => {
        if (event.key !== "Escape") return;
        event.stopPropagation();
        onCancel();
      }}
    >
      <h2 id={`${id}-heading`} className="annotation-editor__heading">
        Move the highlight here
      </h2>
      <blockquote className="annotation-quote" dir="auto" tabIndex={0} role="region" aria-label="Its new passage">
        {passage.text.slice(passage.start, passage.end)}
      </blockquote>
      <QuoteWordsPicker {...passage} />
      <div className="annotation-editor__actions">
        <button type="submit" className="button">
          Move here
        </button>
        <button type="button" className="button button--quiet" onClick={onCancel}>
          Not here
        </button>
      </div>
    </form>
  );
}
