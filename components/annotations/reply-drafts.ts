/**
 * Replies being written, by thread, for the page's life: a card scrolled out of the virtualized
 * list or closed keeps its reply box's words, and a thread that goes while someone writes in it
 * (its author deleted it, or it is no longer shared with them) hands them back to be shown.
 */
const drafts = new Map<string, string>();

export const replyDraft = (threadId: string) => drafts.get(threadId) ?? "";

export function keepReplyDraft(threadId: string, words: string): void {
  if (words) drafts.set(threadId, words);
  else drafts.delete(threadId);
}

/** The thread is gone: its unsent reply, if anything was written (then forgotten here). */
export function takeReplyDraft(threadId: string): string {
  const words = replyDraft(threadId).trim();
  drafts.delete(threadId);
  return words;
}
