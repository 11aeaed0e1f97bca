// GET /api/documents/{slug}/export?format=jsonld|markdown|csv|hypothesis&mine=1 - the annotations I can read, to take elsewhere
import { exportDocumentAnnotationsContract } from "@/lib/api/contracts/exports";
import { WEB_ANNOTATION_MEDIA_TYPE } from "@/lib/annotations/web-annotation";
import { buildNotesFile } from "@/lib/exports/notes-file";
import { exportAnnotations } from "@/server/annotations/export-annotations";
import { streamDocumentJsonLd } from "@/server/annotations/stream-document-export";
import { getRequestViewer } from "@/server/auth/request-viewer";
import { assertCanAnnotate } from "@/server/authz/annotations";
import { attachmentResponse, attachmentStreamResponse } from "@/server/http/attachment";
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
    const origin = publicOrigin(request);
    const collectionId = `${origin}${url.pathname}${url.search}`;
    if (query.format === "jsonld") {
      // Written while it is read from the database, a batch at a time (large documents).
      const body = await streamDocumentJsonLd(viewer, slug, {
        onlyMine: query.mine === "1",
        origin,
        collection: { id: collectionId, label: (title) => `Annotations on “${title}”` },
      });
      return attachmentStreamResponse({ filename: `${slug}-annotations.jsonld`, contentType: WEB_ANNOTATION_MEDIA_TYPE, body });
    }
    const data = await exportAnnotations(viewer, slug, { onlyMine: query.mine === "1" });
    const file = buildNotesFile([data], {
      format: query.format,
      origin,
      viewerId: viewer.id,
      exportedAt: new Date(),
      baseName: `${slug}-annotations`,
      isSingleDocument: true,
      collection: { id: collectionId, label: `Annotations on “${data.document.title}”` },
    });
    return attachmentResponse(file);
  });
});
