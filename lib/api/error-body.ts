import { z } from "zod";

/**
 * The one error shape every route answers with, `{ "error": { code, message, status, issues? } }`,
 * as a zod schema: the server builds it (server/http/respond.ts), the API client reads it, and the
 * OpenAPI document describes it from this same schema.
 */
export const ZErrorBody = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    status: z.number().int(),
    /** For a request that failed validation: which field and why. */
    issues: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  }),
});

export type ErrorBody = z.infer<typeof ZErrorBody>;
