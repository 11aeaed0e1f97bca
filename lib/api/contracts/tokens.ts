import { z } from "zod";
import { defineContract } from "@/lib/api/contract";
import { ZApiTokenList, ZCreatedApiToken, ZRevokeResult } from "@/lib/api/responses";
import { ZCreateApiTokenSchema } from "@/lib/tokens/schemas";

export const listApiTokensContract = defineContract({
  method: "GET",
  path: "/api/tokens",
  summary: "My personal API tokens (never the tokens themselves, never their hashes).",
  tag: "API tokens",
  auth: "session",
  responses: { 200: { description: "My tokens.", schema: ZApiTokenList } },
});

export const createApiTokenContract = defineContract({
  method: "POST",
  path: "/api/tokens",
  summary: "Create a personal API token; the response is the only time it is shown.",
  description: "Send it as `Authorization: Bearer <token>`. A read token may only look; a read-write token may also change things.",
  tag: "API tokens",
  auth: "session",
  body: ZCreateApiTokenSchema,
  responses: { 201: { description: "The token (sent with Cache-Control: no-store).", schema: ZCreatedApiToken } },
});

export const revokeApiTokenContract = defineContract({
  method: "DELETE",
  path: "/api/tokens/{id}",
  summary: "Revoke one of my personal API tokens.",
  tag: "API tokens",
  auth: "session",
  params: z.object({ id: z.string().meta({ description: "The token's id (not the token)." }) }),
  responses: { 200: { description: "When it was revoked.", schema: ZRevokeResult } },
});
