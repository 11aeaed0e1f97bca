import "server-only";
import { NOT_YOUR_GROUP, type Scope } from "@/lib/annotations/scopes";
import type { AnnotationPermissions } from "@/lib/annotations/types";
import { isRubricPoints, type RubricPoints } from "@/lib/review/rubric";
import { isScoreRelease } from "@/lib/review/score-release";
import { AppError } from "@/lib/errors";
import { isStaffRole, STAFF_ROLES } from "@/lib/groups/roles";
import { db } from "@/server/db/client";
import type { Prisma } from "@/server/db/client";
import { canReadDocument, DOCUMENT_ACCESS_FIELDS, readableDocumentsWhere, type DocumentAccessFields } from "./documents";
import { loadViewerAccess, roleIn, type HiddenGroup, type Viewer, type ViewerAccess } from "./viewer-access";

export {
  listMyGroupMemberships,
  loadViewerAccess,
  loadViewerAccesses,
  type DocumentScope,
  type HiddenGroup,
  type Viewer,
  type ViewerAccess,
} from "./viewer-access";
export type { GroupRole } from "@/lib/groups/roles";

/**
 * Who may see or change an annotation or a reply: the one place that decides. Pages, route
 * handlers, exports, notifications and the live stream all call these; nothing else compares
 * author ids, visibilities or memberships. (Groups, members and invites: ./groups.ts, same shape.)
 *
 * Rules:
 * - Annotations are for signed-in readers: anonymous readers see none (the article stays public).
 * - "private": only the author. "everyone": every signed-in reader. "group": the author and the
 *   members (any role) of its group. "instructors": the author and its group's instructors and
 *   owner — a private channel between a student and the teaching staff.
 * - Hide until you post: in a group with hideUntilPostCount N > 0, a plain member who has posted
 *   fewer than N top-level annotations in that group on a document does not see peers'
 *   group-scoped threads there, nor peers' replies in the group's threads. Never hidden: their own
 *   writing, and the group's staff's (the instructor's prompt is what they are asked to answer);
 *   instructors and owners see everything.
 * - A reply is readable exactly when its thread is: the thread's author and scope decide. A reply
 *   its thread's moderators hid is gone for everyone but its writer and those moderators.
 * - Who looks after a conversation: in a group's scopes, the group's staff (hide or restore a
 *   thread or one reply); in an "everyone signed in" thread, where no group's staff exist, the
 *   thread's author hides or restores a reply under their note (QA round 4, #12: a stranger's abuse
 *   under someone's note could be neither hidden nor flagged, and stayed even when the note went).
 * - Feedback (an instructor's reply about the thread's annotation or one of its replies) is
 *   private: only its writer, the author of what it is about and the group's staff read it.
 * - Scores: the group's staff see every score in their group; the author of what was scored sees
 *   it once it is released (the group releases at once, or an instructor released it); no one else.
 * - The group's staff score and give feedback on anyone's annotation or reply in the group's
 *   scopes but their own; feedback itself is not scored nor answered with feedback.
 * - Only the author changes or deletes an annotation or reply, and only the author moves a thread
 *   to another scope; anyone who can read a thread can reply to it (until it is deleted); only the
 *   thread's author resolves or reopens it. Posting into a group scope needs membership.
 * - What a viewer may not read answers 404, exactly like what does not exist; so does a group the
 *   viewer is not in, and every annotation on a reading the viewer may not read (./documents.ts).
 * - Memberships are read from the database on every request (`loadViewerAccess`): a removed member
 *   loses access on their very next request.
 */
export type AnnotationAction =
  | "read"
  | "reply"
  | "update"
  | "delete"
  | "resolve"
  | "move"
  /** Members of the thread's group report it to the instructors. */
  | "flag"
  /** Members of the thread's group mark it helpful. */
  | "mark-helpful"
  /** The group's instructors (and owner): score, give feedback, see flags. */
  | "moderate"
  /** Hide or restore: a thread, by its group's staff; a reply, by its thread's moderators (isModeratorOfThread). */
  | "hide";

/**
 * The columns a decision needs; select these whenever a decision is to be made. A reply is
 * judged by its thread (the root annotation): its author and scope decide who reads it.
 */
