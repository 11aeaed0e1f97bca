import { z } from "zod";
import { ANCHOR_STATUSES } from "@/lib/anchoring/anchor-status";
import { HIGHLIGHT_COLORS } from "@/lib/annotations/colors";
import { VISIBILITIES } from "@/lib/annotations/scopes";
import { ZReadingVisibility } from "@/lib/documents/reading-visibility";
import { ASSIGNABLE_ROLES, GROUP_ROLES } from "@/lib/groups/schemas";
import { NOTIFICATION_KINDS } from "@/lib/notifications/schemas";
import { RUBRIC } from "@/lib/review/rubric";
import { SCORE_RELEASES } from "@/lib/review/score-release";
import { TOKEN_SCOPES } from "@/lib/tokens/schemas";

/**
 * What the routes answer, as JSON on the wire (dates are ISO strings). The TypeScript types the
 * server returns are checked against these at compile time (app/api/openapi.json/openapi.test.ts),
 * so a field added to a DTO and not here fails the type check.
 */

const ZDateTime = z.iso.datetime({ offset: true });
const ZPerson = z.object({ id: z.string(), name: z.string() });

export const ZAnnotationDto = z
  .object({
    id: z.string(),
    documentId: z.string(),
    versionId: z.string(),
    parentId: z.string().nullable().meta({ description: "The thread's root for a reply, null for a top-level annotation." }),
    author: ZPerson,
    target: z
      .object({
        source: z.string(),
        selector: z.tuple([
          z.object({ type: z.literal("TextQuoteSelector"), exact: z.string(), prefix: z.string(), suffix: z.string() }),
          z.object({ type: z.literal("TextPositionSelector"), start: z.number().int(), end: z.number().int() }),
        ]),
      })
      .nullable()
      .meta({ description: "W3C selectors over the document's canonical text; null for a reply." }),
    anchoring: z
      .object({
        status: z.enum(ANCHOR_STATUSES),
        versionId: z.string(),
        score: z.number().min(0).max(1),
        quoteWas: z.string().optional().meta({
          description: "For an annotation whose words a later version changed: the words it was written on (its quote is the new wording).",
        }),
      })
      .nullable()
      .meta({
        description:
          "Where the target stands on the version shown: `anchored` (its position holds) or `relocated` (found again by its words; " +
          "`score` says how sure), the selectors then counting into `versionId`, the version shown; or `orphaned` (no place good " +
          "enough on it), the selectors then those of `versionId`, the last version the annotation had a place on. Null for a reply.",
      }),
    body: z.string().meta({ description: "Markdown. Empty for a plain highlight and for a deleted annotation kept for its replies." }),
    bodyHtml: z.string().meta({
      description:
        "The body rendered from Markdown and sanitized (raw HTML shown as text, no images, safe links only), as the app shows it.",
    }),
    tags: z.array(z.string()),
    color: z.enum(HIGHLIGHT_COLORS).nullable(),
    visibility: z.enum(VISIBILITIES),
    groupId: z.string().nullable(),
    groupName: z.string().nullable(),
    replyCount: z.number().int().meta({
      description:
        "Replies in the thread that you may read (under hide until you post, not yet your peers'); feedback is never counted here.",
    }),
    feedbackCount: z.number().int().meta({ description: "Private feedback in the thread the caller may read (0 on a reply)." }),
    isFeedback: z.boolean().meta({ description: "An instructor's private feedback." }),
    feedbackOn: z
      .object({ id: z.string(), author: ZPerson, isReply: z.boolean() })
      .nullable()
      .meta({ description: "What a piece of feedback is about (the thread's annotation or one of its replies)." }),
    score: z
      .union(RUBRIC.map((level) => z.literal(level.points)))
      .nullable()
      .meta({ description: "The rubric score, if the caller may see it: the group's staff, or its author once scores are released." }),
    resolvedAt: ZDateTime.nullable(),
    isDeleted: z.boolean(),
    isHidden: z.boolean().meta({ description: "Hidden by an instructor: only its author and the group's staff still see it." }),
    helpfulCount: z.number().int(),
    isHelpfulToMe: z.boolean().optional(),
    createdAt: ZDateTime,
    updatedAt: ZDateTime,
    permissions: z
      .object({
        edit: z.boolean(),
        delete: z.boolean(),
        reply: z.boolean(),
        resolve: z.boolean().meta({ description: "Resolve or reopen the thread." }),
        move: z.boolean().meta({ description: "Change who sees the thread (its scope)." }),
        flag: z.boolean(),
        markHelpful: z.boolean(),
        hide: z.boolean().meta({ description: "Hide or restore the thread (the group's staff)." }),
        score: z.boolean(),
        feedback: z.boolean().meta({ description: "Write an instructor's feedback reply." }),
      })
      .meta({ description: "What the caller may do with this annotation, as the server decides it for them." }),
  })
  .meta({ description: "An annotation or a reply." });

