import "server-only";
import { toWebAnnotation, WEB_ANNOTATION_CONTEXT } from "@/lib/annotations/web-annotation";
import { assertCanAnnotate, readableAnnotationsWhere, type Viewer, type ViewerAccess } from "@/server/authz/annotations";
import { loadDocumentFor } from "@/server/authz/documents";
import { db, type Prisma } from "@/server/db/client";
import { assertExportSize } from "@/server/limits/export-size";
import { ANNOTATION_SELECT, toAnnotationDto } from "./annotation-dto";

/** Rows read per query: memory holds one batch, whatever the document's size. */
export const EXPORT_BATCH_SIZE = 500;

export type StreamOptions = {
  onlyMine: boolean;
  origin: string;
  /** The AnnotationCollection's IRI, and its label from the document's title. */
  collection: { id: string; label: (title: string) => string };
  batchSize?: number;
};

type AnnotationRow = Prisma.AnnotationGetPayload<{ select: typeof ANNOTATION_SELECT }>;

const ORDER = [{ start: "asc" }, { createdAt: "asc" }, { id: "asc" }] satisfies Prisma.AnnotationOrderByWithRelationInput[];

/**
 * A document's export as W3C JSON-LD (the same bytes `buildNotesFile` makes for "jsonld" from
 * `exportAnnotations`), written while it is read: the annotations, then the replies, each read in
 * batches of EXPORT_BATCH_SIZE by a keyset cursor. Everything that can refuse (404, 413) is
 * decided before the first byte, so a refusal is still an ordinary error response.
 */
export async function streamDocumentJsonLd(viewer: Viewer, slug: string, options: StreamOptions): Promise<ReadableStream<Uint8Array>> {
  assertCanAnnotate(viewer);
  // A reading the viewer may not read answers exactly like a missing one (server/authz/documents.ts).
  const { access, document } = await loadDocumentFor(viewer, slug, "annotate", { title: true });
  const where: Prisma.AnnotationWhereInput = {
    AND: [readableAnnotationsWhere(access), { documentId: document.id }, options.onlyMine ? { authorId: viewer.id } : {}],
  };
  const narrower = options.onlyMine ? "Ask the operator to raise EXPORT_MAX_ANNOTATIONS." : "Export only your own annotations (mine=1).";
  assertExportSize(await db.annotation.count({ where }), narrower);
  // A deleted annotation has nothing left to say (its replies still target its IRI).
  const roots: Prisma.AnnotationWhereInput = { AND: [where, { parentId: null, deletedAt: null }] };
  const replies: Prisma.AnnotationWhereInput = { AND: [where, { parentId: { not: null }, deletedAt: null }] };
  const total = (await db.annotation.count({ where: roots })) + (await db.annotation.count({ where: replies }));

  // JSON.stringify(collection, null, 2) with the items written one by one into the "items" array.
  const { id } = options.collection;
  const label = options.collection.label(document.title);
  const envelope = JSON.stringify(
    {
      "@context": WEB_ANNOTATION_CONTEXT,
      id,
      type: "AnnotationCollection",
      label,
      total,
      first: { id: `${id}#page1`, type: "AnnotationPage", startIndex: 0, items: [] },
    },
    null,
    2,
  );
  const [head, tail] = envelope.split('"items": []');
  const batches = readBatches(access, [roots, replies], options.batchSize ?? EXPORT_BATCH_SIZE);
  const encoder = new TextEncoder();
  let written = 0;
  return new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(encoder.encode(`${head}"items": [`));
    },
    async pull(controller) {
      const next = await batches.next();
      if (next.done) {
        controller.enqueue(encoder.encode(`${written > 0 ? "\n    " : ""}]${tail}`));
        controller.close();
        return;
      }
      const items = next.value.map((annotation) => {
        const item = JSON.stringify(toWebAnnotation(annotation, options.origin), null, 2).replace(/\n/g, "\n      ");
        return `${written++ > 0 ? "," : ""}\n      ${item}`;
      });
      controller.enqueue(encoder.encode(items.join("")));
    },
    async cancel() {
      await batches.return(undefined);
    },
  });
}

/** Each filter's rows in export order, a batch at a time (a cursor on the last row's id, the order's tiebreaker). */
async function* readBatches(access: ViewerAccess | null, filters: Prisma.AnnotationWhereInput[], batchSize: number) {
  for (const where of filters) {
    let cursor: string | null = null;
    for (;;) {
      const rows: AnnotationRow[] = await db.annotation.findMany({
        where,
        select: ANNOTATION_SELECT,
        orderBy: ORDER,
        take: batchSize,
        ...(cursor && { cursor: { id: cursor }, skip: 1 }),
      });
      if (rows.length === 0) break;
      yield rows.map((row) => toAnnotationDto(row, access));
      if (rows.length < batchSize) break;
      cursor = rows[rows.length - 1].id;
    }
  }
}
