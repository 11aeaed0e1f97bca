// GET /api/documents/{slug}/export?format=jsonld|markdown|csv|hypothesis&mine=1&shown=1&place=text|new&… - the annotations I can read (or what the page shows: its list on the text or those needing a new place), to take elsewhere
import { shownFromQuery } from "@/lib/annotations/annotation-filter-query";
import { exportDocumentAnnotationsContract } from "@/lib/api/contracts/exports";
import { datedBaseName } from "@/lib/exports/notes-file";
import { streamDocumentExport } from "@/server/annotations/stream-notes-export";
import { getRequestViewer } from "@/server/auth/request-viewer";
import { assertCanAnnotate } from "@/server/authz/annotations";
import { attachmentStreamResponse } from "@/server/http/attachment";
import { apiRoute } from "@/server/http/api-route";
import { handleRoute, publicOrigin } from "@/server/http/respond";

type Context = { params: Promise<{ slug: string }> };

export const GET = apiRoute(exportDocumentAnnotationsContract, (request, context: Context, { readQuery }) => {
  return handleRoute(async () => {
    const url = new URL(request.url);
    const query = await readQuery();
    const { slug } = await context.params;
    const viewer = await getRequestViewer(request, "read");
    assertCanAnnotate(viewer);
    const exportedAt = new Date();
    const file = await streamDocumentExport(viewer, slug, {
      format: query.format,
      onlyMine: query.mine === "1",
      isShown: shownFromQuery(query, viewer.id) ?? undefined,
      origin: publicOrigin(request),
      exportedAt,
      // One naming scheme with My notes' exports (lib/exports/notes-file.ts): what, whose reading, when.
      baseName: datedBaseName(`marginalia-notes-${slug}`, exportedAt),
      collection: { id: `${publicOrigin(request)}${url.pathname}${url.search}`, label: (title) => `Annotations on “${title}”` },
    });
    return attachmentStreamResponse(file);
  });
});
