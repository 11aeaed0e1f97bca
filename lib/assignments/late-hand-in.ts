import type { AnnotationDto } from "@/lib/annotations/types";

/** An open assignment of the reader's on a reading: its group and due time (server/assignments/list-reading-assignments.ts). */
export type AssignmentDueTime = { groupId: string; title: string; dueAt: string };

/**
 * What the editor says before an edit whose new words would be handed in after an assignment's due
 * time. The grade counts the text it grades (handInAgain, server/annotations/move-threads.ts): work
 * in the group's scopes rewritten after the due time is late. An independent check fixed a typo in
 * on-time work after the due time and it became late, with nothing to say so. Null: nothing to say.
 */
export function lateHandInNotice(
  annotation: Pick<AnnotationDto, "groupId" | "visibility" | "parentId"> | undefined,
  dueTimes: readonly AssignmentDueTime[],
  now = Date.now(),
): string | null {
  const isGroupWork = annotation?.groupId && (annotation.visibility === "group" || annotation.visibility === "instructors");
  if (!isGroupWork) return null;
  const passed = dueTimes.find((due) => due.groupId === annotation.groupId && Date.parse(due.dueAt) < now);
  if (!passed) return null;
  const notice = `“${passed.title}” is past its due time: saving new words hands this in again now, as late work.`;
  // A reply has only its words: no colour or tags to change instead.
  return annotation.parentId ? notice : `${notice} A new colour or tags keep its time.`;
}
