// POST /api/groups/join - join a group as a member with its join code (any case)
import { ZJoinByCodeSchema } from "@/lib/groups/schemas";
import { getRequestViewer } from "@/server/auth/request-viewer";
import { joinByCode } from "@/server/groups/join-by-code";
import { assertSameOrigin, handleRoute, readJson } from "@/server/http/respond";

export function POST(request: Request) {
  return handleRoute(async () => {
    assertSameOrigin(request);
    const viewer = await getRequestViewer(request, "write");
    const input = await readJson(request, ZJoinByCodeSchema);
    return Response.json(await joinByCode(viewer, input));
  });
}
