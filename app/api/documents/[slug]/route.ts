// GET    /api/documents/{slug} - a reading's metadata and current version, or ?version=N (404 when I may not read it)
// PATCH  /api/documents/{slug} - change its metadata or sharing (its owner)
// DELETE /api/documents/{slug} - delete it with every annotation on it (its owner)
import { deleteReadingContract, getReadingContract, updateReadingContract } from "@/lib/api/contracts/documents";
import { getRequestViewer } from "@/server/auth/request-viewer";
import { deleteReading } from "@/server/documents/delete-reading";
import { getReading } from "@/server/documents/get-reading";
import { updateReading } from "@/server/documents/update-reading";
import { apiRoute } from "@/server/http/api-route";
import { assertSameOrigin, handleRoute } from "@/server/http/respond";

type Context = { params: Promise<{ slug: string }> };

export const GET = apiRoute(getReadingContract, (request, context: Context, { readQuery }) => {
  return handleRoute(async () => {
    const { version } = await readQuery();
    return Response.json(await getReading(await getRequestViewer(request, "read"), (await context.params).slug, version));
  });
});

export const PATCH = apiRoute(updateReadingContract, (request, context: Context, { readBody }) => {
  return handleRoute(async () => {
    assertSameOrigin(request);
    const viewer = await getRequestViewer(request, "write");
    const input = await readBody();
    return Response.json(await updateReading(viewer, (await context.params).slug, input));
  });
});

export const DELETE = apiRoute(deleteReadingContract, (request, context: Context) => {
  return handleRoute(async () => {
    assertSameOrigin(request);
    const viewer = await getRequestViewer(request, "write");
    return Response.json(await deleteReading(viewer, (await context.params).slug));
  });
});
