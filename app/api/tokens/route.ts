// GET  /api/tokens - my personal API tokens (never the tokens themselves, never their hashes)
// POST /api/tokens - create a token; the response is the only time it is shown
import { ZCreateApiTokenSchema } from "@/lib/tokens/schemas";
import { requireSessionUser } from "@/server/auth/request-viewer";
import { assertSameOrigin, handleRoute, readJson } from "@/server/http/respond";
import { createApiToken } from "@/server/tokens/create-api-token";
import { listApiTokens } from "@/server/tokens/list-api-tokens";

export function GET(request: Request) {
  return handleRoute(async () => {
    const user = await requireSessionUser(request);
    return Response.json({ items: await listApiTokens(user.id) });
  });
}

export function POST(request: Request) {
  return handleRoute(async () => {
    assertSameOrigin(request);
    const user = await requireSessionUser(request);
    const input = await readJson(request, ZCreateApiTokenSchema);
    const { token, apiToken } = await createApiToken({ userId: user.id, ...input });
    const { id, name, prefix, scope, expiresAt, createdAt } = apiToken;
    return Response.json({ token, id, name, prefix, scope, expiresAt, createdAt }, { status: 201, headers: { "Cache-Control": "no-store" } });
  });
}
