import "server-only";

/**
 * The limits a shared server needs, each read from the environment on every use (so a test can
 * set one for itself) with a default no person working normally ever meets. The README's "Limits"
 * section lists them with what the user sees.
 */
export function positiveIntFromEnv(name: string, fallback: number): number {
  const value = Number(process.env[name]);
  return Number.isInteger(value) && value > 0 ? value : fallback;
}

/**
 * Writes per user (annotations, replies, edits, deletes, moves, imports, moderation), as a token
 * bucket: `burst` writes at once, refilled at `perMinute`. 30 at once covers an outbox replaying
 * what a reader wrote offline; 120 a minute (2 a second, half of Hypothesis's ~4) is far above
 * anyone typing notes, and still bounds a script looping on the API.
 */
export function writeRateRule(): { burst: number; perMinute: number } {
  return { burst: positiveIntFromEnv("WRITE_RATE_BURST", 30), perMinute: positiveIntFromEnv("WRITE_RATE_PER_MINUTE", 120) };
}

/**
 * An import counts against the write rate as one write per this many annotations it would write
 * (at least one; those imported already by the same file write nothing): writing a file of 2,000 holds the database's write lock ~100× longer than one
 * note, so as one write a script could keep every other writer waiting, import after import.
 * 2,000 take 20 of the 30 at once, and a second such file waits ~10 s.
 */
export const IMPORT_NOTES_PER_WRITE = 100;

/**
 * Text a person may add a day, as readings and their versions (`READING_MB_PER_DAY`, 200 MB): every
 * version is kept whole, so without a bound one account adding 20 MB books in a loop grew the
 * database by gigabytes an hour. A bucket of the day's megabytes, full at first and refilled over
 * the day; counted in units of 100 KB (a short article counts as one).
 */
export function readingTextRule(): { burst: number; perMinute: number; unitBytes: number } {
  const units = positiveIntFromEnv("READING_MB_PER_DAY", 200) * 10;
  return { burst: units, perMinute: units / (24 * 60), unitBytes: 100 * 1024 };
}

/** Annotations (replies included) in one imported file; a larger file is refused before anything is read into the database. */
export function importMaxItems(): number {
  return positiveIntFromEnv("IMPORT_MAX_ITEMS", 2_000);
}

/**
 * Characters of comments in one imported file. Each is rendered on the server's one thread to
 * know whether it shows anything (up to ~2.5 ms per 1,000 characters for the costliest shapes:
 * npm run bench:markdown): a 10 MB file of 10,000-character comments took 15–25 s. 2,000,000 is a
 * file of 2,000 notes of 1,000 characters each.
 */
export function importMaxCommentCharacters(): number {
  return positiveIntFromEnv("IMPORT_MAX_COMMENT_CHARACTERS", 2_000_000);
}

/** An import counts one write per IMPORT_NOTES_PER_WRITE notes, or per this many characters of their comments if that is more. */
export const IMPORT_COMMENT_CHARACTERS_PER_WRITE = 100_000;

/** Open live streams (reading-page tabs) per user, across every instance. */
export function liveMaxStreamsPerUser(): number {
  return positiveIntFromEnv("LIVE_MAX_STREAMS_PER_USER", 10);
}

/** People in one group, every role counted (the owner too). */
export function groupMaxMembers(): number {
  return positiveIntFromEnv("GROUP_MAX_MEMBERS", 500);
}

/**
 * Annotations and replies in one export. Exports are built in memory (one file, one response):
 * this bounds that memory per request, and the refusal says how to ask for less.
 */
export function exportMaxAnnotations(): number {
  return positiveIntFromEnv("EXPORT_MAX_ANNOTATIONS", 20_000);
}
