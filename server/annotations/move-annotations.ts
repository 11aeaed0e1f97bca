import "server-only";
import type { TMoveAnnotationsSchema } from "@/lib/annotations/schemas";
import type { AnnotationDto } from "@/lib/annotations/types";
import { AppError } from "@/lib/errors";
import {
  ACCESS_FIELDS_WITH_READING,
  assertCanAnnotate,
  assertCanPostTo,
  can,
  canOnReading,
  loadViewerAccess,
  type Viewer,
} from "@/server/authz/annotations";
import { assertScopeMovesAllowed } from "@/server/authz/scope-moves";
import { db } from "@/server/db/client";
import { mutateAnnotations } from "@/server/outbox/mutate-annotations";
import { ANNOTATION_SELECT, toAnnotationDto } from "./annotation-dto";
import { moveThreads } from "./move-threads";

/**
 * Moves several of the viewer's own threads to another scope at once ("share these with my
 * group"), replies with them. All or nothing: any id the viewer may not move answers 404 naming
 * it (a reply, 400), a move server/authz/scope-moves.ts refuses answers 409, and nothing changes.
 */
export async function moveAnnotations(viewer: Viewer, input: TMoveAnnotationsSchema): Promise<AnnotationDto[]> {
  assertCanAnnotate(viewer);
  // Only the author moves, and hide until you post never hides your own threads: no one document scopes this.
  const access = (await loadViewerAccess(viewer, { documentId: null }))!;
  const rows = await db.annotation.findMany({ where: { id: { in: input.ids } }, select: ACCESS_FIELDS_WITH_READING });
  const byId = new Map(rows.map((row) => [row.id, row]));
  for (const id of input.ids) {
    const row = byId.get(id);
    // A reply by the viewer is theirs to edit but not to move: its scope is its thread's.
    if (row && row.parentId !== null && can(access, "update", row)) {
      throw new AppError("BAD_REQUEST", `Annotation ${id} is a reply: it moves with its thread.`);
    }
    if (!row || !canOnReading(access, "move", row)) throw new AppError("NOT_FOUND", `No such annotation: ${id}.`);
  }
  assertCanPostTo(access, input.visibility);

  const scope = { visibility: input.visibility.visibility, groupId: input.visibility.groupId };
  const moved = await mutateAnnotations({ actorId: access.id }, async (tx, record) => {
    // Who could read each thread and reply before, so the stream can tell exactly them it is gone.
    await assertScopeMovesAllowed(tx, input.ids, input.visibility);
    await record.threadsBefore(input.ids, "moved");
    await moveThreads(tx, input.ids, scope);
    return tx.annotation.findMany({ where: { id: { in: input.ids } }, select: ANNOTATION_SELECT });
  });
  const order = new Map(input.ids.map((id, index) => [id, index]));
  return moved.sort((a, b) => order.get(a.id)! - order.get(b.id)!).map((row) => toAnnotationDto(row, access));
}
