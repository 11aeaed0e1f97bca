// GET /api/groups/{id}/removals - the owner: people removed from the group, who cannot rejoin yet
import { listRemovedPeopleContract } from "@/lib/api/contracts/groups";
import { getRequestViewer } from "@/server/auth/request-viewer";
import { listRemovedPeople } from "@/server/groups/let-back-in";
import { apiRoute } from "@/server/http/api-route";
import { handleRoute } from "@/server/http/respond";

type Context = { params: Promise<{ id: string }> };

export const GET = apiRoute(listRemovedPeopleContract, (request, context: Context) => {
  return handleRoute(async () =>
    Response.json({ items: await listRemovedPeople(await getRequestViewer(request, "read"), (await context.params).id) }),
  );
});
