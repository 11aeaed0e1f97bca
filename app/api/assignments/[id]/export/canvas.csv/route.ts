// GET /api/assignments/{id}/export/canvas.csv - the assignment's grades as a Canvas CSV (owner and instructors)
import { exportCanvasContract } from "@/lib/api/contracts/assignments";
import { exportGradebook } from "@/server/assignments/export-gradebook";
import { getRequestViewer } from "@/server/auth/request-viewer";
import { apiRoute } from "@/server/http/api-route";
import { handleRoute } from "@/server/http/respond";

type Context = { params: Promise<{ id: string }> };

export const GET = apiRoute(exportCanvasContract, (request, context: Context) => {
  return handleRoute(async () => exportGradebook(await getRequestViewer(request, "read"), (await context.params).id, "canvas"));
});
