import { withoutDirectionControls } from "@/lib/text/one-line-label";
import { hasVisibleCharacter } from "@/lib/text/visible";
import { z } from "zod";
import { ANCHOR_STATUSES } from "@/lib/anchoring/anchor-status";
import { HIGHLIGHT_COLORS } from "./colors";
import { scopeFromInput } from "./scopes";

export { VISIBILITIES, VISIBILITY_LABELS, type Visibility } from "./scopes";

import { NOTHING_TO_CHANGE } from "@/lib/api/nothing-to-change";
import { MAX_BODY_LENGTH, MAX_TAG_LENGTH, MAX_TAGS } from "./limits";
import { deepestOpeningNesting } from "@/lib/markdown/nesting";

export { MAX_BODY_LENGTH, MAX_TAG_LENGTH, MAX_TAGS } from "./limits";
/** Longer than our own 32, so other W3C clients' selectors (Hypothesis uses 32 too) fit. */
const MAX_CONTEXT_LENGTH = 256;

const ZTextQuoteSelector = z.object({
  type: z.literal("TextQuoteSelector"),
  exact: z.string().min(1, "The quote (exact) cannot be empty.").max(50_000),
  prefix: z.string().max(MAX_CONTEXT_LENGTH).optional().default(""),
  suffix: z.string().max(MAX_CONTEXT_LENGTH).optional().default(""),
});

const ZTextPositionSelector = z
  .object({
    type: z.literal("TextPositionSelector"),
    start: z.number().int("start must be a whole number.").nonnegative("start cannot be negative."),
    end: z.number().int("end must be a whole number.").nonnegative("end cannot be negative."),
  })
  .refine((selector) => selector.end > selector.start, { message: "end must be greater than start.", path: ["end"] });

/** W3C target: a TextQuoteSelector is required; a TextPositionSelector makes anchoring exact. */
export const ZTarget = z
  .object({
    source: z.string().optional(),
    selector: z
      .array(z.discriminatedUnion("type", [ZTextQuoteSelector, ZTextPositionSelector]))
      .min(1, "The target needs a TextQuoteSelector.")
      .max(4),
  })
  .transform((target, context) => {
    const quote = target.selector.find((selector) => selector.type === "TextQuoteSelector");
    const position = target.selector.find((selector) => selector.type === "TextPositionSelector");
    if (!quote) {
      context.addIssue({ code: "custom", message: "The target needs a TextQuoteSelector.", path: ["selector"] });
      return z.NEVER;
    }
    return { quote, position };
  });
export type TTarget = z.infer<typeof ZTarget>;

/** Quotes and lists a comment may nest on one line: email-style quoting goes a few deep, never this. */
export const MAX_COMMENT_NESTING = 20;
const isShallow = (body: string) => deepestOpeningNesting(body).depth <= MAX_COMMENT_NESTING;
const TOO_DEEP = `The comment nests quotes or lists more than ${MAX_COMMENT_NESTING} deep on one line: flatten them.`;

/** A comment is kept as written (Markdown's trailing spaces mean something), but one of only whitespace is no comment: "". */
const ZBody = z
  .string()
  .max(MAX_BODY_LENGTH, `The comment is too long: at most ${MAX_BODY_LENGTH.toLocaleString("en")} characters.`)
  .refine(isShallow, TOO_DEEP)
  .transform((body) => (body.trim() === "" ? "" : body));

/**
 * One tag: a one-line label a reader can see. Control characters (a line break, a tab, ESC) are
 * refused, not dropped: they drew nothing in a chip and broke the tag's line in every export.
 */
export const ZTagName = z
  .string()
  .overwrite(withoutDirectionControls)
  .trim()
  .min(1, "A tag cannot be empty.")
  .max(MAX_TAG_LENGTH, `A tag can be at most ${MAX_TAG_LENGTH} characters.`)
  .refine((tag) => !/\p{Cc}/u.test(tag), "A tag is one line: no line breaks, tabs or other control characters.")
  .refine(hasVisibleCharacter, "A tag needs letters or signs a reader can see.");

const ZTags = z
  .array(ZTagName)
  .max(MAX_TAGS, `At most ${MAX_TAGS} tags.`)
  // Tags compare case-insensitively ("Evidence" is "evidence"); the first spelling wins.
  .transform((tags) => {
    const byKey = new Map<string, string>();
    for (const tag of tags) if (!byKey.has(tag.toLowerCase())) byKey.set(tag.toLowerCase(), tag);
    return [...byKey.values()];
  });

const VISIBILITY_ERROR = 'visibility must be "private", "everyone", { "group": "<groupId>" } or { "instructors": "<groupId>" }.';
const ZGroupId = z.string().trim().min(1).max(100);

/** Who can see it, as the API takes it; parsed into a Scope ({ visibility, groupId }). */
export const ZVisibility = z
  .union([z.enum(["private", "everyone"]), z.strictObject({ group: ZGroupId }), z.strictObject({ instructors: ZGroupId })], {
    error: VISIBILITY_ERROR,
  })
  .transform(scopeFromInput);

/** Tokens starting "import:" are derived by the importer; a client may not take them first. */
const ZClientToken = z
  .string()
  .min(8)
  .max(100)
  .refine((token) => !token.startsWith("import:"), { message: 'clientToken may not start with "import:".' });

/** At most this many members chosen from the @ list in one note. */
export const MAX_MENTIONS = 50;

/**
 * The user ids of members chosen from the @ list: each is notified while their "@Name" is still in
 * the body and they are in the note's audience (server/notifications/notify-mentions.ts).
 */
