// GET /api/me/assignments - what is due for me, soonest first, with my progress (and grade once released)
import { listMyAssignmentsContract } from "@/lib/api/contracts/assignments";
import { listMyAssignments } from "@/server/assignments/list-my-assignments";
import { getRequestViewer } from "@/server/auth/request-viewer";
import { apiRoute } from "@/server/http/api-route";
import { handleRoute } from "@/server/http/respond";

export const GET = apiRoute(listMyAssignmentsContract, (request) => {
  return handleRoute(async () => Response.json({ assignments: await listMyAssignments(await getRequestViewer(request, "read")) }));
});
