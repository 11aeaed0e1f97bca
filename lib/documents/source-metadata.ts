/** Metadata as sources state it (a PDF's Info, an EPUB's package, a Markdown file's front matter), read strictly. */

/** A date as an ISO 8601 string ("2019-03-01", "2019-03-01T10:00:00.000Z"), or null when it is not one. */
export function isoDate(value: string | undefined): string | null {
  if (!value) return null;
  if (/^\d{4}(?:-\d{2}(?:-\d{2})?)?$/.test(value)) return value;
  const time = Date.parse(value);
  return Number.isNaN(time) ? null : new Date(time).toISOString();
}

/** A BCP 47 language tag as people and files write them: "en", "fr-CA", "zh-Hant". */
export const LANGUAGE_TAG = /^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$/;

/**
 * A BCP 47 tag as the reading's language, or null ("en-US" yes; "English" or "x-none" no). Every
 * source's own language passes here (finishReading): the page puts it in `lang`, and the API
 * refuses anything else, so a file must not store what the API would refuse (an HTML page's
 * `lang='en" onmouseover=…'` had been kept as it was).
 */
export function languageTag(value: string | undefined | null): string | null {
  const tag = value?.trim();
  return tag && LANGUAGE_TAG.test(tag) ? tag : null;
}
