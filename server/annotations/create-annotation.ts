import "server-only";
import { describeTextRange } from "@/lib/anchoring/text-quote";
import { verifyTarget } from "@/lib/anchoring/verify-target";
import { DEFAULT_HIGHLIGHT_COLOR } from "@/lib/annotations/colors";
import type { TCreateAnnotationSchema, TTarget } from "@/lib/annotations/schemas";
import { scopeKey } from "@/lib/annotations/scopes";
import type { AnnotationDto } from "@/lib/annotations/types";
import { AppError } from "@/lib/errors";
import { assertCanAnnotate, assertCanPostTo, loadViewerAccess, type Viewer } from "@/server/authz/annotations";
import { db, type Prisma } from "@/server/db/client";
import { notifyMentions, type MentioningAnnotation } from "@/server/notifications/notify-mentions";
import { mutateAnnotations } from "@/server/outbox/mutate-annotations";
import type { Tx } from "@/server/outbox/record-annotation-event";
import { ANNOTATION_COLUMNS, toAnnotationDto, type AnnotationRow } from "./annotation-dto";
import { createOnce, findRetriedCreate } from "./find-retried-create";
import { sharedAtOnCreate } from "./move-threads";
import { canOnDocument, noSuchDocument, type DocumentAccessFields } from "@/server/authz/documents";
import { UNCHOSEN_VISIBILITY } from "@/lib/annotations/preferences";
import { isPrivateNoteOnPrivateReading } from "@/server/authz/scope-on-reading";
import { storedBody } from "./stored-body";
import { compareBeforePlacing, reanchorOntoVersion } from "@/server/documents/reanchor-onto-version";
import { storedSearchText } from "@/lib/text/stored-search-text";
import { tagRecord } from "@/lib/annotations/tag-key";

/**
 * Anchors a target in a version's text or refuses it (422, saying why). The stored selectors are
 * recomputed from the text, so prefix and suffix are always our canonical 32 code units even when
 * a client sent shorter or longer context.
 */
export function anchorTarget(text: string, target: TTarget) {
  const check = verifyTarget(text, target);
  if (!check.ok) throw new AppError("UNPROCESSABLE", check.reason);
  const { quote, position } = describeTextRange(text, check.start, check.end);
  return { exact: quote.exact, prefix: quote.prefix, suffix: quote.suffix, start: position.start, end: position.end };
}

/** A new highlight or annotation on the document's current version. */
export async function createAnnotation(viewer: Viewer, slug: string, input: TCreateAnnotationSchema): Promise<AnnotationDto> {
  assertCanAnnotate(viewer);
  // One raw statement for what the create reads besides the viewer's access: the reading and its
  // current version, and what the answer shows beside the inserted row (the author's name as
  // stored now, the group's name and score release). Prisma's findUnique with a relation is
  // compiled anew on every call (3–5 ms of server CPU under load; this, under 1). Typed with the
  // access fields canOnDocument needs, so a field added there must be added here.
  const [found] = await db.$queryRaw<
    (DocumentAccessFields & {
      id: string;
      versionId: string | null;
      text: string | null;
      authorName: string;
      groupName: string | null;
      scoreRelease: string | null;
    })[]
  >`
    SELECT d."id", d."ownerId", d."visibility", d."groupId", v."id" AS "versionId", v."text",
      (SELECT u."name" FROM "User" u WHERE u."id" = ${viewer.id}) AS "authorName",
      g."name" AS "groupName", g."scoreRelease" AS "scoreRelease"
    FROM "Document" d
      LEFT JOIN "DocumentVersion" v ON v."documentId" = d."id"
      LEFT JOIN "Group" g ON g."id" = ${input.visibility.groupId}
    WHERE d."slug" = ${slug}
    ORDER BY v."number" DESC
    LIMIT 1`;
  const document = found ?? null;
  const version = found?.versionId ? { id: found.versionId, text: found.text! } : undefined;
  const access = (await loadViewerAccess(viewer, { documentId: document?.id ?? null }))!;
  const retried = await findRetriedCreate(access, input.clientToken);
  if (retried) return retried;
  assertCanPostTo(access, input.visibility);
  // A reading the viewer may not read answers exactly like a missing one.
  if (!document || !version || !canOnDocument(access, "annotate", document)) throw noSuchDocument(slug);

  const writtenOn = await versionWrittenOn(document.id, version, input.versionId);
  const anchor = anchorTarget(writtenOn.text, input.target);
  const color = input.color ?? DEFAULT_HIGHLIGHT_COLOR;
  const body = storedBody(input.body);
  // Written on a version replaced since: that version is compared with the current one before the
  // transaction (off the server's thread, and not while holding the write lock).
  const planned = writtenOn.id === version.id ? undefined : await compareBeforePlacing(writtenOn, version, viewer.id);
  // Two retries racing past the check above (PostgreSQL): the loser answers with the first copy,
  // and its transaction, live event included, rolls back.
  return createOnce(access, input.clientToken, async () => {
    const notify = (row: MentioningAnnotation) => notifyMentions(row, input.mentions);
    const row = await mutateAnnotations({ actorId: viewer.id, notify }, async (tx, record) => {
      const inserted = await tx.annotation.create({
        data: {
          documentId: document.id,
          versionId: writtenOn.id,
          authorId: viewer.id,
          ...anchor,
          body,
          searchText: storedSearchText(anchor.exact, body, input.tags),
          color,
          visibility: input.visibility.visibility,
          groupId: input.visibility.groupId,
          sharedAt: sharedAtOnCreate(input.visibility),
          clientToken: input.clientToken,
        },
        select: INSERTED_SELECT,
      });
      if (input.tags.length > 0)
        await tx.annotationTag.createMany({ data: input.tags.map((name) => ({ annotationId: inserted.id, ...tagRecord(name) })) });
      // The toolbar starts next time with what the reader used this time; but "Only me" on a reading
      // only its owner can open is where every note there starts (scope-on-reading.ts), not a
      // choice to carry to the class's readings: there the scope used before stays remembered.
      const isForcedPrivate = isPrivateNoteOnPrivateReading(document, input.visibility);
      await rememberToolbarChoice(tx, viewer.id, color, isForcedPrivate ? UNCHOSEN_VISIBILITY : scopeKey(input.visibility));
      record({ documentId: document.id, annotationId: inserted.id, change: "created", clientToken: input.clientToken });
      let placed = inserted;
      if (writtenOn.id !== version.id) {
        // Written on a version replaced since: placed on the current text as that version placed every note.
        await reanchorOntoVersion(tx, document.id, version, [inserted.id], planned);
        placed = await tx.annotation.findUniqueOrThrow({ where: { id: inserted.id }, select: INSERTED_SELECT });
      }
      return newAnnotationRow(placed, {
        slug,
        author: { id: viewer.id, name: found.authorName },
        group: input.visibility.groupId && found.groupName !== null ? { name: found.groupName, scoreRelease: found.scoreRelease! } : null,
        tags: input.tags,
      });
    });
    return toAnnotationDto(row, access);
  });
}

