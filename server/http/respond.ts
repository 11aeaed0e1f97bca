import "server-only";
import { z } from "zod";
import type { ErrorBody } from "@/lib/api/error-body";
import { AppError } from "@/lib/errors";
import { databaseUnavailability, type DatabaseUnavailability } from "@/server/db/database-unavailable";
import { clientGoneError, readBoundedBody } from "./read-json-file";
import { crossOriginRefusal } from "./same-origin";

/**
 * The one response shape for errors: `{ "error": { "code", "message", "status", "issues"? } }`.
 * Every route handler goes through `handleRoute`, so an AppError anywhere below becomes exactly
 * this, a validation failure says which field and why, and anything unexpected is a logged 500
 * that leaks nothing.
 */
export type { ErrorBody };

export function errorResponse(error: AppError, issues?: ErrorBody["error"]["issues"]): Response {
  const body: ErrorBody = { error: { code: error.code, message: error.message, status: error.status, ...(issues && { issues }) } };
  const headers: HeadersInit = error.retryAfterSeconds ? { "Retry-After": String(error.retryAfterSeconds) } : {};
  return Response.json(body, { status: error.status, headers });
}

export async function handleRoute(handler: () => Promise<Response>): Promise<Response> {
  try {
    return await handler();
  } catch (error) {
    if (error instanceof AppError) return errorResponse(error);
    if (error instanceof z.ZodError) return validationErrorResponse(error);
    // A NUL in a path parameter reached PostgreSQL, which cannot hold one in text (22021).
    if (hasCode(error, "22021")) return errorResponse(nulCharacterError());
    // Node's own error for a request whose client went away mid-way: nobody hears the answer, and it
    // is not the database's ECONNRESET (that one reads "read ECONNRESET" or "Connection terminated").
    if (hasCode(error, "ECONNRESET") && (error as Error).message === "aborted") return errorResponse(clientGoneError());
    const unavailability = databaseUnavailability(error);
    if (unavailability) {
      // A write that failed here was one transaction that never committed: nothing is half-done.
      console.warn(`Database ${unavailability}:`, error instanceof Error ? error.message : error);
      return errorResponse(databaseUnavailableError(unavailability));
    }
    console.error("Unhandled error in route handler", error);
    return Response.json(
      { error: { code: "INTERNAL", message: "Something went wrong on our side. Nothing was changed.", status: 500 } },
      { status: 500 },
    );
  }
}

const UNAVAILABLE_MESSAGES: Record<DatabaseUnavailability, string> = {
  unreachable: "The database is unavailable for a moment. Nothing was saved; try again in a few seconds.",
  busy: "The server is too busy to save this right now. Nothing was saved; try again in a few seconds.",
  full: "The server's disk is full, so nothing can be saved right now. Nothing was saved; keep your text and try again later.",
  "read-only": "The database is read-only right now (maintenance), so nothing can be saved. Nothing was saved; try again later.",
};

/** 503 with Retry-After: a client that waits and sends the same request again is doing the right thing. */
export function databaseUnavailableError(unavailability: DatabaseUnavailability = "unreachable"): AppError {
  return new AppError("SERVICE_UNAVAILABLE", UNAVAILABLE_MESSAGES[unavailability], {
    retryAfterSeconds: unavailability === "unreachable" || unavailability === "busy" ? 5 : 30,
  });
}

/** PostgreSQL text cannot hold U+0000, so no input may carry one, on either database. */
export function nulCharacterError(): AppError {
  return new AppError("BAD_REQUEST", "Text cannot contain the NUL character (U+0000).");
}

/**
 * Refuses text the databases cannot store as sent (400, saying which character): U+0000, which
 * PostgreSQL text cannot hold, and a lone UTF-16 surrogate (`"\ud800"` is valid JSON), which
 * Prisma cannot pass to either database. Checked everywhere in `value`, keys included.
 */
export function assertStorableText(value: unknown): void {
  if (hasText(value, (text) => text.includes("\u0000"))) throw nulCharacterError();
  if (hasText(value, (text) => LONE_SURROGATE.test(text))) {
    throw new AppError("BAD_REQUEST", "Text cannot contain a lone UTF-16 surrogate (half of a character, such as \\ud800 alone).");
  }
}

