// GET /api/notes/export?format=markdown|csv|jsonld|hypothesis&document={slug} - my notes (the threads I started), as a download
import { exportMyNotesContract } from "@/lib/api/contracts/exports";
import { buildNotesFile, datedBaseName } from "@/lib/exports/notes-file";
import { listMyNotes } from "@/server/annotations/list-my-notes";
import { getRequestViewer } from "@/server/auth/request-viewer";
import { assertCanAnnotate } from "@/server/authz/annotations";
import { attachmentResponse } from "@/server/http/attachment";
import { apiRoute } from "@/server/http/api-route";
import { handleRoute, publicOrigin } from "@/server/http/respond";

export const GET = apiRoute(exportMyNotesContract, (request, _context: unknown, { readQuery }) => {
  return handleRoute(async () => {
    const url = new URL(request.url);
    const query = await readQuery();
    const viewer = await getRequestViewer(request, "read");
    assertCanAnnotate(viewer);
    const documents = await listMyNotes(viewer, { documentSlug: query.document });
    const origin = publicOrigin(request);
    const exportedAt = new Date();
    const title = documents[0]?.document.title ?? query.document;
    const file = buildNotesFile(documents, {
      format: query.format,
      origin,
      viewerId: viewer.id,
      exportedAt,
      baseName: datedBaseName(query.document ? `marginalia-notes-${query.document}` : "marginalia-notes", exportedAt),
      isSingleDocument: query.document !== undefined,
      collection: {
        id: `${origin}${url.pathname}${url.search}`,
        label: query.document ? `My notes on “${title}”` : "My notes in Marginalia",
      },
    });
    return attachmentResponse(file);
  });
});
