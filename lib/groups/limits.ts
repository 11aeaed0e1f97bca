// Limits on groups and invites, apart from their zod schemas (./schemas.ts) so forms in the browser
// can show them without downloading zod.
export const MAX_GROUP_NAME_LENGTH = 80;
export const MAX_GROUP_DESCRIPTION_LENGTH = 500;
export const MAX_HIDE_UNTIL_POST_COUNT = 20;
export const MAX_INVITE_DAYS = 90;
export const DEFAULT_INVITE_DAYS = 14;
