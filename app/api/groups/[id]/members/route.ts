// GET /api/groups/{id}/members - the group's members and roles (emails for the owner and instructors)
import { getRequestViewer } from "@/server/auth/request-viewer";
import { listMembers } from "@/server/groups/list-members";
import { handleRoute } from "@/server/http/respond";

type Context = { params: Promise<{ id: string }> };

export function GET(request: Request, context: Context) {
  return handleRoute(async () =>
    Response.json({ items: await listMembers(await getRequestViewer(request, "read"), (await context.params).id) }),
  );
}
