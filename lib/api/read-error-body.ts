import type { ErrorBody } from "./error-body";

/**
 * The one error body (./error-body.ts) read from an unknown JSON value, or null when it is not
 * one. The same rules as `ZErrorBody.safeParse`, written out so the browser's API client does not
 * download zod for them (lib/api/read-error-body.test.ts holds the two to the same answers).
 */
export function readErrorBody(value: unknown): ErrorBody | null {
  if (!isRecord(value) || !isRecord(value.error)) return null;
  const { code, message, status, issues } = value.error;
  if (typeof code !== "string" || typeof message !== "string" || !Number.isSafeInteger(status)) return null;
  const error: ErrorBody["error"] = { code, message, status: status as number };
  if (issues === undefined) return { error };
  if (!Array.isArray(issues)) return null;
  const read: NonNullable<ErrorBody["error"]["issues"]> = [];
  for (const issue of issues) {
    if (!isRecord(issue) || typeof issue.path !== "string" || typeof issue.message !== "string") return null;
    read.push({ path: issue.path, message: issue.message });
  }
  return { error: { ...error, issues: read } };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
