import "server-only";
import type { ApiTokenSummary } from "@/lib/tokens/schemas";
import { ZTokenScope } from "@/lib/tokens/schemas";

/** The columns a summary is made of: never `tokenHash`. */
export const API_TOKEN_SUMMARY_FIELDS = {
  id: true,
  name: true,
  prefix: true,
  scope: true,
  expiresAt: true,
  lastUsedAt: true,
  createdAt: true,
} as const;

export function toApiTokenSummary(row: Omit<ApiTokenSummary, "scope"> & { scope: string }): ApiTokenSummary {
  return { ...row, scope: ZTokenScope.parse(row.scope) };
}
