// POST /api/groups/join - join a group as a member with its join code (any case)
import { joinByCodeContract } from "@/lib/api/contracts/groups";
import { getRequestViewer } from "@/server/auth/request-viewer";
import { joinByCode } from "@/server/groups/join-by-code";
import { apiRoute } from "@/server/http/api-route";
import { clientIp } from "@/server/http/client-ip";
import { assertSameOrigin, handleRoute } from "@/server/http/respond";

export const POST = apiRoute(joinByCodeContract, (request, _context: unknown, { readBody }) => {
  return handleRoute(async () => {
    assertSameOrigin(request);
    const viewer = await getRequestViewer(request, "write");
    const input = await readBody();
    return Response.json(await joinByCode(viewer, input, clientIp(request.headers)));
  });
});
