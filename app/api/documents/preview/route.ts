// POST /api/documents/preview - what adding this reading would make, nothing saved
import { previewReadingContract } from "@/lib/api/contracts/documents";
import { getRequestViewer } from "@/server/auth/request-viewer";
import { previewReading } from "@/server/documents/create-reading";
import { apiRoute } from "@/server/http/api-route";
import { assertSameOrigin, handleRoute } from "@/server/http/respond";

export const POST = apiRoute(previewReadingContract, (request, _context, { readUpload }) => {
  return handleRoute(async () => {
    assertSameOrigin(request);
    const viewer = await getRequestViewer(request, "write");
    return Response.json(await previewReading(viewer, await readUpload()));
  });
});
