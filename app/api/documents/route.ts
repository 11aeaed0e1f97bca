// GET /api/documents - the library: every document, for anyone
import { handleRoute } from "@/server/http/respond";
import { listDocuments } from "@/server/documents/list-documents";

export function GET() {
  return handleRoute(async () => Response.json({ items: await listDocuments(), nextCursor: null }));
}