const ZMentionIds = z.array(z.string().min(1).max(64)).max(MAX_MENTIONS, `At most ${MAX_MENTIONS} mentions.`);
const ZMentions = ZMentionIds.optional().default([]);

export const ZCreateAnnotationSchema = z.object({
  target: ZTarget,
  /**
   * The version whose text the target was made on (default: the current one). A note written on a
   * version the owner has since replaced (the page was open, or the reading kept offline) is placed
   * on the current text the way a new version places every note, or waits in "Needs a new place".
   */
  versionId: z.string().trim().min(1).max(100).optional(),
  body: ZBody.optional().default(""),
  tags: ZTags.optional().default([]),
  color: z.enum(HIGHLIGHT_COLORS, { error: `color must be one of: ${HIGHLIGHT_COLORS.join(", ")}.` }).optional(),
  visibility: ZVisibility.prefault("private"),
  /** Optional idempotency key: a retried create with the same token returns the first result. */
  clientToken: ZClientToken.optional(),
  mentions: ZMentions,
});
export type TCreateAnnotationSchema = z.infer<typeof ZCreateAnnotationSchema>;

export const ZUpdateAnnotationSchema = z
  .object({
    body: ZBody,
    tags: ZTags,
    color: ZCreateAnnotationSchema.shape.color.unwrap(),
    visibility: ZVisibility,
    /** A new span: "move the highlight". */
    target: ZTarget,
    /** With `target`: the version whose text it was chosen on (default: the current one), as for a create. */
    versionId: ZCreateAnnotationSchema.shape.versionId.unwrap(),
    /** Thread authors mark a discussion resolved, and reopen it. */
    resolved: z.boolean(),
    /**
     * The `updatedAt` the edit was made against (an edit queued offline): if the annotation changed
     * since, the server answers 409 `CONFLICT` and changes nothing.
     */
    ifUnmodifiedSince: z.iso.datetime({ offset: true }),
    /**
     * With `body`: members chosen from the @ list while editing, as for a create. Only whom the new
     * words mention and the old ones did not is notified (server/notifications/notify-mentions.ts).
     */
    mentions: ZMentionIds,
  })
  .partial()
  .refine((update) => Object.keys(update).some((key) => !["ifUnmodifiedSince", "versionId", "mentions"].includes(key)), {
    message: NOTHING_TO_CHANGE,
  })
  .refine((update) => update.versionId === undefined || update.target !== undefined, {
    message: "versionId names the version a new target was chosen on: send it with target.",
  })
  .refine((update) => update.mentions === undefined || update.body !== undefined, {
    message: "mentions name members the new words mention: send them with body.",
  });
export type TUpdateAnnotationSchema = z.infer<typeof ZUpdateAnnotationSchema>;

/**
 * A delete queued offline names the `updatedAt` it was made against, as an edit does: if the
 * annotation changed since (another device), the server answers 409 `CONFLICT` and deletes nothing.
 */
export const ZDeleteAnnotationQuery = z.object({ ifUnmodifiedSince: z.iso.datetime({ offset: true }).optional() });
export type TDeleteAnnotationQuery = z.infer<typeof ZDeleteAnnotationQuery>;

/** At most this many annotations move in one request. */
export const MAX_MOVE_IDS = 200;

export const ZMoveAnnotationsSchema = z.object({
  ids: z
    .array(z.string().min(1).max(100))
    .min(1, "Send at least one id.")
    .max(MAX_MOVE_IDS, `At most ${MAX_MOVE_IDS} annotations at once.`)
    .transform((ids) => [...new Set(ids)]),
  visibility: ZVisibility,
});
export type TMoveAnnotationsSchema = z.infer<typeof ZMoveAnnotationsSchema>;

export const ZCreateReplySchema = z.object({
  body: z
    .string()
    .trim()
    .min(1, "A reply cannot be empty.")
    .max(MAX_BODY_LENGTH, `The comment is too long: at most ${MAX_BODY_LENGTH.toLocaleString("en")} characters.`)
    .refine(isShallow, TOO_DEEP),
  clientToken: ZClientToken.optional(),
  mentions: ZMentions,
});
export type TCreateReplySchema = z.infer<typeof ZCreateReplySchema>;

export const ZListAnnotationsQuery = z.object({
  /** "me" or a user id. */
  author: z.string().min(1).optional(),
  color: z.enum(HIGHLIGHT_COLORS).optional(),
  tag: z.string().trim().min(1).max(MAX_TAG_LENGTH).optional(),
  /** Full text over quote, body and tags. */
  q: z.string().trim().min(1).max(200).optional(),
  /** Only these, comma-separated (at most 100): a window of the reading page's sidebar, whose order the page already has. */
  ids: z
    .string()
    .max(4000)
    .regex(/^[^,\s]+(,[^,\s]+){0,99}$/, "ids must be at most 100 annotation ids separated by commas.")
    .optional(),
  cursor: z.string().min(1).optional(),
  limit: z.coerce.number().int().min(1).max(500).optional().default(100),
  /** A version number: the annotations as they stand on that version (the latest when absent). */
  version: z.coerce.number().int().min(1).optional(),
  /** Only annotations with this anchoring status on that version ("orphaned": those that need a new place). */
  status: z.enum(ANCHOR_STATUSES).optional(),
});
export type TListAnnotationsQuery = z.infer<typeof ZListAnnotationsQuery>;
/** The stubs take the list's filters on the latest version; they are not paged. */
export const ZListAnnotationStubsQuery = ZListAnnotationsQuery.pick({ author: true, color: true, tag: true, q: true });
