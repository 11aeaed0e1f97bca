import type { AnnotationDto } from "./types";

/**
 * "Hide until you post", as the reading page shows it: a group whose members' annotations on this
 * document stay hidden from the reader until they have posted `threshold` of their own here. The
 * server decides who reads what (server/authz); the page only says why the margin looks empty and
 * how far the reader is, counting the way the server counts.
 */
export type PostGate = { groupId: string; groupName: string; threshold: number };

export type PostGateStatus = PostGate & { remaining: number };

/**
 * What counts as posting in a group, as server/authz/viewer-access.ts counts it: the reader's own
 * top-level annotations in either of the group's scopes, not deleted, with something written
 * (an empty highlight is not a contribution).
 */
export function countsAsPost(annotation: AnnotationDto, viewerId: string, groupId: string): boolean {
  return (
    annotation.author.id === viewerId &&
    annotation.parentId === null &&
    annotation.groupId === groupId &&
    !annotation.isDeleted &&
    annotation.body.trim() !== ""
  );
}

/** The gates still holding, with how many more annotations each needs; a gate that is met is left out. */
export function gatesStillHolding(gates: readonly PostGate[], annotations: readonly AnnotationDto[], viewerId: string): PostGateStatus[] {
  return gates.flatMap((gate) => {
    const posted = annotations.filter((annotation) => countsAsPost(annotation, viewerId, gate.groupId)).length;
    const remaining = gate.threshold - posted;
    return remaining > 0 ? [{ ...gate, remaining }] : [];
  });
}

/** "Post 1 more annotation to see your group's annotations", the count spelled out. */
export function postGateMessage(status: PostGateStatus): string {
  return `Post ${status.remaining} more ${status.remaining === 1 ? "annotation" : "annotations"} to see your group’s annotations`;
}
