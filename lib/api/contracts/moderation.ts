import { defineContract } from "@/lib/api/contract";
import { ZAnnotationDto, ZFeedbackReply, ZFlagList, ZFlagResult, ZHelpfulDto, ZReleaseScoresResult, ZScoreDto } from "@/lib/api/responses";
import { ZCreateReplySchema } from "@/lib/annotations/schemas";
import { ZFlagAnnotationSchema } from "@/lib/moderation/schemas";
import { ZSetScoreSchema } from "@/lib/review/score-schema";
import { ZReleaseScoresSchema } from "@/lib/review/score-release-schemas";
import { ZAnnotationIdParams, ZGroupIdParams } from "./params";
import { WRITE_RATE_LIMITED } from "./limits";

const STAFF_ONLY = "Members who may read it but are not the group's owner or an instructor.";
const NOT_ITS_MODERATOR = "Readers who may read it but do not moderate it (see the summary), and the writer of a reply.";

export const flagAnnotationContract = defineContract({
  method: "POST",
  path: "/api/annotations/{id}/flags",
  summary: "Flag an annotation of my group for its instructors (not my own); flagging again replaces the reason.",
  tag: "Moderation and review",
  auth: "write",
  params: ZAnnotationIdParams,
  body: ZFlagAnnotationSchema,
  responses: { 201: { description: "The flag. The group's owner and instructors are notified.", schema: ZFlagResult } },
  errors: { 429: WRITE_RATE_LIMITED },
});

export const listGroupFlagsContract = defineContract({
  method: "GET",
  path: "/api/groups/{id}/flags",
  summary: "The group's open flags, newest first, for its owner and instructors.",
  tag: "Moderation and review",
  auth: "read",
  params: ZGroupIdParams,
  responses: { 200: { description: "Open flags with the flagged annotation.", schema: ZFlagList } },
  errors: { 403: STAFF_ONLY },
});

export const hideAnnotationContract = defineContract({
  method: "POST",
  path: "/api/annotations/{id}/hide",
  summary:
    "Hide a thread (its group's owner and instructors) or one reply (the same, or the author of a thread shared with everyone signed in); resolves its open flags.",
  description:
    "A hidden thread stays visible to its author (with `isHidden: true`) and to the group's staff; a hidden reply to its writer and its thread's moderators. One's own reply is deleted, not hidden.",
  tag: "Moderation and review",
  auth: "write",
  params: ZAnnotationIdParams,
  responses: { 200: { description: "The annotation, now hidden.", schema: ZAnnotationDto } },
  errors: { 403: NOT_ITS_MODERATOR, 429: WRITE_RATE_LIMITED },
});

export const restoreAnnotationContract = defineContract({
  method: "DELETE",
  path: "/api/annotations/{id}/hide",
  summary: "Restore a hidden thread or reply (whoever may hide it); resolves its open flags.",
  tag: "Moderation and review",
  auth: "write",
  params: ZAnnotationIdParams,
  responses: { 200: { description: "The annotation, shown again.", schema: ZAnnotationDto } },
  errors: { 403: NOT_ITS_MODERATOR, 429: WRITE_RATE_LIMITED },
});

export const markHelpfulContract = defineContract({
  method: "PUT",
  path: "/api/annotations/{id}/helpful",
  summary: "Mark a group peer's annotation helpful.",
  tag: "Moderation and review",
  auth: "write",
  params: ZAnnotationIdParams,
  responses: { 200: { description: "The annotation's helpful count and my mark.", schema: ZHelpfulDto } },
  errors: { 403: "Your own annotation, or one outside your groups.", 429: WRITE_RATE_LIMITED },
});

export const unmarkHelpfulContract = defineContract({
  method: "DELETE",
  path: "/api/annotations/{id}/helpful",
  summary: "Take my helpful mark back.",
  tag: "Moderation and review",
  auth: "write",
  params: ZAnnotationIdParams,
  responses: { 200: { description: "The annotation's helpful count and my mark.", schema: ZHelpfulDto } },
  errors: { 429: WRITE_RATE_LIMITED },
});

export const setScoreContract = defineContract({
  method: "PUT",
  path: "/api/annotations/{id}/score",
  summary: "Score a student's annotation or reply in a group on the rubric: 0 Not yet, 1 Developing, 2 Proficient, 3 Exemplary.",
  description:
    "Owner and instructors, not on their own writing nor on feedback. Its author sees the score (`score` on the annotation) " +
    "once scores are released: at once if the group's `scoreRelease` is `immediate`, else after `POST /api/groups/{id}/score-release`.",
  tag: "Moderation and review",
  auth: "write",
  params: ZAnnotationIdParams,
  body: ZSetScoreSchema,
  responses: { 200: { description: "The score now.", schema: ZScoreDto } },
  errors: { 403: STAFF_ONLY, 429: WRITE_RATE_LIMITED },
});

export const clearScoreContract = defineContract({
  method: "DELETE",
  path: "/api/annotations/{id}/score",
  summary: "Clear an annotation's score.",
  tag: "Moderation and review",
  auth: "write",
  params: ZAnnotationIdParams,
  responses: { 200: { description: "The score now (`points` is null).", schema: ZScoreDto } },
  errors: { 403: STAFF_ONLY, 429: WRITE_RATE_LIMITED },
});

export const createFeedbackContract = defineContract({
  method: "POST",
  path: "/api/annotations/{id}/feedback",
  summary: "Give private feedback on an annotation or reply: only its author and the group's staff read it (owner and instructors).",
  description:
    "The feedback is a reply in the thread with `isFeedback: true` and `feedbackOn` naming what it is about; it is never counted " +
    "in `replyCount`. Not on your own writing nor on feedback.",
  tag: "Moderation and review",
  auth: "write",
  params: ZAnnotationIdParams,
  body: ZCreateReplySchema,
  responses: { 201: { description: "The feedback reply.", schema: ZFeedbackReply } },
  errors: { 403: STAFF_ONLY, 429: WRITE_RATE_LIMITED },
});

export const releaseScoresContract = defineContract({
  method: "POST",
  path: "/api/groups/{id}/score-release",
  summary: "Release scores: each student sees the scores given so far on their work in the group on one document (owner and instructors).",
  tag: "Moderation and review",
  auth: "write",
  params: ZGroupIdParams,
  body: ZReleaseScoresSchema,
  responses: { 200: { description: "How many scores were released now.", schema: ZReleaseScoresResult } },
  errors: { 403: STAFF_ONLY, 429: WRITE_RATE_LIMITED },
});