export const ACCESS_FIELDS = {
  id: true,
  authorId: true,
  visibility: true,
  groupId: true,
  parentId: true,
  deletedAt: true,
  hiddenAt: true,
  isFeedback: true,
  // More than a decision reads (id, parentId, the author's name): loadAnnotationFor's select wins
  // over a caller's, so the DTO's columns for the same relation must be here too.
  feedbackOn: { select: { id: true, authorId: true, parentId: true, author: { select: { name: true } } } },
  parent: { select: { authorId: true, visibility: true, groupId: true, deletedAt: true, hiddenAt: true } },
} as const satisfies Prisma.AnnotationSelect;

/**
 * Every field is required, so a row selected without one (say, without `hiddenAt`) does not
 * type-check as something a decision can be made on: leaving a field out never means "allowed".
 */
export type ThreadAccessFields = {
  authorId: string;
  visibility: string;
  groupId: string | null;
  deletedAt: Date | null;
  hiddenAt: Date | null;
};
export type AnnotationAccessFields = ThreadAccessFields & {
  parentId: string | null;
  /** The thread of a reply (null for a top-level annotation, or a reply whose thread is gone). */
  parent: ThreadAccessFields | null;
  /** An instructor's feedback reply: only its author, the author of what it is about and the group's staff read it. */
  isFeedback: boolean;
  /** What feedback is about (null otherwise, and for feedback whose subject is gone: then only its author and the staff read it). */
  feedbackOn: { authorId: string } | null;
};

function readableThreadWhere(viewer: ViewerAccess): Prisma.AnnotationWhereInput {
  const staffOfGroup = { group: { memberships: { some: { userId: viewer.id, role: { in: [...STAFF_ROLES] } } } } };
  const conditions: Prisma.AnnotationWhereInput[] = [
    {
      OR: [
        { authorId: viewer.id },
        { visibility: "everyone" },
        { visibility: "group", group: { memberships: { some: { userId: viewer.id } } } },
        { visibility: "instructors", ...staffOfGroup },
      ],
    },
    // A thread an instructor hid is gone for everyone but its author and the group's staff.
    { OR: [{ hiddenAt: null }, { authorId: viewer.id }, staffOfGroup] },
  ];
  for (const [groupId, hidden] of viewer.hiddenGroups) {
    conditions.push({ NOT: { visibility: "group", groupId, authorId: { notIn: gateExempt(viewer, hidden) } } });
  }
  return { AND: conditions };
}

/** Whose writing "hide until you post" never hides from this viewer in a group: their own and the staff's. */
function gateExempt(viewer: ViewerAccess, hidden: HiddenGroup): string[] {
  return [viewer.id, ...hidden.staffIds];
}

/** A hidden reply reads only for its writer and its thread's moderators (isModeratorOfThread, as a query). */
function hiddenReplyReadersWhere(viewer: ViewerAccess): Prisma.AnnotationWhereInput {
  return {
    OR: [
      { hiddenAt: null },
      { authorId: viewer.id },
      { parent: { group: { memberships: { some: { userId: viewer.id, role: { in: [...STAFF_ROLES] } } } } } },
      { parent: { visibility: "everyone", authorId: viewer.id } },
    ],
  };
}

/** Peers' replies in a hidden group's threads wait behind the gate like their threads do. */
function replyGateWhere(viewer: ViewerAccess): Prisma.AnnotationWhereInput[] {
  return [...viewer.hiddenGroups].map(([groupId, hidden]) => ({
    NOT: { parent: { visibility: "group", groupId }, authorId: { notIn: gateExempt(viewer, hidden) } },
  }));
}

/** Whether the gate lets the viewer read `authorId`'s writing in a group's scope. */
function isPastGate(viewer: ViewerAccess, groupId: string | null, authorId: string): boolean {
  const hidden = groupId === null ? undefined : viewer.hiddenGroups.get(groupId);
  return !hidden || gateExempt(viewer, hidden).includes(authorId);
}

/**
 * The Prisma filter for "annotations this viewer may read": used by every list and export. The
 * memberships are matched in the query itself (relation filters), so the database decides with the
 * rows as they are now. Feedback replies are narrower than their thread: the author of what
 * they are about, their own author and the group's staff.
 */
