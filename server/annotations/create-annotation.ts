import "server-only";
import { describeTextRange } from "@/lib/anchoring/text-quote";
import { verifyTarget } from "@/lib/anchoring/verify-target";
import { DEFAULT_HIGHLIGHT_COLOR } from "@/lib/annotations/colors";
import type { TCreateAnnotationSchema, TTarget } from "@/lib/annotations/schemas";
import { scopeKey } from "@/lib/annotations/scopes";
import type { AnnotationDto } from "@/lib/annotations/types";
import { AppError } from "@/lib/errors";
import { assertCanAnnotate, assertCanPostTo, loadViewerAccess, type Viewer } from "@/server/authz/annotations";
import { db } from "@/server/db/client";
import { notifyMentions, type MentioningAnnotation } from "@/server/notifications/notify-mentions";
import { mutateAnnotations } from "@/server/outbox/mutate-annotations";
import { ANNOTATION_SELECT, toAnnotationDto } from "./annotation-dto";
import { createOnce, findRetriedCreate } from "./find-retried-create";
import { canOnDocument, DOCUMENT_ACCESS_FIELDS, noSuchDocument } from "@/server/authz/documents";

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
  const document = await db.document.findUnique({
    where: { slug },
    select: { ...DOCUMENT_ACCESS_FIELDS, versions: { orderBy: { number: "desc" }, take: 1, select: { id: true, text: true } } },
  });
  const access = (await loadViewerAccess(viewer, { documentId: document?.id ?? null }))!;
  const retried = await findRetriedCreate(access, input.clientToken);
  if (retried) return retried;
  assertCanPostTo(access, input.visibility);
  const version = document?.versions[0];
  // A reading the viewer may not read answers exactly like a missing one.
  if (!document || !version || !canOnDocument(access, "annotate", document)) throw noSuchDocument(slug);

  const anchor = anchorTarget(version.text, input.target);
  const color = input.color ?? DEFAULT_HIGHLIGHT_COLOR;
  // Two retries racing past the check above (PostgreSQL): the loser answers with the first copy,
  // and its transaction, live event included, rolls back.
  return createOnce(access, input.clientToken, async () => {
    const notify = (row: MentioningAnnotation) => notifyMentions(row, input.mentions);
    const row = await mutateAnnotations({ actorId: viewer.id, notify }, async (tx, record) => {
      const created = await tx.annotation.create({
        data: {
          documentId: document.id,
          versionId: version.id,
          authorId: viewer.id,
          ...anchor,
          body: input.body,
          color,
          visibility: input.visibility.visibility,
          groupId: input.visibility.groupId,
          clientToken: input.clientToken,
          tags: { create: input.tags.map((name) => ({ name })) },
        },
        select: ANNOTATION_SELECT,
      });
      // The toolbar starts next time with what the reader used this time.
      const lastVisibility = scopeKey(input.visibility);
      await tx.readerPreference.upsert({
        where: { userId: viewer.id },
        create: { userId: viewer.id, lastColor: color, lastVisibility },
        update: { lastColor: color, lastVisibility },
      });
      record({ documentId: document.id, annotationId: created.id, change: "created", clientToken: input.clientToken });
      return created;
    });
    return toAnnotationDto(row, access);
  });
}
