// POST /api/annotations/{id}/feedback - an instructor's feedback: a reply only the thread's author and the group's staff read
import { createFeedbackContract } from "@/lib/api/contracts/moderation";
import { getRequestViewer } from "@/server/auth/request-viewer";
import { apiRoute } from "@/server/http/api-route";
import { assertSameOrigin, handleRoute } from "@/server/http/respond";
import { createFeedbackReply } from "@/server/review/create-feedback-reply";

type Context = { params: Promise<{ id: string }> };

export const POST = apiRoute(createFeedbackContract, (request, context: Context, { readBody }) => {
  return handleRoute(async () => {
    assertSameOrigin(request);
    const viewer = await getRequestViewer(request, "write");
    const input = await readBody();
    return Response.json(await createFeedbackReply(viewer, (await context.params).id, input), { status: 201 });
  });
});
