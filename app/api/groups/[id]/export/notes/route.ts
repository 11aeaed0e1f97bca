// GET /api/groups/{id}/export/notes?format=markdown|csv|jsonld|hypothesis&document={slug} - a group's annotations, for its instructors
import { z } from "zod";
import { buildNotesFile, datedBaseName, NOTES_EXPORT_FORMATS } from "@/lib/exports/notes-file";
import { getRequestViewer } from "@/server/auth/request-viewer";
import { attachmentResponse } from "@/server/http/attachment";
import { handleRoute, publicOrigin } from "@/server/http/respond";
import { listGroupNotes } from "@/server/review/list-group-notes";

const ZGroupNotesQuery = z.object({
  format: z.enum(NOTES_EXPORT_FORMATS, { error: 'format must be "markdown", "csv", "jsonld" or "hypothesis".' }).default("markdown"),
  document: z.string().trim().min(1).max(200).optional(),
});

type Context = { params: Promise<{ id: string }> };

export function GET(request: Request, context: Context) {
  return handleRoute(async () => {
    const url = new URL(request.url);
    const query = ZGroupNotesQuery.parse(Object.fromEntries(url.searchParams));
    const viewer = await getRequestViewer(request, "read");
    const { id } = await context.params;
    const documents = await listGroupNotes(viewer, id, query.document);
    const origin = publicOrigin(request);
    const exportedAt = new Date();
    const file = buildNotesFile(documents, {
      format: query.format,
      origin,
      viewerId: viewer!.id,
      exportedAt,
      baseName: datedBaseName(`marginalia-group-${id}${query.document ? `-${query.document}` : ""}`, exportedAt),
      isSingleDocument: query.document !== undefined,
      collection: { id: `${origin}${url.pathname}${url.search}`, label: "A study group's annotations" },
    });
    return attachmentResponse(file);
  });
}