export const ZAnnotationPage = z.object({ items: z.array(ZAnnotationDto), nextCursor: z.string().nullable() });
export const ZAnnotationWithReplies = ZAnnotationDto.extend({ replies: z.array(ZAnnotationDto) });
export const ZFeedbackReply = ZAnnotationDto.extend({ isFeedback: z.literal(true) });
export const ZDeleteResult = z.object({ id: z.string(), isKeptForReplies: z.boolean() });
export const ZAnnotationList = z.object({ items: z.array(ZAnnotationDto) });
/** lib/annotations/annotation-stubs.ts EncodedStubs: what the reading page paints and lists a large reading from. */
export const ZAnnotationStubs = z.object({
  ids: z.array(z.string()).meta({ description: "Top-level annotations placed on the latest version, in document order." }),
  cells: z.array(z.number().int()).meta({
    description:
      "Five numbers per id: start, length, colour index into the palette (-1: none), author index, scope index × 2 + 1 if deleted.",
  }),
  authors: z.array(z.tuple([z.string(), z.string()])).meta({ description: "[user id, name] pairs." }),
  scopes: z.array(z.string()).meta({ description: 'Scope keys: "private", "everyone", "group:<id>", "instructors:<id>".' }),
  tags: z.array(z.string()),
  tagged: z.array(z.number().int()).meta({ description: "Pairs: index into ids, index into tags." }),
});

/** A W3C Web Annotation (https://www.w3.org/TR/annotation-model/), described loosely. */
export const ZWebAnnotation = z.looseObject({ "@context": z.unknown(), id: z.string(), type: z.literal("Annotation") });

export const ZImportSummary = z.object({
  imported: z.number().int(),
  alreadyImported: z.number().int(),
  replies: z.number().int(),
  orphans: z.array(z.object({ sourceId: z.string(), quote: z.string(), reason: z.string() })),
});

export const ZDocumentSummary = z.object({
  slug: z.string(),
  title: z.string(),
  author: z.string().nullable(),
  readingMinutes: z.number().int(),
  visibility: ZReadingVisibility,
  group: z.object({ id: z.string(), name: z.string() }).nullable(),
  isMine: z.boolean(),
  createdAt: ZDateTime,
  annotationCount: z.number().int(),
});
export const ZDocumentList = z.object({ items: z.array(ZDocumentSummary), nextCursor: z.null() });

export const ZFlagResult = z.object({ id: z.string(), annotationId: z.string(), reason: z.string(), createdAt: ZDateTime });
export const ZFlagDto = z.object({
  id: z.string(),
  reason: z.string(),
  createdAt: ZDateTime,
  flaggedBy: ZPerson,
  annotation: z.object({
    id: z.string(),
    threadId: z.string(),
    quote: z.string(),
    body: z.string(),
    author: ZPerson,
    isHidden: z.boolean(),
    href: z.string(),
  }),
});
export const ZFlagList = z.object({ items: z.array(ZFlagDto) });
export const ZHelpfulDto = z.object({ annotationId: z.string(), helpfulCount: z.number().int(), isHelpfulToMe: z.boolean() });

const RUBRIC_POINTS = RUBRIC.map((level) => level.points) as [0, 1, 2, 3];
export const ZReleaseScoresResult = z.object({ released: z.number().int() });
export const ZScoreDto = z.object({
  annotationId: z.string(),
  points: z.union(RUBRIC_POINTS.map((points) => z.literal(points))).nullable(),
});

const ZGroupRole = z.enum(GROUP_ROLES);
const ZAssignableRole = z.enum(ASSIGNABLE_ROLES);

