import type { ParagraphRange } from "@/lib/documents/canonical-text";
import { countWords, engagedParagraphs } from "./coverage";
import type { MemberReview } from "./types";

/** What the tally reads of a reviewed thread and its replies (feedback included: it is skipped here). */
export type TallyThread = TallyItem & {
  /** Set when its author deleted it and replies kept it: not their work any more, the replies still are. */
  deletedAt: Date | null;
  start: number | null;
  end: number | null;
  replies: (TallyItem & { isFeedback: boolean })[];
};
type TallyItem = { author: { id: string }; body: string; updatedAt: Date; score: { points: number } | null };

export type MemberWork = Pick<
  MemberReview,
  "annotations" | "replies" | "words" | "scoreTotal" | "scored" | "paragraphsEngaged" | "lastActivity"
>;

type Running = {
  annotations: number;
  replies: number;
  words: number;
  scoreTotal: number;
  scored: number;
  paragraphs: Set<number>;
  last: Date | null;
};

/**
 * Each member's numbers on the review, added up a thread at a time, so the review page (all threads
 * at once) and students.csv (a batch at a time) count alike while memory holds one entry a member.
 * A member's coursework is their threads and their replies in any thread (one whose annotation was
 * deleted too); feedback an instructor wrote is not their coursework and counts nowhere.
 */
export class MemberTally {
  private readonly byMember = new Map<string, Running>();

  constructor(private readonly paragraphs: readonly ParagraphRange[]) {}

  add(thread: TallyThread): void {
    for (const reply of thread.replies) if (!reply.isFeedback) this.count(reply).replies += 1;
    // Like the grade (server/assignments/grade-students.ts countWork): a deleted annotation is no
    // one's work, the replies in its thread still are their writers'.
    if (thread.deletedAt !== null) return;
    const author = this.count(thread);
    author.annotations += 1;
    if (thread.start !== null && thread.end !== null) {
      for (const index of engagedParagraphs(this.paragraphs, [{ start: thread.start, end: thread.end }])) author.paragraphs.add(index);
    }
  }

  of(userId: string): MemberWork {
    const running = this.byMember.get(userId);
    return {
      annotations: running?.annotations ?? 0,
      replies: running?.replies ?? 0,
      words: running?.words ?? 0,
      scoreTotal: running?.scoreTotal ?? 0,
      scored: running?.scored ?? 0,
      paragraphsEngaged: [...(running?.paragraphs ?? [])].sort((a, b) => a - b),
      lastActivity: running?.last?.toISOString() ?? null,
    };
  }

  /** Adds an item's words, score and time to its author's entry, and returns the entry. */
  private count(item: TallyItem): Running {
    let running = this.byMember.get(item.author.id);
    if (!running) {
      running = { annotations: 0, replies: 0, words: 0, scoreTotal: 0, scored: 0, paragraphs: new Set(), last: null };
      this.byMember.set(item.author.id, running);
    }
    running.words += countWords(item.body);
    if (item.score) {
      running.scoreTotal += item.score.points;
      running.scored += 1;
    }
    if (!running.last || item.updatedAt > running.last) running.last = item.updatedAt;
    return running;
  }
}
