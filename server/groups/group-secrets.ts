import "server-only";
import { createHash, randomBytes, randomInt } from "node:crypto";
import { JOIN_CODE_ALPHABET, JOIN_CODE_LENGTH } from "@/lib/groups/schemas";

/** A join code: JOIN_CODE_LENGTH characters drawn uniformly (crypto.randomInt, no modulo bias). */
export function generateJoinCode(): string {
  let code = "";
  for (let index = 0; index < JOIN_CODE_LENGTH; index += 1) code += JOIN_CODE_ALPHABET[randomInt(JOIN_CODE_ALPHABET.length)];
  return code;
}

/** A new invite token: 32 random bytes, base64url (256 bits). Shown once; only its hash is stored. */
export function generateInviteToken(): { token: string; tokenHash: string } {
  const token = randomBytes(32).toString("base64url");
  return { token, tokenHash: hashInviteToken(token) };
}

/** SHA-256, hex: the token is 256 random bits, so a fast deterministic hash is safe and indexable. */
export function hashInviteToken(token: string): string {
  return createHash("sha256").update(token, "utf8").digest("hex");
}
