import type { Visibility } from "@/lib/annotations/schemas";
import type { GroupRole } from "@/lib/groups/schemas";
import type { RubricPoints } from "./rubric";
import type { ScoreRelease } from "./score-release";

/**
 * A reply in a reviewed thread; `isFeedback` marks an instructor's private feedback, on the thread's
 * annotation or one of its replies (`feedbackOnId`), read by that author and the staff only.
 */
export type ReviewReply = {
  id: string;
  author: { id: string; name: string };
  body: string;
  /** `body` rendered from Markdown and sanitized on the server (server/markdown). */
  bodyHtml: string;
  isFeedback: boolean;
  feedbackOnId: string | null;
  /** A reply is scored like an annotation (null for feedback, and until scored). */
  score: RubricPoints | null;
  /** Hidden by the group's staff: gone for the members, still here (and still the student's work). */
  isHidden: boolean;
  createdAt: string;
};

/** A top-level annotation in the group's scopes on the reviewed document. */
export type ReviewAnnotation = {
  id: string;
  author: { id: string; name: string };
  quote: string;
  body: string;
  /** `body` rendered from Markdown and sanitized on the server (server/markdown). */
  bodyHtml: string;
  tags: string[];
  visibility: Extract<Visibility, "group" | "instructors">;
  start: number | null;
  end: number | null;
  isHidden: boolean;
  /**
   * Deleted by its author, kept (empty) because a reply in it lives on: the replies are still work
   * to read, score and give feedback on; the annotation itself is not (no body, tags or score).
   */
  isDeleted: boolean;
  score: RubricPoints | null;
  helpfulCount: number;
  createdAt: string;
  replies: ReviewReply[];
};

/** A thread as the review reads it, before its Markdown is rendered (only the page shown renders it). */
export type ReviewThreadText = Omit<ReviewAnnotation, "bodyHtml" | "replies"> & { replies: Omit<ReviewReply, "bodyHtml">[] };

/** One member's work on the document in the group. */
export type MemberReview = {
  userId: string;
  name: string;
  email: string;
  role: GroupRole;
  annotations: number;
  /** Replies they wrote in the group's threads on the document (any thread, theirs or not; never feedback). */
  replies: number;
  /** Words in their annotation bodies and their replies. */
  words: number;
  /** Scores on their annotations and replies: the sum, and how many of them are scored. */
  scoreTotal: number;
  scored: number;
  /** 0-based paragraph indexes of the current version their annotations overlap. */
  paragraphsEngaged: number[];
  /** When they last wrote or changed something here; null if never. */
  lastActivity: string | null;
  /**
   * How many notes on the document they kept to themselves ("Only me"): a count, never the notes.
   * With nothing in the group's scopes, it tells the instructor the work exists but was not shared
   * (typically a first note written before choosing the group).
   */
  privateNotes: number;
};

export type GroupReview = {
  group: { id: string; name: string; scoreRelease: ScoreRelease };
  /** Scores on this document the students do not see yet (they wait for "Release scores"). */
  unreleasedScores: number;
  document: { slug: string; title: string };
  paragraphCount: number;
  /** Members with the role "member", by name. */
  students: MemberReview[];
  /** The owner and instructors, by name. */
  staff: MemberReview[];
  /** In reading order; their Markdown is rendered for the page of them shown (renderReviewThread). */
  annotations: ReviewThreadText[];
};
