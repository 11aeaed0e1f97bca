// GET /api/documents - the library: every document, for anyone
import { listDocumentsContract } from "@/lib/api/contracts/documents";
import { apiRoute } from "@/server/http/api-route";
import { handleRoute } from "@/server/http/respond";
import { listDocuments } from "@/server/documents/list-documents";

export const GET = apiRoute(listDocumentsContract, () => {
  return handleRoute(async () => Response.json({ items: await listDocuments(), nextCursor: null }));
});
