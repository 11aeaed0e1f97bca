"use client";
import { useEffect, useId, useRef, useState } from "react";
import type { HighlightColor } from "@/lib/annotations/colors";
import { MAX_BODY_LENGTH, MAX_TAG_LENGTH, MAX_TAGS } from "@/lib/annotations/limits";
import { parseScopeKey, scopeChoices, type ReaderGroup } from "@/lib/annotations/scopes";
import { ColorChoice } from "./color-choice";

/** `visibility` is a scope key: "private", "everyone", "group:<id>" or "instructors:<id>"; "" until the reader chooses. */
export type EditorValues = { body: string; tags: string[]; color: HighlightColor; visibility: string };

type Props = {
  heading: string;
  quote: string | null;
  initial: EditorValues;
  colorLabels: Partial<Record<HighlightColor, string>>;
  /** The reader's groups, for "Who can see this". */
  groups: readonly ReaderGroup[];
  /** Where unsaved text is kept while typing, so a reload or a crash does not lose it. */
  draftKey: string;
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
export function AnnotationEditor({ heading, quote, initial, colorLabels, groups, draftKey, onSave, onCancel }: Props) {
  const id = useId();
  const [values, setValues] = useState<EditorValues>(() => restoreDraft(draftKey) ?? initial);
  const [tagInput, setTagInput] = useState(values.tags.join(", "));
  const [error, setError] = useState<string | null>(null);
  const [scopeError, setScopeError] = useState<string | null>(null);
  // Asked once: a reader in several groups who has not chosen yet starts with no scope at all.
  const [isAskingScope] = useState(() => initial.visibility === "");
  const bodyRef = useRef<HTMLTextAreaElement>(null);
  const scopeRef = useRef<HTMLSelectElement>(null);

  useEffect(() => bodyRef.current?.focus(), []);
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
    if (tags.length > MAX_TAGS) return setError(`At most ${MAX_TAGS} tags.`);
    const longTag = tags.find((tag) => tag.length > MAX_TAG_LENGTH);
    if (longTag) return setError(`A tag can be at most ${MAX_TAG_LENGTH} characters: “${longTag.slice(0, 20)}…”.`);
    if (!parseScopeKey(values.visibility)) {
      setScopeError("Choose who can see this note.");
      return scopeRef.current?.focus();
    }
    clearDraft(draftKey);
    onSave({ ...values, tags });
  }

  function cancel() {
    clearDraft(draftKey);
    onCancel();
  }

  return (
    <form
      className="annotation-editor"
      aria-labelledby={`${id}-heading`}
      onSubmit={submit}
      onKeyDown={(event) => {
        if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) submit(event);
        if (event.key === "Escape") {
          event.stopPropagation();
          cancel();
        }
      }}
    >
      <h2 id={`${id}-heading`} className="annotation-editor__heading">
        {heading}
      </h2>
      {quote && <blockquote className="annotation-quote">{quote}</blockquote>}
      <div className="field">
        <label htmlFor={`${id}-body`}>Comment</label>
        <textarea
          id={`${id}-body`}
          ref={bodyRef}
          rows={4}
          value={values.body}
          aria-describedby={`${id}-body-hint`}
          onChange={(event) => setValues({ ...values, body: event.target.value })}
        />
        <span id={`${id}-body-hint`} className="field__hint">
          Markdown works: **bold**, *italic*, [links](https://…). Ctrl+Enter saves.
        </span>
      </div>
      <div className="field">
        <label htmlFor={`${id}-tags`}>Tags</label>
        <input
          id={`${id}-tags`}
          value={tagInput}
          onChange={(event) => setTagInput(event.target.value)}
          aria-describedby={`${id}-tags-hint`}
        />
        <span id={`${id}-tags-hint`} className="field__hint">
          Separate tags with commas.
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

function restoreDraft(key: string): EditorValues | null {
  try {
    const stored = localStorage.getItem(key);
    return stored ? (JSON.parse(stored) as EditorValues) : null;
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
