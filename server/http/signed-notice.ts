import "server-only";
import { createHmac, timingSafeEqual } from "node:crypto";
import { authSecret } from "@/server/auth/secret";

/**
 * A message a form's server action hands to the page it redirects to (`?error=…`), signed so the
 * page says only what this server wrote: a link crafted elsewhere ("Your account is suspended:
 * write to …") shows nothing on our page. Stateless, so it survives a redirect to any instance.
 */
const sign = (message: string) => createHmac("sha256", `page-notice:${authSecret()}`).update(message).digest("base64url");

/** The query value for `message`: the message, base64url, and its signature. */
export function sealNotice(message: string): string {
  return `${Buffer.from(message, "utf8").toString("base64url")}.${sign(message)}`;
}

/** The message a query value carries, or null when it is missing, malformed or not ours. */
export function openNotice(value: string | string[] | undefined): string | null {
  if (typeof value !== "string") return null;
  const [encoded, signature, ...rest] = value.split(".");
  if (!encoded || !signature || rest.length > 0) return null;
  const message = Buffer.from(encoded, "base64url").toString("utf8");
  const expected = Buffer.from(sign(message));
  const given = Buffer.from(signature);
  return expected.length === given.length && timingSafeEqual(expected, given) ? message : null;
}
