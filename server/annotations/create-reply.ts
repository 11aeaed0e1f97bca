import "server-only";
import type { TCreateReplySchema } from "@/lib/annotations/schemas";
import type { AnnotationDto } from "@/lib/annotations/types";
import { ACCESS_FIELDS, assertCan, assertCanAssess, loadAnnotationFor, type Viewer } from "@/server/authz/annotations";
import { db } from "@/server/db/client";
import { notifyMentions, type MentioningAnnotation } from "@/server/notifications/notify-mentions";
import { notifyReply } from "@/server/notifications/notify-reply";
import { storedSearchText } from "@/lib/text/stored-search-text";
import { mutateAnnotations } from "@/server/outbox/mutate-annotations";
import { ANNOTATION_SELECT, toAnnotationDto } from "./annotation-dto";
import { createOnce, findRetriedCreate } from "./find-retried-create";
import { sharedAtOnCreate } from "./move-threads";
import { EMPTY_REPLY, storedBody } from "./stored-body";
import { AppError } from "@/lib/errors";

const THREAD_FIELDS = { versionId: true } as const;

const REPLY_TO_FEEDBACK =
  "That is feedback, which only you and the group's instructors read; a reply is read by everyone the thread is shared with. Reply to the thread itself, knowing who will read it.";

/**
 * A reply in a thread. Threads are flat, like a margin conversation: replying to a reply adds to
 * the same thread. The reply inherits the thread's document, version and visibility. With
 * `isFeedback` it is an instructor's private feedback on `parentId` — the thread's annotation or
 * one reply in it (server/review/create-feedback-reply.ts): only the staff of the thread's group
 * may write one, on someone else's writing.
 */
export async function createReply(
  viewer: Viewer,
  parentId: string,
  input: TCreateReplySchema,
  options: { isFeedback?: boolean } = {},
): Promise<AnnotationDto> {
  // Hide until you post applies here too: a thread you cannot see, you cannot reply to. Feedback is
  // no reply to the thread but the staff's word on one piece of work in it: "moderate" decides
  // (below), so a student's reply in a thread whose annotation was deleted still gets feedback.
  const { access, annotation: parent } = await loadAnnotationFor(
    viewer,
    parentId,
    options.isFeedback ? "moderate" : "reply",
    THREAD_FIELDS,
  );
  const root = parent.parentId
    ? await db.annotation.findUnique({ where: { id: parent.parentId }, select: { ...ACCESS_FIELDS, ...THREAD_FIELDS, documentId: true } })
    : parent;
  if (!options.isFeedback) assertCan(access, "reply", root);
  // Feedback is between its writer and the instructors; a reply is read by everyone the thread is
  // for. Answering feedback by its id put the student's answer before the whole group.
  if (parent.isFeedback && !options.isFeedback) throw new AppError("UNPROCESSABLE", REPLY_TO_FEEDBACK);
  if (options.isFeedback) {
    assertCan(access, "moderate", parent);
    assertCanAssess(access, parent);
  }
  const thread = root!;
  const body = storedBody(input.body);
  if (body === "") throw new AppError("BAD_REQUEST", EMPTY_REPLY);

  const retried = await findRetriedCreate(access, input.clientToken);
  if (retried) return retried;
  // Two retries racing past the check above (PostgreSQL): the loser answers with the first copy.
  return createOnce(access, input.clientToken, async () => {
    // One after the other: the mention pass skips whoever the reply pass already notified (a reply
    // that also @mentions the thread's author notifies them once). Run together, both could check
    // before either wrote, and PostgreSQL does run them together.
    const notify = async (reply: MentioningAnnotation) => {
      await notifyReply(reply.id);
      await notifyMentions(reply, input.mentions);
    };
    // The event concerns the reply (the stream sends its thread along, with the new reply count).
    const row = await mutateAnnotations({ actorId: access.id, notify }, async (tx, record) => {
      const created = await tx.annotation.create({
        data: {
          documentId: thread.documentId,
          versionId: thread.versionId,
          authorId: access.id,
          parentId: thread.id,
          body,
          searchText: storedSearchText(null, body, []),
          visibility: thread.visibility,
          groupId: thread.groupId,
          sharedAt: sharedAtOnCreate(thread),
          clientToken: input.clientToken,
          isFeedback: options.isFeedback ?? false,
          feedbackOnId: options.isFeedback ? parent.id : null,
        },
        select: ANNOTATION_SELECT,
      });
      record({ documentId: created.documentId, annotationId: created.id, change: "created", clientToken: input.clientToken });
      return created;
    });
    return toAnnotationDto(row, access);
  });
}