export function readableAnnotationsWhere(viewer: ViewerAccess | null): Prisma.AnnotationWhereInput {
  if (!viewer) return { id: { in: [] } };
  const thread = readableThreadWhere(viewer);
  const feedbackReaders: Prisma.AnnotationWhereInput = {
    OR: [
      { isFeedback: false },
      { authorId: viewer.id },
      { feedbackOn: { authorId: viewer.id } },
      { parent: { group: { memberships: { some: { userId: viewer.id, role: { in: [...STAFF_ROLES] } } } } } },
    ],
  };
  // A reply in a group's scope is for the group: not for its thread's author once removed from it (can(), "read").
  const groupReplyReaders: Prisma.AnnotationWhereInput = {
    OR: [
      { authorId: viewer.id },
      { parent: { visibility: { notIn: ["group", "instructors"] } } },
      { parent: { group: { memberships: { some: { userId: viewer.id } } } } },
    ],
  };
  return {
    // An annotation on a reading the viewer may not read is not theirs to see, whatever its own scope.
    AND: [
      { document: readableDocumentsWhere(viewer) },
      {
        OR: [
          { parentId: null, ...thread },
          { AND: [{ parent: thread }, feedbackReaders, groupReplyReaders, hiddenReplyReadersWhere(viewer), ...replyGateWhere(viewer)] },
        ],
      },
    ],
  };
}

/**
 * The viewer's own threads, on every reading, open to them or not: what My notes lists and exports.
 * A reading its owner stopped sharing, or one shared with a group they left, closes to them, but
 * the notes they wrote on it stay theirs to find, take elsewhere and delete (their own thread is
 * never hidden from them otherwise: see readableThreadWhere). Only their own words: the replies
 * others wrote there stay with the reading (readableAnnotationsWhere still decides replies).
 */
export function ownThreadsWhere(viewer: ViewerAccess): Prisma.AnnotationWhereInput {
  return { authorId: viewer.id, parentId: null };
}

/** ownThreadsWhere on one loaded annotation: an own thread, which its author reads and deletes on a closed reading too. */
function isOwnThread(viewer: ViewerAccess, annotation: { authorId: string; parentId: string | null }): boolean {
  return annotation.authorId === viewer.id && annotation.parentId === null;
}

/** What an author may do with their own thread on a reading no longer open to them: read it and delete it, nothing that writes. */
const ON_A_CLOSED_READING: readonly AnnotationAction[] = ["read", "delete"];

/** A group's scope: everyone in it, or its instructors. */
function isGroupScope(visibility: string): boolean {
  return visibility === "group" || visibility === "instructors";
}

function isStaffOf(viewer: ViewerAccess, groupId: string | null): boolean {
  return isStaffRole(roleIn(viewer, groupId));
}

/**
 * Who looks after a thread's replies: its group's staff; in an "everyone signed in" thread, which
 * belongs to no group, its author (the note is theirs, and the conversation under it too).
 */
function isModeratorOfThread(viewer: ViewerAccess, thread: ThreadAccessFields): boolean {
  return isStaffOf(viewer, thread.groupId) || ownModeratorOfReplies(thread) === viewer.id;
}

/**
 * The one person who looks after the replies of a thread that belongs to no group's staff: the
 * author of a thread shared with everyone signed in (flags on its replies go to them). Null for a
 * group's thread (its staff) and for a private one (no one else writes there).
 */
export function ownModeratorOfReplies(thread: { visibility: string; authorId: string }): string | null {
  return thread.visibility === "everyone" ? thread.authorId : null;
}

/** Whether a reply is shown to the viewer as far as hiding goes (a thread's own hiding: canReadThread). */
function isReplyShown(viewer: ViewerAccess, thread: ThreadAccessFields, reply: { authorId: string; hiddenAt: Date | null }): boolean {
  return reply.hiddenAt === null || reply.authorId === viewer.id || isModeratorOfThread(viewer, thread);
}

function canReadThread(viewer: ViewerAccess, thread: ThreadAccessFields): boolean {
  if (thread.hiddenAt && thread.authorId !== viewer.id && !isStaffOf(viewer, thread.groupId)) return false;
  if (thread.authorId === viewer.id || thread.visibility === "everyone") return true;
  const role = roleIn(viewer, thread.groupId);
  if (!role) return false;
  if (thread.visibility === "group") return isPastGate(viewer, thread.groupId, thread.authorId);
  if (thread.visibility === "instructors") return isStaffRole(role);
  return false;
}

