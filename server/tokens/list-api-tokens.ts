import "server-only";
import type { ApiTokenSummary } from "@/lib/tokens/schemas";
import { db } from "@/server/db/client";
import { API_TOKEN_SUMMARY_FIELDS, toApiTokenSummary } from "./api-token-summary";

/** The user's tokens that have not been revoked (expired ones included), newest first. No hashes. */
export async function listApiTokens(userId: string): Promise<ApiTokenSummary[]> {
  const rows = await db.apiToken.findMany({
    where: { userId, revokedAt: null },
    select: API_TOKEN_SUMMARY_FIELDS,
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
  });
  return rows.map(toApiTokenSummary);
}
