import "server-only";
import type { TUpdateAnnotationSchema } from "@/lib/annotations/schemas";
import type { AnnotationDto } from "@/lib/annotations/types";
import type { AnnotationChange } from "@/lib/live/protocol";
import { AppError } from "@/lib/errors";
import { assertCan, assertCanPostTo, loadAnnotationFor, type AnnotationAction, type Viewer } from "@/server/authz/annotations";
import { assertScopeMovesAllowed } from "@/server/authz/scope-moves";
import { mutateAnnotations } from "@/server/outbox/mutate-annotations";
import { notifyMentions, type MentioningAnnotation } from "@/server/notifications/notify-mentions";
import { ANNOTATION_SELECT, toAnnotationDto } from "./annotation-dto";
import { anchorTarget, versionWrittenOn } from "./create-annotation";
import { compareBeforePlacing, reanchorOntoVersion } from "@/server/documents/reanchor-onto-version";
import { handInAgain, moveThreads } from "./move-threads";
import { EMPTY_REPLY, storedBody } from "./stored-body";
import { db } from "@/server/db/client";
import { tagRecord } from "@/lib/annotations/tag-key";

async function latestVersionOf(documentId: string) {
  const version = await db.documentVersion.findFirst({
    where: { documentId },
    orderBy: { number: "desc" },
    select: { id: true, text: true },
  });
  if (!version) throw new AppError("NOT_FOUND", "This annotation's reading has no text.");
  return version;
}

/**
 * Edits body, tags, colour or visibility (moving the thread to another scope, replies with it), moves the highlight to a new span (`target`), or
 * resolves/reopens the thread (`resolved`). All or nothing: one transaction, with its live events
 * (a move records one per reply too, with who could read them before).
 */
export async function updateAnnotation(viewer: Viewer, id: string, input: TUpdateAnnotationSchema): Promise<AnnotationDto> {
  const { resolved, ifUnmodifiedSince, versionId, mentions = [], ...edits } = input;
  const isEdit = Object.keys(edits).length > 0;
  // A change of scope alone is asked as a move (below, once a reply is told it has no scope of its
  // own), as POST /api/annotations/move asks it: an author no longer in the note's group may still
  // take it to Only me, though no longer edit it.
  const isMoveOnly = isEdit && Object.keys(edits).every((field) => field === "visibility");
  const actions: AnnotationAction[] = [
    ...(resolved !== undefined ? ["resolve" as const] : []),
    ...(isEdit && !isMoveOnly ? ["update" as const] : []),
  ];
  const { access, annotation } = await loadAnnotationFor(viewer, id, actions, { documentId: true });

  const isReply = annotation.parentId !== null;
  if (isReply && (edits.target || edits.color || edits.visibility || edits.tags)) {
    throw new AppError("BAD_REQUEST", "A reply has only a body: its target, colour, tags and visibility are its thread's.");
  }
  const body = edits.body === undefined ? undefined : storedBody(edits.body);
  if (isReply && body === "") throw new AppError("BAD_REQUEST", EMPTY_REPLY);
  if (edits.visibility) {
    if (isMoveOnly) await loadAnnotationFor(viewer, id, "move");
    assertCan(access, "move", annotation);
    assertCanPostTo(access, edits.visibility);
  }
  // A new span is taken on the version it was chosen on (`versionId`, the latest by default): on the
  // latest it is how an orphan is given a new place; on an older one (a page left open while the
  // owner saved a new version), it is then carried onto the latest as a new version carries every note.
  const latest = edits.target ? await latestVersionOf(annotation.documentId) : null;
  const movedOn = latest ? await versionWrittenOn(annotation.documentId, latest, versionId) : null;
  const place = edits.target && movedOn ? anchorTarget(movedOn.text, edits.target) : null;
  const anchor = place && movedOn ? { ...place, versionId: movedOn.id, anchorStatus: "anchored", anchorScore: 1, quoteWas: null } : {};
  // Moved on an older version: compared with the latest before the transaction, as a new note is.
  const planned =
    place && movedOn && latest && movedOn.id !== latest.id ? await compareBeforePlacing(movedOn, latest, access.id) : undefined;
  // One event per change, named by what the reader would notice most: a move, else an edit, else the resolution.
  const change: AnnotationChange = edits.visibility ? "moved" : isEdit ? "edited" : resolved ? "resolved" : "reopened";

  // The words the edit replaced, once it changes them: who they mentioned was told when they were written.
  let replacedBody: string | null = null;
  const notify = async (saved: MentioningAnnotation) => {
    if (replacedBody !== null) await notifyMentions(saved, mentions, replacedBody);
  };
  const row = await mutateAnnotations({ actorId: access.id, notify }, async (tx, record) => {
    // Read only when an edit needs it: the condition of an offline edit, or whether the text changes.
    const current =
      ifUnmodifiedSince || body !== undefined
        ? await tx.annotation.findUniqueOrThrow({ where: { id }, select: { updatedAt: true, body: true } })
        : null;
    if (ifUnmodifiedSince && current!.updatedAt.getTime() > Date.parse(ifUnmodifiedSince)) {
      throw new AppError("CONFLICT", "This annotation was changed elsewhere since this edit was made.");
    }
    if (edits.visibility) {
      await assertScopeMovesAllowed(tx, [id], edits.visibility);
      await record.threadsBefore([id], change);
    }
    if (edits.tags) {
      await tx.annotationTag.deleteMany({ where: { annotationId: id } });
      await tx.annotationTag.createMany({ data: edits.tags.map((name) => ({ annotationId: id, ...tagRecord(name) })) });
    }
    if (edits.visibility) await moveThreads(tx, [id], edits.visibility);
    const rewritten = body !== undefined && body !== current!.body;
    // Before the update whose row is answered: handing in writes the row too (its updatedAt), and the
    // answer's updatedAt is what the page's next edit is checked against (ifUnmodifiedSince).
    if (rewritten) {
      await handInAgain(tx, id);
      replacedBody = current!.body;
    }
    let updated = await tx.annotation.update({
      where: { id },
      data: {
        ...anchor,
        ...(rewritten && { body }),
        ...(edits.color && { color: edits.color }),
        ...(resolved !== undefined && { resolvedAt: resolved ? new Date() : null }),
      },
      select: ANNOTATION_SELECT,
    });
    if (place && movedOn && latest) {
      // The version's record follows the move, so that version opens with it where it is now.
      const placement = { status: "anchored", score: 1, ...place };
      await tx.annotationAnchor.upsert({
        where: { annotationId_versionId: { annotationId: id, versionId: movedOn.id } },
        create: { annotationId: id, versionId: movedOn.id, ...placement },
        update: placement,
      });
      if (movedOn.id !== latest.id) {
        // Its place on the latest version is found anew from the chosen words, not kept from before.
        await tx.annotationAnchor.deleteMany({ where: { annotationId: id, versionId: latest.id } });
        await reanchorOntoVersion(tx, updated.documentId, latest, [id], planned);
        updated = await tx.annotation.findUniqueOrThrow({ where: { id }, select: ANNOTATION_SELECT });
      }
    }
    if (!edits.visibility) record({ documentId: updated.documentId, annotationId: id, change });
    return updated;
  });
  return toAnnotationDto(row, access);
}
