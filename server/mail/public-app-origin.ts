import "server-only";

/**
 * The app's public origin for links in mail: NEXTAUTH_URL, never the request's Host header (a
 * forged Host would otherwise send the victim a link to the attacker's site carrying the token).
 */
export function publicAppOrigin(): string {
  return new URL(process.env.NEXTAUTH_URL || "http://localhost:3000").origin;
}