export function canAnnotate(viewer: Viewer): viewer is { id: string } {
  return viewer !== null;
}

/**
 * Whether the viewer reads a top-level annotation, decided from its own columns: for a list that
 * takes every thread of one reading and keeps the readable ones in memory (the reading page's
 * stubs), where the rule as a query (readableAnnotationsWhere) costs more than the rows. The same
 * decision as that query's top-level branch.
 */
export function canReadThreadRow(viewer: ViewerAccess | null, thread: ThreadAccessFields): boolean {
  return viewer !== null && canReadThread(viewer, thread);
}

/**
 * The decision on an annotation's own columns. It does not look at the reading: a row found through
 * `readableAnnotationsWhere`, `loadAnnotationFor` or on a reading already checked is fine; a row
 * found any other way (by id from a notification, a group's flags across its readings) is judged
 * with `canOnReading`, or a reader who may not open the reading would be shown its words.
 */
export function can(viewer: ViewerAccess | null, action: AnnotationAction, annotation: AnnotationAccessFields): boolean {
  if (!viewer) return false;
  const thread = annotation.parentId ? annotation.parent : annotation;
  if (!thread) return false; // a reply whose thread is gone
  const isFeedbackReader = canReadFeedback(viewer, thread, annotation);
  const isReplyPastGate =
    annotation.parentId === null || thread.visibility !== "group" || isPastGate(viewer, thread.groupId, annotation.authorId);
  const isShown = annotation.parentId === null || isReplyShown(viewer, thread, annotation);
  const isReadable = canReadThread(viewer, thread) && isFeedbackReader && isReplyPastGate && isShown;
  const isAuthor = annotation.authorId === viewer.id;
  const isGroupMember = roleIn(viewer, thread.groupId) !== null;
  // A thread in a group's scope is the group's conversation: its author, once removed from the group,
  // still reads and may delete or move their own words, but no longer writes in it or reads the others'.
  const isInThreadsScope = !isGroupScope(thread.visibility) || isGroupMember;
  switch (action) {
    case "read":
      return isReadable && (annotation.parentId === null || isAuthor || isInThreadsScope);
    case "reply":
      return isReadable && thread.deletedAt === null && isInThreadsScope;
    case "update":
      return isReadable && isAuthor && annotation.deletedAt === null && isInThreadsScope;
    case "delete":
      return isReadable && isAuthor && annotation.deletedAt === null;
    case "move":
      return isAuthor && annotation.parentId === null && annotation.deletedAt === null;
    case "resolve":
      return isAuthor && annotation.parentId === null && annotation.deletedAt === null && isInThreadsScope;
    case "flag":
      if (!isReadable || isAuthor || annotation.deletedAt !== null) return false;
      // Feedback is read by its recipient and the group's staff only: a flag would go to the staff who wrote it.
      if (annotation.isFeedback) return false;
      // A reply under a note shared with everyone is reported to that note's author, who may hide
      // it (isModeratorOfThread); the author themselves hides it rather than report it to themselves.
      if (annotation.parentId !== null && thread.visibility === "everyone") return thread.authorId !== viewer.id;
      return isGroupMember;
    case "mark-helpful":
      return isReadable && isGroupMember && !isAuthor && annotation.deletedAt === null;
    case "moderate":
      return isReadable && isStaffOf(viewer, thread.groupId) && annotation.deletedAt === null;
    case "hide":
      if (!isReadable || annotation.deletedAt !== null) return false;
      // One's own reply is deleted, not hidden; a whole thread is its group's staff's to hide.
      return annotation.parentId === null ? isStaffOf(viewer, thread.groupId) : !isAuthor && isModeratorOfThread(viewer, thread);
  }
}

/** ACCESS_FIELDS and the reading's: what `canOnReading` needs of a row found by id. */
export const ACCESS_FIELDS_WITH_READING = {
  ...ACCESS_FIELDS,
  document: { select: DOCUMENT_ACCESS_FIELDS },
} as const satisfies Prisma.AnnotationSelect;

