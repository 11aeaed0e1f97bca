// GET /api/groups/{id}/members - the group's members and roles (emails for the owner and instructors)
import { listMembersContract } from "@/lib/api/contracts/groups";
import { getRequestViewer } from "@/server/auth/request-viewer";
import { listMembers } from "@/server/groups/list-members";
import { apiRoute } from "@/server/http/api-route";
import { handleRoute } from "@/server/http/respond";

type Context = { params: Promise<{ id: string }> };

export const GET = apiRoute(listMembersContract, (request, context: Context) => {
  return handleRoute(async () =>
    Response.json({ items: await listMembers(await getRequestViewer(request, "read"), (await context.params).id) }),
  );
});
