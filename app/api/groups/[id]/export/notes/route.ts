// GET /api/groups/{id}/export/notes?format=markdown|csv|jsonld|hypothesis&document={slug} - a group's annotations, for its instructors
import { exportGroupNotesContract } from "@/lib/api/contracts/exports";
import { getRequestViewer } from "@/server/auth/request-viewer";
import { attachmentStreamResponse } from "@/server/http/attachment";
import { apiRoute } from "@/server/http/api-route";
import { handleRoute, publicOrigin } from "@/server/http/respond";
import { streamGroupNotes } from "@/server/review/list-group-notes";

type Context = { params: Promise<{ id: string }> };

export const GET = apiRoute(exportGroupNotesContract, (request, context: Context, { readQuery }) => {
  return handleRoute(async () => {
    const url = new URL(request.url);
    const query = await readQuery();
    const viewer = await getRequestViewer(request, "read");
    const { id } = await context.params;
    const origin = publicOrigin(request);
    const exportedAt = new Date();
    const file = await streamGroupNotes(viewer, id, query.document, {
      format: query.format,
      origin,
      exportedAt,
      collection: { id: `${origin}${url.pathname}${url.search}`, label: () => "A study group's annotations" },
    });
    return attachmentStreamResponse(file);
  });
});
