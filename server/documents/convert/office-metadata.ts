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
