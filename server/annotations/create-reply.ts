import "server-only";
import type { TCreateReplySchema } from "@/lib/annotations/schemas";
import type { AnnotationDto } from "@/lib/annotations/types";
import { ACCESS_FIELDS, assertCan, loadViewerAccess, type Viewer } from "@/server/authz/annotations";
import { db } from "@/server/db/client";
import { announce } from "@/server/live/bus";
import { recordAnnotationEvent } from "@/server/live/record-annotation-event";
import { notifyBestEffort } from "@/server/notifications/notify-best-effort";
import { notifyMentions } from "@/server/notifications/notify-mentions";
import { notifyReply } from "@/server/notifications/notify-reply";
import { ANNOTATION_SELECT, toAnnotationDto } from "./annotation-dto";
import { createOnce, findRetriedCreate } from "./find-retried-create";

/**
 * A reply in a thread. Threads are flat, like a margin conversation: replying to a reply adds to
 * the same thread. The reply inherits the thread's document, version and visibility. With
 * `isFeedback` it is an instructor's feedback (server/review/create-feedback-reply.ts): only the
 * staff of the thread's group may write one.
 */
export async function createReply(
  viewer: Viewer,
  parentId: string,
  input: TCreateReplySchema,
  options: { isFeedback?: boolean } = {},
): Promise<AnnotationDto> {
  const parent = await db.annotation.findUnique({ where: { id: parentId }, select: { ...ACCESS_FIELDS, documentId: true, versionId: true } });
  // Hide until you post applies here too: a thread you cannot see, you cannot reply to.
  const access = await loadViewerAccess(viewer, { documentId: parent?.documentId });
  assertCan(access, "reply", parent);
  const root = parent!.parentId
    ? await db.annotation.findUnique({ where: { id: parent!.parentId }, select: { ...ACCESS_FIELDS, documentId: true, versionId: true } })
    : parent;
  assertCan(access, "reply", root);
  if (options.isFeedback) assertCan(access, "moderate", root);

  const retried = await findRetriedCreate(viewer!.id, input.clientToken);
  if (retried) return retried;
  // Two retries racing past the check above (PostgreSQL): the loser answers with the first copy.
  return createOnce(viewer!.id, input.clientToken, async () => {
    // The reply and its live event commit together; the event concerns the reply (the stream
    // sends its thread along, with the new reply count).
    const row = await db.$transaction(async (tx) => {
      const created = await tx.annotation.create({
        data: {
          documentId: root!.documentId,
          versionId: root!.versionId,
          authorId: viewer!.id,
          parentId: root!.id,
          body: input.body,
          visibility: root!.visibility,
          groupId: root!.groupId,
          clientToken: input.clientToken,
          isFeedback: options.isFeedback ?? false,
        },
        select: ANNOTATION_SELECT,
      });
      await recordAnnotationEvent(tx, { documentId: created.documentId, annotationId: created.id, kind: "created", actorId: viewer!.id });
      return created;
    });
    await announce({ documentId: row.documentId });
    // One after the other: the mention pass skips whoever the reply pass already notified (a reply
  // that also @mentions the thread's author notifies them once). Run together, both could check
  // before either wrote, and PostgreSQL does run them together.
  await notifyBestEffort(async () => {
    await notifyReply(row.id);
    await notifyMentions(row.id);
  });
    return toAnnotationDto(row);
  });
}
