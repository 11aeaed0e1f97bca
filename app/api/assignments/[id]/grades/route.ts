// GET /api/assignments/{id}/grades - every student's grade for the staff; a student's own once released
import { listGradesContract } from "@/lib/api/contracts/assignments";
import { listGrades } from "@/server/assignments/list-grades";
import { getRequestViewer } from "@/server/auth/request-viewer";
import { apiRoute } from "@/server/http/api-route";
import { handleRoute } from "@/server/http/respond";

type Context = { params: Promise<{ id: string }> };

export const GET = apiRoute(listGradesContract, (request, context: Context) => {
  return handleRoute(async () => Response.json(await listGrades(await getRequestViewer(request, "read"), (await context.params).id)));
});