/**
 * `can`, on a row found without its reading checked: an annotation on a reading the viewer may not
 * read is not theirs to see, nor to act on, whatever its own scope and whoever is mentioned in it.
 */
export function canOnReading(
  viewer: ViewerAccess | null,
  action: AnnotationAction,
  annotation: AnnotationAccessFields & { document: DocumentAccessFields },
): boolean {
  return canReadDocument(viewer, annotation.document) && can(viewer, action, annotation);
}

/** Whether the viewer reads a piece of feedback in `thread` (anything else: yes, as far as feedback goes). */
function canReadFeedback(
  viewer: ViewerAccess,
  thread: ThreadAccessFields,
  annotation: Pick<AnnotationAccessFields, "isFeedback" | "authorId" | "feedbackOn">,
): boolean {
  if (!annotation.isFeedback) return true;
  return annotation.authorId === viewer.id || annotation.feedbackOn?.authorId === viewer.id || isStaffOf(viewer, thread.groupId);
}

/**
 * How many replies in a thread the viewer reads (the card's "3 replies"): feedback is counted apart
 * (countReadableFeedback), and under "hide until you post" a peer's reply waits behind the gate like
 * their threads do, so it is not counted either — a count is as much as the reply's existence.
 * Given the thread and its undeleted replies' access columns.
 */
export function countReadableReplies(
  viewer: ViewerAccess | null,
  thread: ThreadAccessFields,
  replies: readonly Pick<AnnotationAccessFields, "authorId" | "isFeedback" | "hiddenAt">[],
): number {
  if (!viewer || !canReadThread(viewer, thread)) return 0;
  return replies.filter(
    (reply) =>
      !reply.isFeedback &&
      isReplyShown(viewer, thread, reply) &&
      (thread.visibility !== "group" || isPastGate(viewer, thread.groupId, reply.authorId)),
  ).length;
}

/**
 * How many pieces of feedback in a thread the viewer reads (for the card's "Feedback from your
 * instructor", counted apart from replies): given the thread and its undeleted replies' access columns.
 */
export function countReadableFeedback(
  viewer: ViewerAccess | null,
  thread: ThreadAccessFields,
  replies: readonly Pick<AnnotationAccessFields, "authorId" | "isFeedback" | "feedbackOn">[],
): number {
  if (!viewer || !canReadThread(viewer, thread)) return 0;
  return replies.filter((reply) => reply.isFeedback && canReadFeedback(viewer, thread, reply)).length;
}

/** Whether the staff of the annotation's group may score it or give feedback on it: anyone's work in the group's scopes but their own. */
function canAssess(viewer: ViewerAccess | null, annotation: AnnotationAccessFields): boolean {
  return (
    viewer !== null &&
    can(viewer, "moderate", annotation) &&
    annotation.groupId !== null &&
    annotation.authorId !== viewer.id &&
    !annotation.isFeedback
  );
}

/** The score columns a visibility decision reads, all required: the score and its group's release setting. */
export type ScoreAccessFields = AnnotationAccessFields & {
  score: { points: number; releasedAt: Date | null } | null;
  group: { scoreRelease: string } | null;
};

/**
 * The score the viewer may see on an annotation or reply, or null: the group's staff always; its
 * author once released (the group releases at once, or an instructor released this one); nobody
 * else, ever. Pages, the API, the live stream and exports all read scores through this.
 */
export function visibleScore(viewer: ViewerAccess | null, annotation: ScoreAccessFields): RubricPoints | null {
  const { score } = annotation;
  if (!viewer || !score || !isRubricPoints(score.points) || !can(viewer, "read", annotation)) return null;
  const thread = annotation.parentId ? annotation.parent : annotation;
  if (thread && isStaffOf(viewer, thread.groupId)) return score.points;
  if (annotation.authorId !== viewer.id) return null;
  return isScoreReleasedToAuthor(score, annotation.group) ? score.points : null;
}

/**
 * Whether a score's author may read it: released by an instructor, or in a group that releases
 * scores at once. (The staff read every score; visibleScore decides for a viewer.) Grades made of
 * scores ask this too (server/assignments/grade-students.ts), so a grade holds only scores its
 * student can see.
 */
export function isScoreReleasedToAuthor(score: { releasedAt: Date | null }, group: { scoreRelease: string } | null): boolean {
  const release = group && isScoreRelease(group.scoreRelease) ? group.scoreRelease : "manual";
  return score.releasedAt !== null || release === "immediate";
}

