// GET /api/assignments/{id}/progress - every student's progress for the staff; a student's own for them
import { getProgressContract } from "@/lib/api/contracts/assignments";
import { getProgress } from "@/server/assignments/get-progress";
import { getRequestViewer } from "@/server/auth/request-viewer";
import { apiRoute } from "@/server/http/api-route";
import { handleRoute } from "@/server/http/respond";

type Context = { params: Promise<{ id: string }> };

export const GET = apiRoute(getProgressContract, (request, context: Context) => {
  return handleRoute(async () =>
    Response.json({ progress: await getProgress(await getRequestViewer(request, "read"), (await context.params).id) }),
  );
});
