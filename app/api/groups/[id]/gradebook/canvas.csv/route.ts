// GET /api/groups/{id}/gradebook/canvas.csv - the group's gradebook, one column per assignment, as a Canvas CSV (owner and instructors)
import { groupGradebookCanvasContract } from "@/lib/api/contracts/assignments";
import { exportGroupGradebook } from "@/server/assignments/export-group-gradebook";
import { getRequestViewer } from "@/server/auth/request-viewer";
import { apiRoute } from "@/server/http/api-route";
import { handleRoute } from "@/server/http/respond";

type Context = { params: Promise<{ id: string }> };

export const GET = apiRoute(groupGradebookCanvasContract, (request, context: Context) => {
  return handleRoute(async () => exportGroupGradebook(await getRequestViewer(request, "read"), (await context.params).id, "canvas"));
});
