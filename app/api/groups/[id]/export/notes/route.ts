// GET /api/groups/{id}/export/notes?format=markdown|csv|jsonld|hypothesis&document={slug} - a group's annotations, for its instructors
import { exportGroupNotesContract } from "@/lib/api/contracts/exports";
import { buildNotesFile, datedBaseName } from "@/lib/exports/notes-file";
import { getRequestViewer } from "@/server/auth/request-viewer";
import { attachmentResponse } from "@/server/http/attachment";
import { apiRoute } from "@/server/http/api-route";
import { handleRoute, publicOrigin } from "@/server/http/respond";
import { listGroupNotes } from "@/server/review/list-group-notes";

type Context = { params: Promise<{ id: string }> };

export const GET = apiRoute(exportGroupNotesContract, (request, context: Context, { readQuery }) => {
  return handleRoute(async () => {
    const url = new URL(request.url);
    const query = await readQuery();
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
});
