import "server-only";
import { createHmac, timingSafeEqual } from "node:crypto";
import { authSecret } from "./secret";

/**
 * JSON this server hands a browser to give back later (a cookie), signed with the app's secret:
 * readable by whoever holds it, unforgeable without the secret. Each purpose signs with a key of
 * its own, so a value sealed for one purpose is worthless to another.
 */
function sign(purpose: string, payload: string): string {
  return createHmac("sha256", `${purpose}:${authSecret()}`).update(payload).digest("base64url");
}

/** `data` as JSON in base64url, a dot, and its signature. */
export function sealValue(purpose: string, data: unknown): string {
  const payload = Buffer.from(JSON.stringify(data)).toString("base64url");
  return `${payload}.${sign(purpose, payload)}`;
}

/** What `sealValue(purpose, …)` sealed, or null when the value is missing, malformed or not ours. */
export function openValue(purpose: string, value: string | null | undefined): unknown {
  if (!value) return null;
  const [payload, signature, ...rest] = value.split(".");
  if (!payload || !signature || rest.length > 0) return null;
  const expected = Buffer.from(sign(purpose, payload));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
  try {
    return JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as unknown;
  } catch {
    return null;
  }
}
