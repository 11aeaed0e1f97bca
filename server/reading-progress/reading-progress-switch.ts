import "server-only";

/** A deployment decision: `READING_PROGRESS=off` records nothing and shows nothing of reading progress. */
export function isReadingProgressOn(): boolean {
  return process.env.READING_PROGRESS !== "off";
}
