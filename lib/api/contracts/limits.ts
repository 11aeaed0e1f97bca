/**
 * How the server's limits (server/limits/, the README's "Limits") show in the API reference: the
 * error statuses they answer, for the contracts they apply to.
 */
export const WRITE_RATE_LIMITED =
  "Over your write rate (WRITE_RATE_BURST at once, then WRITE_RATE_PER_MINUTE): nothing was saved; wait `Retry-After` seconds.";

export const IMPORT_TOO_LARGE =
  "The file is over 10 MB, holds more than IMPORT_MAX_ITEMS annotations, or comments of more than IMPORT_MAX_COMMENT_CHARACTERS characters in all; nothing was imported.";

export const EXPORT_TOO_LARGE = "More than EXPORT_MAX_ANNOTATIONS annotations and replies; the message says how to ask for fewer.";

export const TOO_MANY_STREAMS =
  "You already have LIVE_MAX_STREAMS_PER_USER live streams open (on any instance); close one, or retry after `Retry-After` seconds.";

export const GROUP_FULL = "The group already has GROUP_MAX_MEMBERS people; nobody was added.";
