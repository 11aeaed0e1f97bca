// Limits on an annotation, apart from its zod schemas (./schemas.ts) so forms in the browser can show
// them without downloading zod.
export const MAX_BODY_LENGTH = 10_000;
export const MAX_TAGS = 20;
export const MAX_TAG_LENGTH = 50;
/** A colour's meaning ("Evidence"), shown in full in the editor and the sidebar's colour key. */
export const MAX_COLOR_MEANING_LENGTH = 100;
