// What an API token may do and how long it lives, apart from the zod schemas (./schemas.ts) so the
// token form in the browser can offer them without downloading zod.

/** "read" may only look; "read-write" may also create, change and delete — never more than its owner may. */
export const TOKEN_SCOPES = ["read", "read-write"] as const;
export type TokenScope = (typeof TOKEN_SCOPES)[number];
export const TOKEN_SCOPE_LABELS: Record<TokenScope, string> = { read: "Read only", "read-write": "Read and write" };

/** The lifetimes on offer; null is "never expires". */
export const TOKEN_EXPIRY_DAYS = [30, 90, 365] as const;
export const MAX_TOKEN_NAME_LENGTH = 60;
