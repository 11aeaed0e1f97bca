// POST /api/groups/{id}/score-release - an instructor releases the scores given so far on one document to the students
import { releaseScoresContract } from "@/lib/api/contracts/moderation";
import { getRequestViewer } from "@/server/auth/request-viewer";
import { loadMembershipFor } from "@/server/authz/groups";
import { apiRoute } from "@/server/http/api-route";
import { assertSameOrigin, handleRoute } from "@/server/http/respond";
import { releaseScores } from "@/server/review/release-scores";

type Context = { params: Promise<{ id: string }> };

export const POST = apiRoute(releaseScoresContract, (request, context: Context, { readBody }) => {
  return handleRoute(async () => {
    assertSameOrigin(request);
    const viewer = await getRequestViewer(request, "write");
    const groupId = (await context.params).id;
    // Who may release, before what they sent: an outsider's empty body is 404, as on every group route.
    await loadMembershipFor(viewer, groupId, "review");
    const { document } = await readBody();
    return Response.json(await releaseScores(viewer, groupId, document));
  });
});
