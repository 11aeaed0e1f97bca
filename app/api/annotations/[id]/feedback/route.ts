// POST /api/annotations/{id}/feedback - an instructor's feedback: a reply only the thread's author and the group's staff read
import { ZCreateReplySchema } from "@/lib/annotations/schemas";
import { getRequestViewer } from "@/server/auth/request-viewer";
import { assertSameOrigin, handleRoute, readJson } from "@/server/http/respond";
import { createFeedbackReply } from "@/server/review/create-feedback-reply";

type Context = { params: Promise<{ id: string }> };

export function POST(request: Request, context: Context) {
  return handleRoute(async () => {
    assertSameOrigin(request);
    const viewer = await getRequestViewer(request, "write");
    const input = await readJson(request, ZCreateReplySchema);
    return Response.json(await createFeedbackReply(viewer, (await context.params).id, input), { status: 201 });
  });
}