/** Scoring or giving feedback, refused with the right error (see `canAssess`); after `loadAnnotationFor(…, "moderate")`. */
export function assertCanAssess(viewer: ViewerAccess, annotation: AnnotationAccessFields): void {
  if (canAssess(viewer, annotation)) return;
  if (annotation.isFeedback) throw new AppError("UNPROCESSABLE", "Feedback is not scored, nor given feedback.");
  if (annotation.groupId === null) throw new AppError("FORBIDDEN", "Only annotations posted to a group are scored or given feedback.");
  if (annotation.authorId === viewer.id) throw new AppError("FORBIDDEN", "You cannot score or give feedback on your own writing.");
  throw new AppError("FORBIDDEN", REFUSALS.moderate);
}

/**
 * What the viewer may do with the annotation, for its DTO: the same decisions the operations
 * enforce (hiding: a thread by its group's staff, a reply by its thread's moderators; scoring and feedback are
 * for any annotation or reply in a group's scopes, not the viewer's own).
 */
export function annotationPermissions(viewer: ViewerAccess | null, annotation: AnnotationAccessFields): AnnotationPermissions {
  const isThread = annotation.parentId === null;
  const thread = isThread ? annotation : annotation.parent;
  return {
    edit: can(viewer, "update", annotation),
    delete: can(viewer, "delete", annotation),
    reply: can(viewer, "reply", annotation),
    resolve: can(viewer, "resolve", annotation),
    move: can(viewer, "move", annotation),
    flag: can(viewer, "flag", annotation),
    markHelpful: can(viewer, "mark-helpful", annotation),
    hide: can(viewer, "hide", annotation),
    score: canAssess(viewer, annotation),
    feedback: canAssess(viewer, annotation) && thread !== null && thread.deletedAt === null,
  };
}

const REFUSALS: Record<AnnotationAction, string> = {
  read: "You cannot see this annotation.",
  reply: "You cannot reply to this annotation.",
  update: "Only its author can change this annotation.",
  delete: "Only its author can delete this annotation.",
  resolve: "Only the thread's author can resolve or reopen it.",
  move: "Only the thread's author can change who sees it.",
  flag: "Only members of this annotation's group can flag it, and not their own.",
  "mark-helpful": "Only members of this annotation's group can mark it helpful, and not their own.",
  moderate: "Only this group's instructors can do this.",
  hide: "Only this group's instructors can do this.",
};

/**
 * Throws the right error for a refused action: 401 for anonymous viewers, 404 when the viewer may
 * not even read the annotation (indistinguishable from a missing one), 403 otherwise.
 */
export function assertCan(
  viewer: ViewerAccess | null,
  action: AnnotationAction,
  annotation: AnnotationAccessFields | null,
): asserts viewer is ViewerAccess {
  if (!viewer) throw new AppError("UNAUTHENTICATED", "Sign in to see and write annotations.");
  if (!annotation || !can(viewer, "read", annotation)) throw new AppError("NOT_FOUND", "No such annotation.");
  if (can(viewer, action, annotation)) return;
  if (annotation.deletedAt) throw new AppError("NOT_FOUND", "This annotation was deleted.");
  // Its own author refused: the thread is in a group they are no longer in ("only its author" would puzzle them).
  const thread = annotation.parent ?? annotation;
  if (annotation.authorId === viewer.id && thread.groupId !== null && !viewer.memberships.has(thread.groupId)) {
    throw new AppError(
      "FORBIDDEN",
      annotation.parentId === null
        ? "You are no longer in this note's group, so it is the group's now: you can still read it, move it to Only me to keep it, or delete it."
        : "You are no longer in this thread's group: you can still read your reply, or delete it.",
    );
  }
  if (action === "flag" && annotation.parentId !== null && thread.visibility === "everyone" && thread.authorId === viewer.id) {
    throw new AppError("FORBIDDEN", "This reply is under your own note: hide it rather than report it.");
  }
  if (action === "hide" && annotation.parentId !== null) {
    if (annotation.authorId === viewer.id) throw new AppError("FORBIDDEN", "This is your own reply: delete it rather than hide it.");
    if (thread.visibility === "everyone") {
      throw new AppError("FORBIDDEN", "Only the author of the note can hide or restore the replies under it.");
    }
  }
  throw new AppError("FORBIDDEN", REFUSALS[action]);
}

