"use client";
import { useEffect, useId, useRef, useState } from "react";
import { matchCandidates, type MentionCandidate } from "@/lib/notifications/find-mentions";

/** The "@" being completed: where it is in the text, what follows it so far, which option is active. */
type Picking = { at: number; query: string; active: number };

type Props = Omit<React.TextareaHTMLAttributes<HTMLTextAreaElement>, "value" | "onChange"> & {
  value: string;
  onChange: (value: string) => void;
  /** Who a note here can mention (server/authz/mentions.ts decided); empty: "@" is just a character. */
  candidates: readonly MentionCandidate[];
  /** A member was chosen from the list: the note stores them by id. */
  onMention: (member: MentionCandidate) => void;
  /** The comment box itself, for a parent that moves focus there (the editor's Save does). */
  textareaRef?: React.RefObject<HTMLTextAreaElement | null>;
};

/**
 * A comment box where typing "@" at the start of a word offers the note's audience by name. The
 * list is an ARIA combobox (the APG's "list autocomplete" pattern): focus moves into a small
 * "Mention" field — a textarea cannot carry the combobox role — where typing filters, the arrow
 * keys move, Enter or Tab choose and Escape goes back to the comment keeping what was typed. A
 * choice writes "@Full Name " into the comment and reports the member, so the note stores them by id.
 */
export function MentionTextarea({ value, onChange, candidates, onMention, textareaRef, ...textareaProps }: Props) {
  const id = useId();
  const [picking, setPicking] = useState<Picking | null>(null);
  const fallbackRef = useRef<HTMLTextAreaElement | null>(null);
  const ownRef = textareaRef ?? fallbackRef;
  // Focused as it opens (editing a reply): the caret after what is there, not before it.
  const { autoFocus } = textareaProps;
  useEffect(() => {
    if (autoFocus) ownRef.current?.setSelectionRange(1e9, 1e9);
  }, [autoFocus, ownRef]);
  const isFinished = useRef(false);
  const options = picking ? matchCandidates(candidates, picking.query) : [];
  const isExpanded = options.length > 0;
  const active = picking && isExpanded ? Math.min(picking.active, options.length - 1) : -1;

  /** Back to the comment with `inserted` in place of the "@", the caret after it. */
  function finish(inserted: string, options: { focus: boolean }) {
    // Once only: the field's blur as it goes away must not finish a second time.
    if (!picking || isFinished.current) return;
    isFinished.current = true;
    const next = value.slice(0, picking.at) + inserted + value.slice(picking.at + 1);
    const caret = picking.at + inserted.length;
    setPicking(null);
    onChange(next);
    if (!options.focus) return;
    requestAnimationFrame(() => {
      ownRef.current?.focus();
      ownRef.current?.setSelectionRange(caret, caret);
    });
  }

  function choose(member: MentionCandidate) {
    onMention(member);
    finish(`@${member.name} `, { focus: true });
  }

  function onKeyDown(event: React.KeyboardEvent<HTMLInputElement>) {
    if (!picking) return;
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      if (!isExpanded) return;
      const step = event.key === "ArrowDown" ? 1 : -1;
      setPicking({ ...picking, active: (active + step + options.length) % options.length });
    } else if ((event.key === "Enter" || event.key === "Tab") && isExpanded && !event.ctrlKey && !event.metaKey) {
      event.preventDefault();
      choose(options[active]);
    } else if (event.key === "Enter" && !event.ctrlKey && !event.metaKey) {
      // Nobody matches: the text goes back as typed rather than submitting the form.
      event.preventDefault();
      finish(`@${picking.query}`, { focus: true });
    } else if (event.key === "Escape") {
      // Only the list closes, not the editor around it.
      event.preventDefault();
      event.stopPropagation();
      finish(`@${picking.query}`, { focus: true });
    } else if (event.key === "Backspace" && picking.query === "") {
      event.preventDefault();
      finish("", { focus: true });
    }
  }

  return (
    <div className="mention-field">
      {/* dir="auto": words typed in a right-to-left language run right to left as they are typed. */}
      <textarea
        dir="auto"
        {...textareaProps}
        ref={ownRef}
        value={value}
        onChange={(event) => {
          const next = event.target.value;
          const caret = event.target.selectionStart;
          onChange(next);
          // An "@" just typed at the start of a word opens the list.
          const isTypedAt = next.length === value.length + 1 && caret > 0 && next[caret - 1] === "@";
          if (isTypedAt && candidates.length > 0 && !/[\p{L}\p{N}_]/u.test(next[caret - 2] ?? "")) {
            isFinished.current = false;
            setPicking({ at: caret - 1, query: "", active: 0 });
          }
        }}
      />
      {picking && (
        <div className="mention-picker">
          <label htmlFor={`${id}-input`} className="mention-picker__label">
            Mention
          </label>
          <span className="mention-picker__at" aria-hidden="true">
            @
          </span>
          <input
            id={`${id}-input`}
            className="mention-picker__input"
            role="combobox"
            aria-expanded={isExpanded}
            aria-controls={`${id}-list`}
            aria-autocomplete="list"
            aria-activedescendant={active >= 0 ? `${id}-option-${active}` : undefined}
            aria-describedby={`${id}-status`}
            autoComplete="off"
            autoFocus
            value={picking.query}
            onChange={(event) => setPicking({ ...picking, query: event.target.value, active: 0 })}
            onKeyDown={onKeyDown}
            onBlur={() => finish(`@${picking.query}`, { focus: false })}
          />
          <ul
            id={`${id}-list`}
            role="listbox"
            aria-label="Members who can be mentioned"
            className="mention-picker__list"
            hidden={!isExpanded}
          >
            {options.map((member, index) => (
              <li
                key={member.id}
                id={`${id}-option-${index}`}
                role="option"
                aria-selected={index === active}
                className="mention-picker__option"
                // Chosen on press, before the field's blur would close the list.
                onMouseDown={(event) => {
                  event.preventDefault();
                  choose(member);
                }}
              >
                {member.name}
              </li>
            ))}
          </ul>
          <p id={`${id}-status`} className="mention-picker__status" role="status">
            {isExpanded
              ? `${options.length === 1 ? "1 member" : `${options.length} members`}: arrow keys to move, Enter to choose, Escape to go back.`
              : `Nobody here is called “${picking.query}”. Escape to go back.`}
          </p>
        </div>
      )}
    </div>
  );
}
