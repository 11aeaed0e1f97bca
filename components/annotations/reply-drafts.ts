/**
 * Replies being written, by reader and thread, kept on the device (localStorage, as the note
 * editor keeps its drafts): a card scrolled out of the virtualized list or closed keeps its reply
 * box's words, and so do a reload and "Open it" onto a newer version of the reading; a thread that
 * goes while someone writes in it (its author deleted it, or it is no longer shared with them)
 * hands them back to be shown. Signing out clears them (components/offline/offline-db.ts clearDevice).
 */
export const REPLY_DRAFT_PREFIX = "marginalia:reply-draft:";

const keyOf = (viewerId: string, threadId: string) => `${REPLY_DRAFT_PREFIX}${viewerId}:${threadId}`;

export function replyDraft(viewerId: string, threadId: string): string {
  try {
    return localStorage.getItem(keyOf(viewerId, threadId)) ?? "";
  } catch {
    return ""; // storage refused (private mode, full): the box starts empty, as it did before drafts were kept
  }
}

export function keepReplyDraft(viewerId: string, threadId: string, words: string): void {
  try {
    if (words) localStorage.setItem(keyOf(viewerId, threadId), words);
    else localStorage.removeItem(keyOf(viewerId, threadId));
  } catch {
    // not kept: the words are still in the box
  }
}

/** The thread is gone: its unsent reply, if anything was written (then forgotten here). */
export function takeReplyDraft(viewerId: string, threadId: string): string {
  const words = replyDraft(viewerId, threadId).trim();
  keepReplyDraft(viewerId, threadId, "");
  return words;
}