export const ZMyGroupSummary = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string(),
  role: ZGroupRole,
  memberCount: z.number().int(),
  joinCode: z
    .string()
    .nullable()
    .optional()
    .meta({ description: "Only for the owner and instructors, who hand it out; null when the owner switched joining by code off." }),
});
export const ZMyGroupList = z.object({ items: z.array(ZMyGroupSummary) });
export const ZGroupDetails = ZMyGroupSummary.extend({
  hideUntilPostCount: z.number().int(),
  scoreRelease: z
    .enum(SCORE_RELEASES)
    .meta({ description: "When students see their scores: when released (manual) or as given (immediate)." }),
  timeZone: z
    .string()
    .nullable()
    .meta({ description: "IANA zone the group's assignment times are typed in; null: each instructor's browser zone." }),
  createdAt: ZDateTime,
  permissions: z
    .object({
      update: z.boolean(),
      review: z.boolean(),
      seeFlags: z.boolean(),
      inviteMembers: z.boolean(),
      inviteInstructors: z.boolean(),
      revokeInvites: z.boolean(),
      manageMembers: z.boolean().meta({ description: "Change members' roles and remove them." }),
      leave: z.boolean(),
    })
    .meta({ description: "What the caller may do in this group, as the server decides it for them." }),
});
export const ZGroupMember = z.object({
  userId: z.string(),
  name: z.string(),
  email: z.string().optional().meta({ description: "Only for the owner and instructors." }),
  role: ZGroupRole,
  joinedAt: ZDateTime,
});
export const ZGroupMemberList = z.object({ items: z.array(ZGroupMember) });
export const ZMemberRoleResult = z.object({ userId: z.string(), role: ZAssignableRole });
export const ZRemoveMemberResult = z.object({ groupId: z.string(), userId: z.string(), hasLeft: z.boolean() });
export const ZJoinCodeResult = z.object({
  joinCode: z.string().nullable().meta({ description: "The new code; null when joining by code is off." }),
});
export const ZRemovedPersonList = z.object({
  items: z.array(z.object({ userId: z.string(), name: z.string(), removedAt: ZDateTime })),
});
export const ZLetBackInResult = z.object({ groupId: z.string(), userId: z.string() });
export const ZInviteSummary = z.object({
  id: z.string(),
  role: ZAssignableRole,
  expiresAt: ZDateTime.nullable(),
  createdAt: ZDateTime,
  createdByName: z.string(),
});
export const ZInviteList = z.object({ items: z.array(ZInviteSummary) });
export const ZCreatedInvite = z.object({
  id: z.string(),
  url: z.string().meta({ description: "The invitation link: shown this once." }),
  code: z.string().nullable(),
  role: ZAssignableRole,
  expiresAt: ZDateTime,
});
export const ZInvitePreview = z.object({
  groupName: z.string(),
  role: ZAssignableRole,
  expiresAt: ZDateTime.nullable(),
  myRole: ZGroupRole.nullable(),
});
export const ZJoinResult = z.object({ groupId: z.string(), name: z.string(), role: ZGroupRole, wasAlreadyMember: z.boolean() });
export const ZRevokeResult = z.object({ id: z.string(), revokedAt: ZDateTime });

export const ZNotificationDto = z.object({
  id: z.string(),
  kind: z.enum(NOTIFICATION_KINDS),
  actor: ZPerson,
  createdAt: ZDateTime,
  isRead: z.boolean(),
  annotation: z
    .object({ quote: z.string(), snippet: z.string(), href: z.string() })
    .nullable()
    .meta({ description: "Null once the annotation is gone or no longer readable by you." }),
  assignment: z
    .object({ title: z.string(), group: z.string(), dueAt: ZDateTime, href: z.string() })
    .nullable()
    .meta({ description: "For the assignment kinds; null once the assignment is gone or no longer visible to you." }),
});
export const ZNotificationPage = z.object({ items: z.array(ZNotificationDto), unreadCount: z.number().int() });
export const ZUnreadCount = z.object({ unreadCount: z.number().int() });

export const ZApiTokenSummary = z.object({
  id: z.string(),
  name: z.string(),
  prefix: z.string().meta({ description: "The token's first characters, to tell tokens apart." }),
  scope: z.enum(TOKEN_SCOPES),
  expiresAt: ZDateTime.nullable(),
  lastUsedAt: ZDateTime.nullable(),
  createdAt: ZDateTime,
});
export const ZApiTokenList = z.object({ items: z.array(ZApiTokenSummary) });
export const ZCreatedApiToken = ZApiTokenSummary.omit({ lastUsedAt: true }).extend({
  token: z.string().meta({ description: "The token itself: shown this once, never again." }),
});
