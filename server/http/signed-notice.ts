import "server-only";
import { openValue, sealValue } from "@/server/auth/signed-value";

/**
 * A message a form's server action hands to the page it redirects to (`?error=…`), signed so the
 * page says only what this server wrote: a link crafted elsewhere ("Your account is suspended:
 * write to …") shows nothing on our page. Stateless, so it survives a redirect to any instance.
 */
const PURPOSE = "page-notice";

/** The query value for `message`: sealed (server/auth/signed-value.ts) for page notices only. */
export function sealNotice(message: string): string {
  return sealValue(PURPOSE, message);
}

/** The message a query value carries, or null when it is missing, malformed or not ours. */
export function openNotice(value: string | string[] | undefined): string | null {
  if (typeof value !== "string") return null;
  const message = openValue(PURPOSE, value);
  return typeof message === "string" ? message : null;
}
