// GET /api/notes/export?format=markdown|csv|jsonld|hypothesis&document={slug} - my notes (the threads I started), as a download
import { exportMyNotesContract } from "@/lib/api/contracts/exports";
import { datedBaseName } from "@/lib/exports/notes-file";
import { streamThreadsExport } from "@/server/annotations/stream-notes-export";
import { getRequestViewer } from "@/server/auth/request-viewer";
import { assertCanAnnotate, ownThreadsWhere } from "@/server/authz/annotations";
import { attachmentStreamResponse } from "@/server/http/attachment";
import { apiRoute } from "@/server/http/api-route";
import { handleRoute, publicOrigin } from "@/server/http/respond";

export const GET = apiRoute(exportMyNotesContract, (request, _context: unknown, { readQuery }) => {
  return handleRoute(async () => {
    const url = new URL(request.url);
    const query = await readQuery();
    const viewer = await getRequestViewer(request, "read");
    assertCanAnnotate(viewer);
    const origin = publicOrigin(request);
    const exportedAt = new Date();
    const file = await streamThreadsExport(viewer, ownThreadsWhere, query.document, {
      format: query.format,
      origin,
      exportedAt,
      baseName: datedBaseName(query.document ? `marginalia-notes-${query.document}` : "marginalia-notes", exportedAt),
      collection: {
        id: `${origin}${url.pathname}${url.search}`,
        label: (title) => (query.document ? `My notes on “${title ?? query.document}”` : "My notes in Marginalia"),
      },
    });
    return attachmentStreamResponse(file);
  });
});
