// GET  /api/documents - the library: readings I may read, with counts of annotations I can see
// POST /api/documents - add a reading (pasted text or Markdown as JSON, or a file as a form)
import { createReadingContract, listDocumentsContract } from "@/lib/api/contracts/documents";
import { getRequestViewer } from "@/server/auth/request-viewer";
import { createReading } from "@/server/documents/create-reading";
import { listDocuments } from "@/server/documents/list-documents";
import { apiRoute } from "@/server/http/api-route";
import { assertSameOrigin, handleRoute } from "@/server/http/respond";

export const GET = apiRoute(listDocumentsContract, (request, _context, { readQuery }) => {
  return handleRoute(async () => {
    const { filter, q, sort } = await readQuery();
    const items = await listDocuments(await getRequestViewer(request, "read"), filter, { search: q, sort });
    return Response.json({ items, nextCursor: null });
  });
});

export const POST = apiRoute(createReadingContract, (request, _context, { readUpload }) => {
  return handleRoute(async () => {
    assertSameOrigin(request);
    const viewer = await getRequestViewer(request, "write");
    const reading = await createReading(viewer, await readUpload());
    return Response.json(reading, { status: 201, headers: { Location: `/api/documents/${encodeURIComponent(reading.slug)}` } });
  });
});
