import { z } from "zod";

import { withoutDirectionControls } from "@/lib/text/one-line-label";
import { hasVisibleCharacter } from "@/lib/text/visible";
import { MAX_TOKEN_NAME_LENGTH, TOKEN_EXPIRY_DAYS, TOKEN_SCOPES, type TokenScope } from "./scopes";

export { MAX_TOKEN_NAME_LENGTH, TOKEN_EXPIRY_DAYS, TOKEN_SCOPE_LABELS, TOKEN_SCOPES, type TokenScope } from "./scopes";

export const ZTokenScope = z.enum(TOKEN_SCOPES, { error: 'scope must be "read" or "read-write".' });

export const ZCreateApiTokenSchema = z.object({
  name: z
    .string({ error: "Name the token." })
    .overwrite(withoutDirectionControls)
    .trim()
    .min(1, "Name the token, e.g. “Export script”.")
    .max(MAX_TOKEN_NAME_LENGTH, `Use at most ${MAX_TOKEN_NAME_LENGTH} characters for the name.`)
    .refine((name) => !/[\p{Cc}\u2028\u2029]/u.test(name), "A token's name is one line: no line breaks, tabs or other control characters.")
    .refine(hasVisibleCharacter, "Name the token with letters or signs people can see."),
  scope: ZTokenScope,
  expiresInDays: z.literal(TOKEN_EXPIRY_DAYS, { error: "expiresInDays must be 30, 90, 365 or null." }).nullable(),
});
export type TCreateApiTokenSchema = z.infer<typeof ZCreateApiTokenSchema>;

/** What lists and the API show of a token: never the token itself, never its hash. */
export type ApiTokenSummary = {
  id: string;
  name: string;
  /** The first characters of the token ("mrg_ab12"), to tell tokens apart. */
  prefix: string;
  scope: TokenScope;
  expiresAt: Date | null;
  lastUsedAt: Date | null;
  createdAt: Date;
};

/** What the account page's "create a token" form gets back from its server action. */
export type CreateApiTokenState =
  | { status: "idle" }
  | { status: "created"; token: string; name: string }
  | { status: "invalid"; errors: Partial<Record<"name" | "scope" | "expiresInDays", string>>; message?: string };
