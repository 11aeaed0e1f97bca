import "server-only";
import { readFileSync } from "node:fs";
import path from "node:path";

/** Written by `npm run db:prepare` when NEXTAUTH_SECRET is not set (scripts/prepare-database.ts). */
export const GENERATED_SECRET_FILE = path.join(process.cwd(), "data", "auth-secret");

/**
 * The key that signs and encrypts session tokens. Production sets NEXTAUTH_SECRET (the same on
 * every instance); a local quick start uses the one generated into data/ on first run.
 */
export function authSecret(): string {
  const fromEnv = process.env.NEXTAUTH_SECRET?.trim();
  if (fromEnv) return fromEnv;
  try {
    return readFileSync(GENERATED_SECRET_FILE, "utf8").trim();
  } catch {
    throw new Error("NEXTAUTH_SECRET is not set and data/auth-secret does not exist: run `npm run db:prepare` or set NEXTAUTH_SECRET.");
  }
}