/**
 * The version a new note's target (or a moved one's) counts in: the current one, unless the client names the one it
 * was written on (a page or kept copy older than the owner's latest save). Only a version of this
 * reading; naming the current one is the same as naming none.
 */
export async function versionWrittenOn(
  documentId: string,
  current: { id: string; text: string },
  versionId: string | undefined,
): Promise<{ id: string; text: string }> {
  if (versionId === undefined || versionId === current.id) return current;
  const older = await db.documentVersion.findFirst({ where: { id: versionId, documentId }, select: { id: true, text: true } });
  if (!older) throw new AppError("UNPROCESSABLE", `This reading has no version "${versionId}".`);
  return older;
}

/**
 * The columns of a new annotation that the database fills in (ids, timestamps, defaults): the rest
 * of the DTO is what the create wrote. Selecting ANNOTATION_SELECT's relations on the insert made
 * Prisma compile and run a read of eight relations for an annotation that has none yet — measured,
 * the insert cost 13–19 ms of server CPU that way against 2–5 ms for its own columns.
 */
const INSERTED_SELECT = ANNOTATION_COLUMNS satisfies Prisma.AnnotationSelect;

/**
 * The row ANNOTATION_SELECT would read back for a top-level annotation just inserted: no replies,
 * feedback, helpful marks or score yet; tags as written (toAnnotationDto sorts them, as for a row read back).
 */
function newAnnotationRow(
  inserted: Prisma.AnnotationGetPayload<{ select: typeof INSERTED_SELECT }>,
  related: { slug: string; author: { id: string; name: string }; group: AnnotationRow["group"]; tags: readonly string[] },
): AnnotationRow {
  return {
    ...inserted,
    feedbackOn: null,
    parent: null,
    group: related.group,
    score: null,
    author: related.author,
    document: { slug: related.slug },
    tags: related.tags.map((name) => ({ name })),
    _count: { helpfuls: 0 },
    replies: [],
  };
}

/**
 * The reader's last colour and scope, for the toolbar (UNCHOSEN_VISIBILITY: the scope remembered
 * before stays). One statement instead of Prisma's upsert (compiled anew on every call: 3–6 ms of
 * server CPU per create, against ~1 ms here); the same columns, `updatedAt` set as @updatedAt would.
 */
async function rememberToolbarChoice(tx: Tx, userId: string, lastColor: string, lastVisibility: string): Promise<void> {
  await tx.$executeRaw`
    INSERT INTO "ReaderPreference" ("userId", "lastColor", "lastVisibility", "updatedAt")
    VALUES (${userId}, ${lastColor}, ${lastVisibility}, ${new Date()})
    ON CONFLICT ("userId") DO UPDATE SET
      "lastColor" = excluded."lastColor",
      "lastVisibility" = CASE WHEN excluded."lastVisibility" = ${UNCHOSEN_VISIBILITY} THEN "ReaderPreference"."lastVisibility" ELSE excluded."lastVisibility" END,
      "updatedAt" = excluded."updatedAt"`;
}
