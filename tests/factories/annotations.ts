// Annotations, replies, helpful marks and scores for server-side tests, made two ways:
// - `annotate` and `reply` go through the app's own create functions (events, notifications,
//   the reader's last-used scope), for tests where making the annotation is part of what they prove;
// - `insertAnnotation`, `insertReply`, `insertHelpful` and `insertScore` write rows straight to the
//   database, for setups that need a state the app reaches in several steps (hidden, feedback,
//   scored) without the side effects.
import { describeTextRange } from "@/lib/anchoring/text-quote";
import { DEFAULT_HIGHLIGHT_COLOR, type HighlightColor } from "@/lib/annotations/colors";
import { ZCreateAnnotationSchema, ZCreateReplySchema } from "@/lib/annotations/schemas";
import { scopeFromInput, type ScopeInput } from "@/lib/annotations/scopes";
import type { AnnotationDto } from "@/lib/annotations/types";
import { createAnnotation } from "@/server/annotations/create-annotation";
import { createReply } from "@/server/annotations/create-reply";
import { db } from "@/server/db/client";
import { article } from "./documents";
import { tagRecord } from "@/lib/annotations/tag-key";
import { storedSearchText } from "@/lib/text/stored-search-text";

type Person = { id: string };
type Viewer = Parameters<typeof createAnnotation>[0];

/**
 * Where an annotation sits in `text` (the seed article unless given): the first occurrence of a
 * phrase, an explicit [start, end), or by default the next of a rotation of short, disjoint spans.
 */
export type Placement = { at?: string | readonly [number, number]; text?: string };

export type AnnotationFields = Placement & { body?: string; tags?: string[]; color?: HighlightColor; clientToken?: string };

let nextSpan = 0;

/** The [start, end) a placement names. */
export function spanOf({ at, text = article.text }: Placement): [number, number] {
  if (Array.isArray(at)) return [at[0], at[1]];
  if (typeof at === "string") {
    const start = text.indexOf(at);
    if (start === -1) throw new Error(`"${at}" is not in the text.`);
    return [start, start + at.length];
  }
  const start = 40 + (nextSpan++ % 130) * 50;
  return [start, start + 10];
}

/** The API's target for a placement, built the way the reading page builds it. */
export function targetOf(placement: Placement = {}) {
  const [start, end] = spanOf(placement);
  const { quote, position } = describeTextRange(placement.text ?? article.text, start, end);
  return { selector: [quote, position] };
}

/**
 * `author` annotates the document `slug` through createAnnotation, as the API does. `fields` is
 * the body alone, or the body, tags, colour and placement. `visibility` is what the API accepts
 * (left unchecked, so a test can send a scope the author may not post to).
 */
export function annotate(
  author: Viewer,
  slug: string,
  visibility: unknown = "private",
  fields: string | AnnotationFields = {},
): Promise<AnnotationDto> {
  const { body = "a note", tags, color, clientToken, ...placement } = typeof fields === "string" ? { body: fields } : fields;
  const input = ZCreateAnnotationSchema.parse({ target: targetOf(placement), body, tags, color, visibility, clientToken });
  return createAnnotation(author, slug, input);
}

/** `author` replies to annotation `parentId` through createReply, as the API does. */
export function reply(author: Viewer, parentId: string, body = "a reply"): Promise<AnnotationDto> {
  return createReply(author, parentId, ZCreateReplySchema.parse({ body }));
}

export type RowFields = {
  body?: string;
  tags?: string[];
  color?: HighlightColor | null;
  visibility?: ScopeInput;
  /** Hidden by this instructor (now). */
  hiddenBy?: Person;
  isFeedback?: boolean;
  resolvedAt?: Date | null;
  deletedAt?: Date | null;
  createdAt?: Date;
};

/** An annotation row on the document's latest version, written directly (no event, no notification). */
export async function insertAnnotation(
  author: Person,
  document: { id: string },
  fields: RowFields & Placement = {},
): Promise<{ id: string }> {
  const version = await db.documentVersion.findFirstOrThrow({
    where: { documentId: document.id },
    orderBy: { number: "desc" },
    select: { id: true, text: true },
  });
  const [start, end] = spanOf({ at: fields.at, text: fields.text ?? version.text });
  const { quote } = describeTextRange(version.text, start, end);
  return insertRow(author, { documentId: document.id, versionId: version.id, parentId: null }, fields, {
    exact: quote.exact,
    prefix: quote.prefix,
    suffix: quote.suffix,
    start,
    end,
    color: fields.color === undefined ? DEFAULT_HIGHLIGHT_COLOR : fields.color,
  });
}

/** A reply row in `parent`'s thread (same document and scope unless given), written directly. */
export async function insertReply(author: Person, parent: { id: string }, fields: RowFields = {}): Promise<{ id: string }> {
  const thread = await db.annotation.findUniqueOrThrow({
    where: { id: parent.id },
    select: { documentId: true, versionId: true, visibility: true, groupId: true },
  });
  const inherited: ScopeInput =
    thread.groupId === null
      ? (thread.visibility as "private" | "everyone")
      : thread.visibility === "group"
        ? { group: thread.groupId }
        : { instructors: thread.groupId };
  return insertRow(
    author,
    { documentId: thread.documentId, versionId: thread.versionId, parentId: parent.id },
    { visibility: inherited, ...fields },
    { color: null },
  );
}

async function insertRow(
  author: Person,
  place: { documentId: string; versionId: string; parentId: string | null },
  fields: RowFields,
  anchor: { exact?: string; prefix?: string; suffix?: string; start?: number; end?: number; color: string | null },
): Promise<{ id: string }> {
  const scope = scopeFromInput(fields.visibility ?? "private");
  // Written work says something: an empty body is a bare highlight, which is not a post.
  const body = fields.body ?? (place.parentId ? "a reply" : "a note");
  return db.annotation.create({
    data: {
      ...place,
      ...anchor,
      authorId: author.id,
      body,
      // As the app writes it with every change (server/outbox/search-text.ts).
      searchText: storedSearchText(anchor.exact, body, fields.tags ?? []),
      visibility: scope.visibility,
      groupId: scope.groupId,
      hiddenAt: fields.hiddenBy ? new Date() : null,
      hiddenById: fields.hiddenBy?.id ?? null,
      isFeedback: fields.isFeedback ?? false,
      resolvedAt: fields.resolvedAt ?? null,
      deletedAt: fields.deletedAt ?? null,
      ...(fields.createdAt && { createdAt: fields.createdAt }),
      tags: { create: (fields.tags ?? []).map(tagRecord) },
    },
    select: { id: true },
  });
}

/** `user` marks the annotation helpful, written directly. */
export async function insertHelpful(annotation: { id: string }, user: Person): Promise<void> {
  await db.helpful.create({ data: { annotationId: annotation.id, userId: user.id } });
}

/** `scorer` scores the annotation, written directly. */
export async function insertScore(annotation: { id: string }, scorer: Person, points: number): Promise<void> {
  await db.score.create({ data: { annotationId: annotation.id, scorerId: scorer.id, points } });
}
