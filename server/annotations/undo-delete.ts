import "server-only";
import { z } from "zod";
import { parseScopeKey, PRIVATE_SCOPE, scopeKey, type Scope } from "@/lib/annotations/scopes";
import type { AnnotationDto } from "@/lib/annotations/types";
import { UNDO_WINDOW_MS } from "@/lib/annotations/undo";
import { AppError } from "@/lib/errors";
import { assertCanUndoDelete, can, loadViewerAccess, type Viewer } from "@/server/authz/annotations";
import { db } from "@/server/db/client";
import { compareBeforePlacing, reanchorOntoVersion, type PlannedPlacements } from "@/server/documents/reanchor-onto-version";
import { mutateAnnotations } from "@/server/outbox/mutate-annotations";
import type { Tx } from "@/server/outbox/record-annotation-event";
import { ANCHOR_PLACE_COLUMNS, ANNOTATION_SELECT, toAnnotationDto } from "./annotation-dto";
import { tagRecord } from "@/lib/annotations/tag-key";

/** The annotation's row with what hangs off it, as deleteAnnotation saves it (JSON: dates as strings). */
const ZDate = z.coerce.date();
const ZSnapshot = z.object({
  id: z.string(),
  documentId: z.string(),
  versionId: z.string(),
  authorId: z.string(),
  parentId: z.string().nullable(),
  exact: z.string().nullable(),
  prefix: z.string().nullable(),
  suffix: z.string().nullable(),
  start: z.number().nullable(),
  end: z.number().nullable(),
  body: z.string(),
  color: z.string().nullable(),
  visibility: z.string(),
  groupId: z.string().nullable(),
  // When it was handed in to its group (snapshots saved before it was kept: none; createdAt stands in).
  sharedAt: ZDate.nullable().default(null),
  resolvedAt: ZDate.nullable(),
  clientToken: z.string().nullable(),
  hiddenAt: ZDate.nullable(),
  hiddenById: z.string().nullable(),
  isFeedback: z.boolean(),
  // What a piece of feedback is about: it decides who reads it (snapshots saved before it was kept: none).
  feedbackOnId: z.string().nullable().default(null),
  // Where it stood on the latest version (the saved row is the whole row: every snapshot has them).
  anchorStatus: z.string().default("anchored"),
  anchorScore: z.number().default(1),
  quoteWas: z.string().nullable().default(null),
  createdAt: ZDate,
  tags: z.array(z.object({ name: z.string() })),
  // Snapshots saved before scores could be released have no releasedAt: not released.
  score: z.object({ scorerId: z.string(), points: z.number(), releasedAt: ZDate.nullable().default(null) }).nullable(),
  helpfuls: z.array(z.object({ userId: z.string(), createdAt: ZDate })),
  flags: z.array(z.object({ userId: z.string(), reason: z.string(), createdAt: ZDate, resolvedAt: ZDate.nullable() })),
  // Its record on each version (an older version opens with it there). A snapshot saved before these
  // were kept has none: undo then re-anchors it from its own selectors.
  anchors: z
    .array(
      z.object({
        versionId: z.string(),
        status: z.string(),
        score: z.number(),
        exact: z.string().nullable(),
        prefix: z.string().nullable(),
        suffix: z.string().nullable(),
        start: z.number().nullable(),
        end: z.number().nullable(),
        createdAt: ZDate,
      }),
    )
    .default([]),
});
type Snapshot = z.infer<typeof ZSnapshot>;

/** What deleteAnnotation reads, inside its transaction, before the row goes. */
export const SNAPSHOT_INCLUDE = {
  tags: { select: { name: true } },
  score: { select: { scorerId: true, points: true, releasedAt: true } },
  helpfuls: { select: { userId: true, createdAt: true } },
  flags: { select: { userId: true, reason: true, createdAt: true, resolvedAt: true } },
  anchors: { select: { ...ANCHOR_PLACE_COLUMNS, createdAt: true } },
} as const;

/** Saves what undo needs (and forgets what is past the window): called by deleteAnnotation in its transaction. */
export async function saveForUndo(tx: Tx, id: string): Promise<void> {
  const row = await tx.annotation.findUniqueOrThrow({ where: { id }, include: SNAPSHOT_INCLUDE });
  await tx.deletedAnnotation.deleteMany({ where: { deletedAt: { lt: new Date(Date.now() - UNDO_WINDOW_MS) } } });
  const data = { authorId: row.authorId, documentId: row.documentId, snapshot: JSON.stringify(row), deletedAt: new Date() };
  await tx.deletedAnnotation.upsert({ where: { annotationId: id }, create: { annotationId: id, ...data }, update: data });
}

function scopeOf(snapshot: Snapshot): Scope {
  return parseScopeKey(scopeKey(snapshot)) ?? PRIVATE_SCOPE;
}

/**
 * "Undo" after a delete, by its author within the window: the annotation or reply comes back as
 * it was — text, tags, colour, scope, its score, helpful marks and flags — with its replies, which
 * a delete never removes (a thread with replies is only emptied). Recorded and announced like any
 * change, so every reader who could see it gets it back live.
 */
