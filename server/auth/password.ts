import "server-only";
import { hash, verify } from "@node-rs/argon2";

// argon2id with OWASP's recommended minimum (19 MiB, 2 passes, 1 lane): ~20 ms here, so a
// sign-in stays fast while an offline guesser pays for every try. @node-rs/argon2's default
// algorithm is argon2id, and the parameters travel inside the PHC string.
const ARGON2_OPTIONS = { memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export function hashPassword(password: string): Promise<string> {
  return hash(password, ARGON2_OPTIONS);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false; // a malformed stored hash never verifies
  }
}

/**
 * Verifying against this when the email is unknown makes "no such user" take as long as
 * "wrong password", so response times do not reveal which emails have accounts.
 */
let dummyHash: Promise<string> | undefined;
export function hashForUnknownUser(): Promise<string> {
  dummyHash ??= hashPassword("marginalia-timing-equaliser");
  return dummyHash;
}
