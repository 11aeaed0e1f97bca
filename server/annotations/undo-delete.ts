import "server-only";
import { z } from "zod";
import { parseScopeKey, PRIVATE_SCOPE, scopeKey, type Scope } from "@/lib/annotations/scopes";
import type { AnnotationDto } from "@/lib/annotations/types";
import { UNDO_WINDOW_MS } from "@/lib/annotations/undo";
import { AppError } from "@/lib/errors";
import { assertCanUndoDelete, loadViewerAccess, type Viewer } from "@/server/authz/annotations";
import { db } from "@/server/db/client";
import { mutateAnnotations } from "@/server/outbox/mutate-annotations";
import type { Tx } from "@/server/outbox/record-annotation-event";
import { ANNOTATION_SELECT, toAnnotationDto } from "./annotation-dto";

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
  resolvedAt: ZDate.nullable(),
  clientToken: z.string().nullable(),
  hiddenAt: ZDate.nullable(),
  hiddenById: z.string().nullable(),
  isFeedback: z.boolean(),
  createdAt: ZDate,
  tags: z.array(z.object({ name: z.string() })),
  // Snapshots saved before scores could be released have no releasedAt: not released.
  score: z.object({ scorerId: z.string(), points: z.number(), releasedAt: ZDate.nullable().default(null) }).nullable(),
  helpfuls: z.array(z.object({ userId: z.string(), createdAt: ZDate })),
  flags: z.array(z.object({ userId: z.string(), reason: z.string(), createdAt: ZDate, resolvedAt: ZDate.nullable() })),
});
type Snapshot = z.infer<typeof ZSnapshot>;

/** What deleteAnnotation reads, inside its transaction, before the row goes. */
export const SNAPSHOT_INCLUDE = {
  tags: { select: { name: true } },
  score: { select: { scorerId: true, points: true, releasedAt: true } },
  helpfuls: { select: { userId: true, createdAt: true } },
  flags: { select: { userId: true, reason: true, createdAt: true, resolvedAt: true } },
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
  await mutateAnnotations({ actorId: access.id }, async (tx, record) => {
    const kept = await tx.annotation.findUnique({ where: { id }, select: { id: true } });
    if (kept) {
      // Emptied because it had replies: its words and tags come back; the row never left.
      await tx.annotation.update({ where: { id }, data: { deletedAt: null, body: restored.body } });
    } else {
      if (restored.parentId && !(await tx.annotation.findUnique({ where: { id: restored.parentId }, select: { id: true } }))) {
        throw new AppError("GONE", "Too late to undo: the thread this reply was in is gone.");
      }
      const { tags, score, helpfuls, flags, ...row } = restored;
      void tags;
      await tx.annotation.create({ data: { ...row, deletedAt: null } });
      if (score) await tx.score.create({ data: { annotationId: id, ...score } });
      if (helpfuls.length > 0) await tx.helpful.createMany({ data: helpfuls.map((helpful) => ({ annotationId: id, ...helpful })) });
      if (flags.length > 0) await tx.flag.createMany({ data: flags.map((flag) => ({ annotationId: id, ...flag })) });
    }
    await tx.annotationTag.deleteMany({ where: { annotationId: id } });
    if (restored.tags.length > 0)
      await tx.annotationTag.createMany({ data: restored.tags.map((tag) => ({ annotationId: id, name: tag.name })) });
    await tx.deletedAnnotation.delete({ where: { annotationId: id } });
    record({ documentId: restored.documentId, annotationId: id, change: kept ? "restored" : "created" });
  });
  const row = await db.annotation.findUniqueOrThrow({ where: { id }, select: ANNOTATION_SELECT });
  return toAnnotationDto(row, access);
}
