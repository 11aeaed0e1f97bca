import "server-only";
import { DOMParser } from "linkedom";
import { collapseWhitespace } from "@/lib/documents/convert-reading";

/** An XML document (an EPUB's package, a .docx's core properties), parsed without ever fetching or running anything. */
export function parseXml(xml: string): Document {
  return new DOMParser().parseFromString(xml, "text/xml") as unknown as Document;
}

/** The text of every element with this qualified name ("dc:creator"), in order, empty ones left out. */
export function xmlTexts(document: Document, qualifiedName: string): string[] {
  return [...document.getElementsByTagName(qualifiedName)].map((element) => collapseWhitespace(element.textContent ?? "")).filter(Boolean);
}

/** A date as an ISO 8601 string ("2019-03-01", "2019-03-01T10:00:00.000Z"), or null when it is not one. */
export function isoDate(value: string | undefined): string | null {
  if (!value) return null;
  if (/^\d{4}(?:-\d{2}(?:-\d{2})?)?$/.test(value)) return value;
  const time = Date.parse(value);
  return Number.isNaN(time) ? null : new Date(time).toISOString();
}

/** A BCP 47 tag as the reading's language, or null ("en-US" yes; "English" or "x-none" no). */
export function languageTag(value: string | undefined | null): string | null {
  const tag = value?.trim();
  return tag && /^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$/.test(tag) ? tag : null;
}
