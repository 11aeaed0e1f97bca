// GET    /api/annotations/{id} - one annotation with its replies (or W3C JSON-LD with Accept: application/ld+json)
// PATCH  /api/annotations/{id} - edit, move, recolour, change visibility, resolve/reopen
// DELETE /api/annotations/{id} - delete (kept as a placeholder while it has replies)
import { deleteAnnotationContract, getAnnotationContract, updateAnnotationContract } from "@/lib/api/contracts/annotations";
import { AppError } from "@/lib/errors";
import { WEB_ANNOTATION_MEDIA_TYPE } from "@/lib/annotations/web-annotation";
import { toStyledWebAnnotation } from "@/lib/exports/web-annotation-style";
import { deleteAnnotation } from "@/server/annotations/delete-annotation";
import { getThread } from "@/server/annotations/get-annotation";
import { updateAnnotation } from "@/server/annotations/update-annotation";
import { getRequestViewer } from "@/server/auth/request-viewer";
import { apiRoute } from "@/server/http/api-route";
import { assertSameOrigin, handleRoute, publicOrigin } from "@/server/http/respond";

type Context = { params: Promise<{ id: string }> };

export const GET = apiRoute(getAnnotationContract, (request, context: Context) => {
  return handleRoute(async () => {
    const { id } = await context.params;
    const thread = await getThread(await getRequestViewer(request, "read"), id);
    const annotation = thread.annotation.id === id ? thread.annotation : thread.replies.find((reply) => reply.id === id);
    // A reply deleted between the check and the read of its thread is gone like any other.
    if (!annotation) throw new AppError("NOT_FOUND", "No such annotation.");
    if (wantsJsonLd(request)) {
      return Response.json(toStyledWebAnnotation(annotation, publicOrigin(request)), {
        headers: { "Content-Type": WEB_ANNOTATION_MEDIA_TYPE, Vary: "Accept" },
      });
    }
    const replies = annotation.parentId ? [] : thread.replies;
    return Response.json({ ...annotation, replies }, { headers: { Vary: "Accept" } });
  });
});

export const PATCH = apiRoute(updateAnnotationContract, (request, context: Context, { readBody }) => {
  return handleRoute(async () => {
    assertSameOrigin(request);
    const viewer = await getRequestViewer(request, "write");
    const input = await readBody();
    return Response.json(await updateAnnotation(viewer, (await context.params).id, input));
  });
});

export const DELETE = apiRoute(deleteAnnotationContract, (request, context: Context, { readQuery }) => {
  return handleRoute(async () => {
    assertSameOrigin(request);
    const viewer = await getRequestViewer(request, "write");
    return Response.json(await deleteAnnotation(viewer, (await context.params).id, await readQuery()));
  });
});

function wantsJsonLd(request: Request): boolean {
  const accept = request.headers.get("accept") ?? "";
  return accept.includes("application/ld+json");
}
