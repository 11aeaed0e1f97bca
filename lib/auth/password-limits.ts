// Name and password lengths, apart from the zod schemas (./account-schemas.ts) so the sign-up form in the
// browser (sign-up, the account page) can say them without downloading zod.
export const MIN_PASSWORD_LENGTH = 8;
/** argon2 hashes any length, but hashing megabytes on request is a denial-of-service lever. */
export const MAX_PASSWORD_LENGTH = 200;
/** A display name, as people see it beside their notes. */
export const MAX_NAME_LENGTH = 100;
