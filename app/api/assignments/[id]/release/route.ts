// POST /api/assignments/{id}/release - the staff release the assignment's grades to the students
import { releaseGradesContract } from "@/lib/api/contracts/assignments";
import { releaseGrades } from "@/server/assignments/release-grades";
import { getRequestViewer } from "@/server/auth/request-viewer";
import { apiRoute } from "@/server/http/api-route";
import { assertSameOrigin, handleRoute } from "@/server/http/respond";

type Context = { params: Promise<{ id: string }> };

export const POST = apiRoute(releaseGradesContract, (request, context: Context) => {
  return handleRoute(async () => {
    assertSameOrigin(request);
    return Response.json(await releaseGrades(await getRequestViewer(request, "write"), (await context.params).id));
  });
});