export async function undoDelete(viewer: Viewer, id: string): Promise<AnnotationDto> {
  const saved = await db.deletedAnnotation.findUnique({ where: { annotationId: id } });
  const parsed = saved ? ZSnapshot.safeParse(JSON.parse(saved.snapshot)) : null;
  const snapshot = parsed?.success ? parsed.data : null;
  const access = await loadViewerAccess(viewer, { documentId: saved?.documentId ?? null });
  assertCanUndoDelete(
    access,
    saved && snapshot && { authorId: saved.authorId, deletedAt: saved.deletedAt, scope: scopeOf(snapshot) },
    UNDO_WINDOW_MS,
  );
  const restored = snapshot!;
  const planned = await compareBeforeRestoring(restored, access.id);
  await mutateAnnotations({ actorId: access.id }, async (tx, record) => {
    const kept = await tx.annotation.findUnique({ where: { id }, select: { id: true } });
    if (kept) {
      // Emptied because it had replies: its words and tags come back; the row never left.
      await tx.annotation.update({ where: { id }, data: { deletedAt: null, body: restored.body } });
    } else {
      const { tags, score, helpfuls, flags, anchors, feedbackOnId, ...row } = restored;
      if (restored.parentId) {
        const thread = await tx.annotation.findUnique({
          where: { id: restored.parentId },
          select: { authorId: true, visibility: true, groupId: true, deletedAt: true, hiddenAt: true },
        });
        if (!thread) throw new AppError("GONE", "Too late to undo: the thread this reply was in is gone.");
        // A reply carries its thread's scope, as it is now; and it comes back only where its writer
        // still reads it (QA round 5: a thread moved to "Only me" meanwhile took the reply back in,
        // out of its writer's reach for good).
        const asItWouldBe = {
          ...row,
          visibility: thread.visibility,
          groupId: thread.groupId,
          deletedAt: null,
          feedbackOn: null,
          parent: thread,
        };
        if (!can(access, "read", asItWouldBe)) {
          throw new AppError(
            "CONFLICT",
            "The thread this reply was in has moved where you can no longer read it, so the reply was not put back.",
          );
        }
        row.visibility = thread.visibility;
        row.groupId = thread.groupId;
      }
      void tags;
      // Feedback whose subject is gone meanwhile stays readable by its writer and the staff only.
      const isSubjectThere = feedbackOnId !== null && (await tx.annotation.count({ where: { id: feedbackOnId } })) > 0;
      await tx.annotation.create({ data: { ...row, feedbackOnId: isSubjectThere ? feedbackOnId : null, deletedAt: null } });
      if (score) await tx.score.create({ data: { annotationId: id, ...score } });
      if (helpfuls.length > 0) await tx.helpful.createMany({ data: helpfuls.map((helpful) => ({ annotationId: id, ...helpful })) });
      if (flags.length > 0) await tx.flag.createMany({ data: flags.map((flag) => ({ annotationId: id, ...flag })) });
      await restorePlace(tx, restored, anchors, planned);
    }
    await tx.annotationTag.deleteMany({ where: { annotationId: id } });
    if (restored.tags.length > 0)
      await tx.annotationTag.createMany({ data: restored.tags.map((tag) => ({ annotationId: id, ...tagRecord(tag.name) })) });
    await tx.deletedAnnotation.delete({ where: { annotationId: id } });
    record({ documentId: restored.documentId, annotationId: id, change: kept ? "restored" : "created" });
  });
  const row = await db.annotation.findUniqueOrThrow({ where: { id }, select: ANNOTATION_SELECT });
  return toAnnotationDto(row, access);
}

/**
 * Puts a recreated annotation back in its place: its record on each version, and on the latest
 * version where it stood when deleted. When versions were added while it was gone (which re-anchored
 * every other annotation but not this one), it is re-anchored from its last place onto the latest,
 * as adding that version would have done — placed on its words, or orphaned — so it is never
 * painted at an older version's offsets.
 */
/**
 * A thread's note last placed on a version other than the latest: the two compared before the
 * transaction that restores it (by the worker: ../documents/reanchor-onto-version.ts compareBeforePlacing).
 */
async function compareBeforeRestoring(restored: Snapshot, requesterId: string): Promise<PlannedPlacements | undefined> {
  if (!isOnWords(restored)) return undefined;
  const latest = await db.documentVersion.findFirst({
    where: { documentId: restored.documentId },
    orderBy: { number: "desc" },
    select: { id: true },
  });
  // Nothing to compare, and no text read for it, when restorePlace will not re-anchor.
  if (!latest || isCurrentOn(restored, latest.id)) return undefined;
  const texts = await db.documentVersion.findMany({
    where: { id: { in: [restored.versionId, latest.id] } },
    select: { id: true, text: true },
  });
  const source = texts.find((version) => version.id === restored.versionId);
  const current = texts.find((version) => version.id === latest.id);
  return source && current ? compareBeforePlacing(source, current, requesterId) : undefined;
}

async function restorePlace(tx: Tx, restored: Snapshot, anchors: Snapshot["anchors"], planned?: PlannedPlacements): Promise<void> {
  const latest = await tx.documentVersion.findFirst({
    where: { documentId: restored.documentId },
    orderBy: { number: "desc" },
    select: { id: true, text: true },
  });
  const save = async (kept: Snapshot["anchors"]) => {
    if (kept.length > 0) await tx.annotationAnchor.createMany({ data: kept.map((anchor) => ({ annotationId: restored.id, ...anchor })) });
  };
  if (!latest || !isOnWords(restored) || isCurrentOn(restored, latest.id)) return save(anchors);
  await save(anchors.filter((anchor) => anchor.versionId !== latest.id));
  await reanchorOntoVersion(tx, restored.documentId, latest, [restored.id], planned);
}

/** What re-anchoring moves: a thread's annotation on words (not a reply, not a note on the whole reading). */
function isOnWords(restored: Snapshot): boolean {
  return restored.parentId === null && restored.exact !== null && restored.start !== null && restored.end !== null;
}

/** Current: on the latest version, or an orphan already judged against it. */
function isCurrentOn(restored: Snapshot, latestId: string): boolean {
  return restored.anchorStatus === "orphaned"
    ? restored.anchors.some((anchor) => anchor.versionId === latestId)
    : restored.versionId === latestId;
}
