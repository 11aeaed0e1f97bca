// GET  /api/tokens - my personal API tokens (never the tokens themselves, never their hashes)
// POST /api/tokens - create a token; the response is the only time it is shown
import { createApiTokenContract, listApiTokensContract } from "@/lib/api/contracts/tokens";
import { requireSessionUser } from "@/server/auth/request-viewer";
import { apiRoute } from "@/server/http/api-route";
import { assertSameOrigin, handleRoute } from "@/server/http/respond";
import { createApiToken } from "@/server/tokens/create-api-token";
import { listApiTokens } from "@/server/tokens/list-api-tokens";

export const GET = apiRoute(listApiTokensContract, (request) => {
  return handleRoute(async () => {
    const user = await requireSessionUser(request);
    return Response.json({ items: await listApiTokens(user.id) });
  });
});

export const POST = apiRoute(createApiTokenContract, (request, _context: unknown, { readBody }) => {
  return handleRoute(async () => {
    assertSameOrigin(request);
    const user = await requireSessionUser(request);
    const input = await readBody();
    const { token, apiToken } = await createApiToken({ userId: user.id, ...input });
    const { id, name, prefix, scope, expiresAt, createdAt } = apiToken;
    return Response.json(
      { token, id, name, prefix, scope, expiresAt, createdAt },
      { status: 201, headers: { "Cache-Control": "no-store" } },
    );
  });
});
