import type { z } from "zod";

export const HTTP_METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;
export type HttpMethod = (typeof HTTP_METHODS)[number];

/** Who may call an operation, as the API reference says it. */
export const API_AUTH = {
  public: "None: anyone, signed in or not.",
  optional: "Optional: anyone with the link; a signed-in caller also learns their own role.",
  read: "Signed in: a session cookie, or an API token with either scope.",
  write: "Signed in: a session cookie, or a read-write API token.",
  session: "A session cookie only: API tokens are refused, so a leaked token cannot mint more.",
  "next-auth": "next-auth's own endpoints: CSRF token, session cookie.",
} as const;
export type ApiAuth = keyof typeof API_AUTH;

export type ApiResponse = {
  description: string;
  /** The application/json body, described by the zod schema of what the route answers. */
  schema?: z.ZodType;
  /** Other representations by media type; null for a file or stream that no schema describes. */
  otherContent?: Record<string, z.ZodType | null>;
};

/**
 * One route's contract, declared once under lib/api/contracts/: the route handler parses its
 * request with it (server/http/api-route.ts) and the OpenAPI document is generated from it
 * (lib/api/openapi-document.ts), so the two cannot tell different stories.
 */
export type ApiContract = {
  method: HttpMethod;
  /** OpenAPI style: `/api/annotations/{id}`, the folder names under app/ with [x] as {x}. */
  path: `/api/${string}`;
  /** One line, like the header comment of the route file. */
  summary: string;
  description?: string;
  /** The reference page's section. */
  tag: ApiTag;
  auth: ApiAuth;
  /** The path's parameters, one key per `{name}` in `path`. */
  params?: z.ZodObject;
  /** The query string, parsed by the route with exactly this schema. */
  query?: z.ZodObject;
  /** A query string that a server/ function reads from the request itself: documented, not parsed by the route. */
  queryReadByServer?: z.ZodObject;
  /** The JSON body, parsed by the route with exactly this schema. */
  body?: z.ZodType;
  /** Only next-auth's sign-in takes a form; every route of ours takes JSON. */
  bodyContentType?: "application/json" | "application/x-www-form-urlencoded";
  /**
   * A body the route reads through `readUpload()`, size-limited: a JSON file (an import, read by
   * lib/imports/), or with `reading: true` a reading to add (JSON or a multipart form with a file).
   */
  upload?: { description: string; contentTypes: readonly string[]; reading?: true };
  /** Success responses by status. Errors are added to every operation in the one error shape. */
  responses: Partial<Record<number, ApiResponse>>;
  /** Error statuses particular to this operation, with when they happen. */
  errors?: Partial<Record<number, string>>;
};

export const API_TAGS = [
  "Documents",
  "Annotations",
  "Moderation and review",
  "Exports",
  "Groups",
  "Assignments",
  "Notifications",
  "API tokens",
  "Accounts",
  "This document",
] as const;
export type ApiTag = (typeof API_TAGS)[number];

/** Declares a contract, keeping its literal types (so `body()` in the route is typed by its schema). */
export function defineContract<const C extends ApiContract>(contract: C): C {
  return contract;
}

/** The key an operation is known by in the document and in tests: "POST /api/groups". */
export function operationKey(contract: Pick<ApiContract, "method" | "path">): string {
  return `${contract.method} ${contract.path}`;
}
