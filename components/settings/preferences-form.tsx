"use client";
import { startTransition, useActionState, useEffect, useRef, type FormEvent } from "react";
import { COLOR_NAMES, HIGHLIGHT_COLORS } from "@/lib/annotations/colors";
import { MAX_COLOR_MEANING_LENGTH } from "@/lib/annotations/limits";
import type { ReaderPreferences } from "@/lib/annotations/preferences";

type State = { status: "idle" | "saved" } | { status: "invalid"; errors: Record<string, string>; message?: string };

type Props = {
  preferences: ReaderPreferences;
  /** The server action that stores them (server/preferences/actions.ts), passed in by the page. */
  save: (previous: State, form: FormData) => Promise<State>;
};

/** What each highlight colour means to me, the single-key shortcuts (WCAG 2.1.4), and how others' live changes arrive. */
export function PreferencesForm({ preferences, save }: Props) {
  const [state, action, isPending] = useActionState(save, { status: "idle" });
  const errors = state.status === "invalid" ? state.errors : {};
  const formRef = useRef<HTMLFormElement>(null);

  // Once the page's script runs, the save is sent from here rather than by <form action>: React
  // resets a form after its action to the values it was drawn with, so a refused save put every
  // field back as stored and what was typed ("Evidence") was lost (an independent check). Before
  // the script runs, the browser posts the form to the action as before.
  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    // Busy: the button says so with aria-disabled and keeps focus; a second press is ignored.
    if (isPending) return;
    const form = new FormData(event.currentTarget);
    startTransition(() => action(form));
  }

  // Refused: focus goes to the first field that says why (its error is its description), not the page.
  useEffect(() => {
    if (state.status === "invalid") formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }, [state]);

  return (
    <form ref={formRef} action={action} onSubmit={onSubmit} className="form settings-form">
      <fieldset className="settings-fieldset" id="colour-meanings">
        <legend>What my colours mean</legend>
        <p className="field__hint">
          Name a colour and the editor, the sidebar’s colour key and its colour filter will use that name (up to {MAX_COLOR_MEANING_LENGTH}{" "}
          characters).
        </p>
        {HIGHLIGHT_COLORS.map((color) => (
          <div key={color} className="field field--inline">
            <span className={`settings-swatch swatch--${color}`} aria-hidden="true" />
            <label htmlFor={`label-${color}`}>{COLOR_NAMES[color]} means</label>
            <input
              id={`label-${color}`}
              name={`label-${color}`}
              defaultValue={preferences.colorLabels[color] ?? ""}
              maxLength={MAX_COLOR_MEANING_LENGTH}
              placeholder="e.g. question"
            />
          </div>
        ))}
      </fieldset>
      <fieldset className="settings-fieldset">
        <legend>Keyboard shortcuts</legend>
        <p className="field__hint">While the toolbar beside a selection shows, one key highlights and another opens the comment editor.</p>
        <div className="field field--checkbox">
          <input id="shortcuts-enabled" name="shortcuts-enabled" type="checkbox" defaultChecked={preferences.shortcuts.enabled} />
          <label htmlFor="shortcuts-enabled">Use single-key shortcuts</label>
        </div>
        <ShortcutKeyField
          action="highlight"
          label="Highlight key"
          value={preferences.shortcuts.highlight}
          error={errors["shortcuts.highlight"]}
        />
        <ShortcutKeyField
          action="annotate"
          label="Annotate key"
          value={preferences.shortcuts.annotate}
          error={errors["shortcuts.annotate"]}
        />
      </fieldset>
      <fieldset className="settings-fieldset">
        <legend>Others’ new annotations</legend>
        <p className="field__hint">
          While you read, annotations from your groups arrive as their authors save them. Yours always show at once.
        </p>
        <div className="field field--checkbox">
          <input
            id="live-updates-immediate"
            name="live-updates"
            type="radio"
            value="immediate"
            defaultChecked={preferences.liveUpdates === "immediate"}
          />
          <label htmlFor="live-updates-immediate">Show them as they arrive</label>
        </div>
        <div className="field field--checkbox">
          <input
            id="live-updates-queue"
            name="live-updates"
            type="radio"
            value="queue"
            defaultChecked={preferences.liveUpdates === "queue"}
          />
          <label htmlFor="live-updates-queue">Wait until I choose to show them</label>
        </div>
      </fieldset>
      <div role="status">
        {state.status === "saved" && <p className="notice notice--success">Settings saved.</p>}
        {state.status === "invalid" && state.message && <p className="notice notice--error">{state.message}</p>}
      </div>
      {/* Marked busy, not disabled: a focused button that is disabled drops focus to the page. */}
      <button type="submit" className="button" aria-disabled={isPending || undefined}>
        {isPending ? "Saving…" : "Save settings"}
      </button>
    </form>
  );
}

/** One shortcut's key, and the alert that says why the server refused it (always in the page, so it is heard). */
function ShortcutKeyField({
  action,
  label,
  value,
  error,
}: {
  action: "highlight" | "annotate";
  label: string;
  value: string;
  error?: string;
}) {
  const id = `shortcut-${action}`;
  return (
    <>
      <div className="field field--inline">
        <label htmlFor={id}>{label}</label>
        <input
          id={id}
          name={id}
          defaultValue={value}
          maxLength={1}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? `${id}-error` : undefined}
        />
      </div>
      <div role="alert">
        {error && (
          <p id={`${id}-error`} className="field__error">
            {error}
          </p>
        )}
      </div>
    </>
  );
}
