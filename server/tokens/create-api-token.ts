import "server-only";
import { ZCreateApiTokenSchema, type ApiTokenSummary, type TCreateApiTokenSchema } from "@/lib/tokens/schemas";
import { db } from "@/server/db/client";
import { generateApiTokenSecret } from "./api-token-secret";
import { API_TOKEN_SUMMARY_FIELDS, toApiTokenSummary } from "./api-token-summary";

const DAY_MS = 24 * 60 * 60 * 1000;

/** Creates a token for the user. The plaintext `token` is returned this once and never again. */
export async function createApiToken(
  input: { userId: string } & TCreateApiTokenSchema,
): Promise<{ token: string; apiToken: ApiTokenSummary }> {
  const { name, scope, expiresInDays } = ZCreateApiTokenSchema.parse(input);
  const { token, tokenHash, prefix } = generateApiTokenSecret();
  const expiresAt = expiresInDays === null ? null : new Date(Date.now() + expiresInDays * DAY_MS);
  const row = await db.apiToken.create({
    data: { userId: input.userId, name, scope, expiresAt, tokenHash, prefix },
    select: API_TOKEN_SUMMARY_FIELDS,
  });
  return { token, apiToken: toApiTokenSummary(row) };
}
