import { z } from "zod";
import { defineContract } from "@/lib/api/contract";

export const openApiDocumentContract = defineContract({
  method: "GET",
  path: "/api/openapi.json",
  summary: "This API described: the OpenAPI 3.1 document the API reference page is rendered from.",
  tag: "This document",
  auth: "public",
  responses: {
    200: {
      description: "The OpenAPI document.",
      schema: z.looseObject({ openapi: z.string(), info: z.looseObject({}), paths: z.looseObject({}) }),
    },
  },
});

/*
 * next-auth answers everything under /api/auth/ (app/api/auth/[...nextauth]/route.ts); these are
 * the two of its endpoints a script needs to sign in with a password and get a session cookie.
 * next-auth parses them itself: our route passes the request on.
 */
export const csrfTokenContract = defineContract({
  method: "GET",
  path: "/api/auth/csrf",
  summary: "next-auth: a CSRF token for the sign-in form (and its cookie).",
  tag: "Accounts",
  auth: "next-auth",
  responses: { 200: { description: "The token; send it back with the cookie.", schema: z.object({ csrfToken: z.string() }) } },
});

export const credentialsSignInContract = defineContract({
  method: "POST",
  path: "/api/auth/callback/credentials",
  summary: "next-auth: sign in with email and password; the answer sets the session cookie.",
  description: "Failed sign-ins are counted per email and per IP: past the limit the answer is 429 with Retry-After.",
  tag: "Accounts",
  auth: "next-auth",
  bodyContentType: "application/x-www-form-urlencoded",
  body: z.object({
    csrfToken: z.string().meta({ description: "From GET /api/auth/csrf." }),
    email: z.string(),
    password: z.string(),
    json: z.literal("true").meta({ description: "Answer JSON instead of redirecting." }),
  }),
  responses: { 200: { description: "Signed in: the session cookie is set.", schema: z.object({ url: z.string() }) } },
  errors: { 401: "Wrong email or password.", 429: "Too many failed sign-ins: wait for Retry-After seconds." },
});
