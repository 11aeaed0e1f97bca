import "server-only";
import type { TCreateReplySchema } from "@/lib/annotations/schemas";
import type { AnnotationDto } from "@/lib/annotations/types";
import type { Viewer } from "@/server/authz/annotations";
import { createReply } from "@/server/annotations/create-reply";

/**
 * An instructor's feedback on a thread: a reply marked as feedback, which only the thread's
 * author, its writer and the group's staff read (server/authz/annotations.ts). Only the staff of
 * the thread's group may give it; everything else — the thread, retries — is an ordinary reply's.
 */
export async function createFeedbackReply(
  viewer: Viewer,
  annotationId: string,
  input: TCreateReplySchema,
): Promise<AnnotationDto & { isFeedback: true }> {
  return { ...(await createReply(viewer, annotationId, input, { isFeedback: true })), isFeedback: true };
}
