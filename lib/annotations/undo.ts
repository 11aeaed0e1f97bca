/**
 * Undo after a delete (issue 16): the page offers "Deleted — Undo" for UNDO_TOAST_MS; the server
 * keeps what it needs to put the annotation back for UNDO_WINDOW_MS (longer, so a slow network or
 * a queued retry still makes it), then forgets it — deleting means the words are gone.
 */
export const UNDO_TOAST_MS = 8_000;
export const UNDO_WINDOW_MS = 2 * 60_000;
