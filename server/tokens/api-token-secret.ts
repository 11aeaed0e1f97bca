import "server-only";
import { createHash, randomBytes } from "node:crypto";

export const TOKEN_PREFIX = "mrg_";
/** "mrg_" and four characters of the random part: enough to tell tokens apart, useless to guess with. */
const VISIBLE_PREFIX_LENGTH = TOKEN_PREFIX.length + 4;

/** A new token: "mrg_" + 32 random bytes in base64url (256 bits). Only its hash is stored. */
export function generateApiTokenSecret(): { token: string; tokenHash: string; prefix: string } {
  const token = TOKEN_PREFIX + randomBytes(32).toString("base64url");
  return { token, tokenHash: hashApiToken(token), prefix: token.slice(0, VISIBLE_PREFIX_LENGTH) };
}

/**
 * SHA-256, hex. Passwords need a slow, salted hash because people choose guessable ones; a token
 * is 256 random bits, so a fast deterministic hash is as safe and lets us find it by index.
 */
export function hashApiToken(token: string): string {
  return createHash("sha256").update(token, "utf8").digest("hex");
}
