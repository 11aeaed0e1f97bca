// GET  /api/documents/{slug}/versions - a reading's versions, newest first
// POST /api/documents/{slug}/versions - a new version (its owner); every annotation is re-anchored onto it
import { createReadingVersionContract, listReadingVersionsContract } from "@/lib/api/contracts/documents";
import { getRequestViewer } from "@/server/auth/request-viewer";
import { addReadingVersion } from "@/server/documents/add-reading-version";
import { listReadingVersions } from "@/server/documents/list-reading-versions";
import { apiRoute } from "@/server/http/api-route";
import { assertSameOrigin, handleRoute } from "@/server/http/respond";

type Context = { params: Promise<{ slug: string }> };

export const GET = apiRoute(listReadingVersionsContract, (request, context: Context) => {
  return handleRoute(async () =>
    Response.json(await listReadingVersions(await getRequestViewer(request, "read"), (await context.params).slug)),
  );
});

export const POST = apiRoute(createReadingVersionContract, (request, context: Context, { readUpload }) => {
  return handleRoute(async () => {
    assertSameOrigin(request);
    const viewer = await getRequestViewer(request, "write");
    const created = await addReadingVersion(viewer, (await context.params).slug, await readUpload());
    return Response.json(created, { status: 201 });
  });
});
