// GET /api/documents/{slug}/export?format=jsonld|markdown&mine=1 - the annotations I can read, to take elsewhere
import { z } from "zod";
import { annotationsToMarkdown } from "@/lib/annotations/export-markdown";
import { toAnnotationCollection, WEB_ANNOTATION_MEDIA_TYPE } from "@/lib/annotations/web-annotation";
import { exportAnnotations } from "@/server/annotations/export-annotations";
import { getRequestViewer } from "@/server/auth/request-viewer";
import { handleRoute, publicOrigin } from "@/server/http/respond";

const ZExportQuery = z.object({
  format: z.enum(["jsonld", "markdown"], { error: 'format must be "jsonld" or "markdown".' }).default("jsonld"),
  mine: z.enum(["0", "1"]).default("0"),
});

type Context = { params: Promise<{ slug: string }> };

export function GET(request: Request, context: Context) {
  return handleRoute(async () => {
    const url = new URL(request.url);
    const query = ZExportQuery.parse(Object.fromEntries(url.searchParams));
    const { slug } = await context.params;
    const data = await exportAnnotations(await getRequestViewer(request, "read"), slug, { onlyMine: query.mine === "1" });
    const filename = `${slug}-annotations`;
    if (query.format === "markdown") {
      return new Response(annotationsToMarkdown(data), {
        headers: {
          "Content-Type": "text/markdown; charset=utf-8",
          "Content-Disposition": `attachment; filename="${filename}.md"`,
        },
      });
    }
    const origin = publicOrigin(request);
    const collection = toAnnotationCollection(
      [...data.annotations.filter((annotation) => !annotation.isDeleted), ...data.replies],
      origin,
      `${origin}${url.pathname}${url.search}`,
      `Annotations on “${data.document.title}”`,
    );
    return Response.json(collection, {
      headers: { "Content-Type": WEB_ANNOTATION_MEDIA_TYPE, "Content-Disposition": `attachment; filename="${filename}.jsonld"` },
    });
  });
}