/** With the `u` flag a surrogate pair is one code point, so only a half on its own is in Cs. */
const LONE_SURROGATE = /\p{Cs}/u;

/**
 * Whether any string in a parsed body (keys included) passes `test`. Walked with a stack of its own,
 * not by recursion: JSON nested 5,000 deep overflowed the call stack and answered 500.
 */
function hasText(body: unknown, test: (text: string) => boolean): boolean {
  const pending: unknown[] = [body];
  while (pending.length > 0) {
    const value = pending.pop();
    if (typeof value === "string") {
      if (test(value)) return true;
    } else if (Array.isArray(value)) {
      for (const item of value) pending.push(item);
    } else if (value && typeof value === "object") {
      for (const [key, field] of Object.entries(value)) {
        if (test(key)) return true;
        pending.push(field);
      }
    }
  }
  return false;
}

function hasCode(error: unknown, code: string): boolean {
  for (let current: unknown = error, depth = 0; current && typeof current === "object" && depth < 8; depth += 1) {
    const candidate = current as { code?: unknown; originalCode?: unknown; cause?: unknown };
    if (candidate.code === code || candidate.originalCode === code) return true;
    current = candidate.cause;
  }
  return false;
}

export function validationErrorResponse(error: z.ZodError): Response {
  const issues = error.issues.map((issue) => ({ path: issue.path.join("."), message: issue.message }));
  const summary = issues.map((issue) => (issue.path ? `${issue.path}: ${issue.message}` : issue.message)).join(" ");
  return errorResponse(new AppError("BAD_REQUEST", `Invalid request. ${summary}`), issues);
}

/**
 * The largest JSON body a route reads: the largest valid one (an annotation quoting 50,000
 * characters with a 10,000-character comment, every character escaped) is well under half of it.
 */
export const MAX_JSON_BODY_BYTES = 1024 * 1024;

/**
 * Reads a JSON body and validates it. Anything but JSON is refused (415) before it is parsed:
 * HTML forms cannot send application/json cross-site without a CORS preflight, which we never
 * grant, so this is also half of the CSRF defence (the other half is `assertSameOrigin`).
 * The body is counted as it arrives and refused past MAX_JSON_BODY_BYTES (413): unbounded, one
 * signed-in client could make the server hold and parse any number of 100 MB bodies at once.
 */
export async function readJson<T extends z.ZodType>(request: Request, schema: T): Promise<z.output<T>> {
  const contentType = (request.headers.get("content-type") ?? "").split(";")[0].trim().toLowerCase();
  if (contentType !== "application/json" && contentType !== "application/ld+json") {
    throw new AppError("UNSUPPORTED_MEDIA_TYPE", "Send the request body as JSON (Content-Type: application/json).");
  }
  const bytes = await readBoundedBody(
    request,
    MAX_JSON_BODY_BYTES,
    new AppError(
      "PAYLOAD_TOO_LARGE",
      "The request body is too large: at most 1 MB. (Imports take files of up to 10 MB on their own routes.)",
    ),
  );
  let data: unknown;
  try {
    data = JSON.parse(new TextDecoder().decode(bytes));
  } catch {
    throw new AppError("BAD_REQUEST", "The request body is not valid JSON.");
  }
  assertStorableText(data);
  return schema.parse(data);
}

/**
 * Refuses state-changing requests that a browser sent from another site. Browsers always send
 * Sec-Fetch-Site and/or Origin on cross-site POST/PATCH/DELETE; scripts (curl) send neither and
 * are not a CSRF vector, since they hold their own cookie.
 */
export function assertSameOrigin(request: Request): void {
  const refusal = crossOriginRefusal(request);
  if (refusal) throw new AppError("FORBIDDEN", refusal);
}

/** The public origin, for absolute IRIs in JSON-LD. */
export function publicOrigin(request: Request): string {
  if (process.env.NEXTAUTH_URL) return new URL(process.env.NEXTAUTH_URL).origin;
  const host = request.headers.get("x-forwarded-host") ?? request.headers.get("host");
  const protocol = request.headers.get("x-forwarded-proto") ?? new URL(request.url).protocol.replace(":", "");
  return host ? `${protocol}://${host}` : new URL(request.url).origin;
}
