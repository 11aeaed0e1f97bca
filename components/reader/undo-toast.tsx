"use client";
import { useEffect, useRef, useState } from "react";
import { UNDO_TOAST_MS } from "@/lib/annotations/undo";

/** What was deleted; `cardId` is the card Undo brings back to focus (a reply's: its thread's). */
export type DeletedItem = { id: string; isReply: boolean; cardId: string };

type Props = { deleted: DeletedItem | null; onUndo: (deleted: DeletedItem) => void; onExpire: () => void };

/**
 * "Deleted — Undo", visibly, for a few seconds after a delete. The time stops while the pointer or
 * the keyboard is on it (WCAG 2.2.1: a reader who needs longer to reach the button gets it).
 */
export function UndoToast({ deleted, onUndo, onExpire }: Props) {
  const [isHeld, setIsHeld] = useState(false);
  useEffect(() => {
    if (!deleted || isHeld) return;
    const timer = setTimeout(onExpire, UNDO_TOAST_MS);
    return () => clearTimeout(timer);
  }, [deleted, isHeld, onExpire]);
  // The Delete button went with its card, and focus to the page: Undo is what the reader may do next.
  // Where focus is still somewhere (a reply's box), it stays; the fixed toast needs no scrolling.
  const undo = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (deleted && document.activeElement === document.body) undo.current?.focus({ preventScroll: true });
  }, [deleted]);

  if (!deleted) return null;
  return (
    <div
      className="undo-toast"
      onMouseEnter={() => setIsHeld(true)}
      onMouseLeave={() => setIsHeld(false)}
      // Held for the keyboard only: Undo takes focus after a delete by touch or mouse too, and the
      // offer must still go by itself there.
      onFocus={(event) => setIsHeld(event.target.matches(":focus-visible"))}
      onBlur={() => setIsHeld(false)}
    >
      <span>{deleted.isReply ? "Reply deleted" : "Deleted"}</span>
      <span aria-hidden="true">—</span>
      <button type="button" className="button button--small" ref={undo} onClick={() => onUndo(deleted)}>
        Undo
      </button>
    </div>
  );
}
