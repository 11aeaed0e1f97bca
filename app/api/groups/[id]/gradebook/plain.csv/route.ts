// GET /api/groups/{id}/gradebook/plain.csv - the group's gradebook, one column per assignment, as a plain CSV (owner and instructors)
import { groupGradebookPlainContract } from "@/lib/api/contracts/assignments";
import { exportGroupGradebook } from "@/server/assignments/export-group-gradebook";
import { getRequestViewer } from "@/server/auth/request-viewer";
import { apiRoute } from "@/server/http/api-route";
import { handleRoute } from "@/server/http/respond";

type Context = { params: Promise<{ id: string }> };

export const GET = apiRoute(groupGradebookPlainContract, (request, context: Context) => {
  return handleRoute(async () => exportGroupGradebook(await getRequestViewer(request, "read"), (await context.params).id, "plain"));
});