export function assertCanAnnotate(viewer: Viewer): asserts viewer is { id: string } {
  if (!canAnnotate(viewer)) throw new AppError("UNAUTHENTICATED", "Sign in to see and write annotations.");
}

export { NOT_YOUR_GROUP };

/** Posting or moving into a group scope needs membership (any role). */
export function assertCanPostTo(viewer: ViewerAccess, scope: Scope): void {
  if (scope.groupId !== null && !viewer.memberships.has(scope.groupId)) throw new AppError("NOT_FOUND", NOT_YOUR_GROUP);
}

/** A deleted annotation as undo needs to judge it. */
export type DeletedAnnotationFields = { authorId: string; deletedAt: Date; scope: Scope };

/**
 * Undoing a delete: only by its author (anyone else: 404, as if it never existed), only within the
 * undo window (410 after), and only into a scope the author may still post to (a removed member
 * cannot bring a note back into the group).
 */
export function assertCanUndoDelete(
  viewer: ViewerAccess | null,
  deleted: DeletedAnnotationFields | null,
  windowMs: number,
  now = new Date(),
): asserts viewer is ViewerAccess {
  if (!viewer) throw new AppError("UNAUTHENTICATED", "Sign in to see and write annotations.");
  if (!deleted || deleted.authorId !== viewer.id) throw new AppError("NOT_FOUND", "No deleted annotation of yours to put back.");
  if (now.getTime() - deleted.deletedAt.getTime() > windowMs) throw new AppError("GONE", "Too late to undo: this annotation is gone.");
  assertCanPostTo(viewer, deleted.scope);
}

/** What `loadAnnotationFor` always selects: the access fields and the document (its hide-until-you-post scope). */
const LOAD_FIELDS = { ...ACCESS_FIELDS, documentId: true } as const satisfies Prisma.AnnotationSelect;

type LoadedFields = Prisma.AnnotationGetPayload<{ select: typeof LOAD_FIELDS }>;
type Loaded<S extends Prisma.AnnotationSelect> = LoadedFields & Prisma.AnnotationGetPayload<{ select: S }>;

/**
 * Load then authorize, the one way every operation on a single annotation or reply starts: reads
 * the row (with `extra` columns), the viewer's access on its document, and asserts each action in
 * turn — 401 for anonymous viewers, 404 for what they cannot read (or what does not exist), 403
 * for what they may read but not do.
 */
export async function loadAnnotationFor<S extends Prisma.AnnotationSelect = Record<never, never>>(
  viewer: Viewer,
  id: string,
  actions: AnnotationAction | readonly AnnotationAction[],
  extra?: S,
): Promise<{ access: ViewerAccess; annotation: Loaded<S>; isReadingOpen: boolean }> {
  const annotation = (await db.annotation.findUnique({ where: { id }, select: { ...extra, ...LOAD_FIELDS } })) as LoadedFields | null;
  const access = await loadViewerAccess(viewer, { documentId: annotation?.documentId ?? null });
  const asked = typeof actions === "string" ? [actions] : actions;
  // On a reading the viewer may not read, the annotation does not exist for them either, but for
  // their own thread, to read or delete (ownThreadsWhere). (A query of its own, so that an `extra`
  // selecting document fields is never overridden by ours.)
  const document = annotation
    ? await db.document.findUnique({ where: { id: annotation.documentId }, select: DOCUMENT_ACCESS_FIELDS })
    : null;
  const isReadingOpen = document !== null && canReadDocument(access, document);
  const isVisible =
    annotation !== null &&
    document !== null &&
    (isReadingOpen ||
      (access !== null && isOwnThread(access, annotation) && asked.every((action) => ON_A_CLOSED_READING.includes(action))));
  assertCan(access, "read", isVisible ? annotation : null);
  for (const action of asked) assertCan(access, action, annotation);
  // Whether the note is read on an open reading, or as its author's own on a closed one (which
  // shows only the words they chose: toAnnotationDto).
  return { access, annotation: annotation as Loaded<S>, isReadingOpen };
}
