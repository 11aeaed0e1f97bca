// GET /api/documents/{slug}/export?format=jsonld|markdown|csv|hypothesis&mine=1 - the annotations I can read, to take elsewhere
import { z } from "zod";
import { buildNotesFile } from "@/lib/exports/notes-file";
import { exportAnnotations } from "@/server/annotations/export-annotations";
import { getRequestViewer } from "@/server/auth/request-viewer";
import { assertCanAnnotate } from "@/server/authz/annotations";
import { attachmentResponse } from "@/server/http/attachment";
import { handleRoute, publicOrigin } from "@/server/http/respond";

const ZExportQuery = z.object({
  format: z.enum(["jsonld", "markdown", "csv", "hypothesis"], { error: 'format must be "jsonld", "markdown", "csv" or "hypothesis".' }).default("jsonld"),
  mine: z.enum(["0", "1"]).default("0"),
});

type Context = { params: Promise<{ slug: string }> };

export function GET(request: Request, context: Context) {
  return handleRoute(async () => {
    const url = new URL(request.url);
    const query = ZExportQuery.parse(Object.fromEntries(url.searchParams));
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
}
