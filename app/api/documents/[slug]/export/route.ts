// GET /api/documents/{slug}/export?format=jsonld|markdown|csv|hypothesis&mine=1 - the annotations I can read, to take elsewhere
import { exportDocumentAnnotationsContract } from "@/lib/api/contracts/exports";
import { buildNotesFile } from "@/lib/exports/notes-file";
import { exportAnnotations } from "@/server/annotations/export-annotations";
import { getRequestViewer } from "@/server/auth/request-viewer";
import { assertCanAnnotate } from "@/server/authz/annotations";
import { attachmentResponse } from "@/server/http/attachment";
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
    const data = await exportAnnotations(viewer, slug, { onlyMine: query.mine === "1" });
    const origin = publicOrigin(request);
    const file = buildNotesFile([data], {
      format: query.format,
      origin,
      viewerId: viewer.id,
      exportedAt: new Date(),
      baseName: `${slug}-annotations`,
      isSingleDocument: true,
      collection: { id: `${origin}${url.pathname}${url.search}`, label: `Annotations on “${data.document.title}”` },
    });
    return attachmentResponse(file);
  });
});
