// GET /api/assignments/{id}/export/plain.csv - the assignment's grades as a Plain CSV (owner and instructors)
import { exportPlainContract } from "@/lib/api/contracts/assignments";
import { exportGradebook } from "@/server/assignments/export-gradebook";
import { getRequestViewer } from "@/server/auth/request-viewer";
import { apiRoute } from "@/server/http/api-route";
import { handleRoute } from "@/server/http/respond";

type Context = { params: Promise<{ id: string }> };

export const GET = apiRoute(exportPlainContract, (request, context: Context) => {
  return handleRoute(async () => exportGradebook(await getRequestViewer(request, "read"), (await context.params).id, "plain"));
});
