/** The largest reading anyone may add, by default: a long book as text is a few megabytes. */
export const DEFAULT_READING_MAX_MB = 20;

/** `READING_MAX_MB` (a positive number of megabytes), or the default: the limit on an added reading's upload. */
export function readReadingMaxBytes(env: Record<string, string | undefined> = process.env): number {
  const configured = Number(env.READING_MAX_MB);
  const megabytes = Number.isFinite(configured) && configured > 0 ? configured : DEFAULT_READING_MAX_MB;
  return Math.floor(megabytes * 1024 * 1024);
}

/** The file types a reading can be added from, by extension: what the converter reads them as. */
export const READING_FILE_FORMATS = { txt: "text", text: "text", md: "markdown", markdown: "markdown", html: "html", htm: "html" } as const;
export type ReadingFormat = (typeof READING_FILE_FORMATS)[keyof typeof READING_FILE_FORMATS];
export const READING_FILE_ACCEPT = ".txt,.md,.markdown,.html,.htm,text/plain,text/markdown,text/html";
