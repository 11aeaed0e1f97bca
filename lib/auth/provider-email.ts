/**
 * Whether an identity provider asserts that the person controls the email address it sent.
 * OpenID Connect (Google, a university's single sign-on) says so with the `email_verified` claim;
 * some issuers send it as the string "true". A missing claim proves nothing and counts as NO.
 * GitHub has no such claim: server/auth/providers.ts adds it from GitHub's list of the user's
 * addresses (the primary one, and whether GitHub has verified it).
 */
export function isEmailVerifiedByProvider(profile: unknown): boolean {
  if (typeof profile !== "object" || profile === null) return false;
  const claim = (profile as { email_verified?: unknown }).email_verified;
  return claim === true || claim === "true";
}
