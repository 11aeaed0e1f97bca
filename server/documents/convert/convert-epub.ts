import "server-only";
import { posix } from "node:path";
import { parseHTML } from "linkedom";
import type { ConvertedReading } from "@/lib/documents/convert-reading";
import type { ConversionLimits } from "@/lib/documents/reading-limits";
import { AppError } from "@/lib/errors";
import { convertedBlocks, readHtmlBlocks, type HtmlBlock, type LeftOut } from "../extract-html-article";
import { isoDate, languageTag } from "@/lib/documents/source-metadata";
import { parseXml, xmlTexts } from "./office-metadata";
import { hidingSelectors, removeHiddenElements } from "./hidden-elements";
import { readZipArchive, type ZipArchive } from "./zip-archive";

/**
 * An EPUB (2 or 3) → a reading: the package's spine gives the chapters in reading order, each
 * chapter's XHTML is read into blocks, and each chapter starts a section (titled by its first
 * heading, else its <title>). The navigation document and non-linear items (notes, covers) are not
 * chapters. Title, author(s), language, date and a URL identifier come from the package metadata.
 * Entries are inflated by our bounded ZIP reader, only the ones the spine names. A book whose text
 * is encrypted (DRM) is refused (422), as is one with a chapter that is not XHTML, naming it.
 */
export function convertEpub(bytes: Uint8Array, limits: ConversionLimits): ConvertedReading {
  const archive = readZipArchive(bytes, { maxUnzippedBytes: limits.maxUnzippedBytes, maxEntries: 10000, what: ".epub" });
  const notAnEpub = (why: string) =>
    new AppError("UNPROCESSABLE", `This .epub file cannot be read (${why}): export it again from the program that made it.`);
  const container = archive.readText("META-INF/container.xml");
  if (container === null) throw notAnEpub("it has no META-INF/container.xml");
  const packagePath = parseXml(container).getElementsByTagName("rootfile")[0]?.getAttribute("full-path");
  const packageXml = packagePath ? archive.readText(packagePath) : null;
  if (!packagePath || packageXml === null) throw notAnEpub("its package document is missing");
  const opf = parseXml(packageXml);
  const base = posix.dirname(packagePath);

  const manifest = new Map<string, { path: string; mediaType: string; isNav: boolean }>();
  for (const item of [...opf.getElementsByTagName("item")]) {
    const id = item.getAttribute("id");
    const href = item.getAttribute("href");
    if (!id || !href) continue;
    manifest.set(id, {
      path: posix.normalize(posix.join(base, safeDecode(href.split("#")[0]))),
      mediaType: item.getAttribute("media-type") ?? "",
      isNav: /(?:^|\s)nav(?:\s|$)/.test(item.getAttribute("properties") ?? ""),
    });
  }
  assertEpubWithoutDrm(archive, [...manifest.values()]);

  // Chapters share their stylesheets: each is inflated and read once, for the selectors that hide.
  const hidingByStylesheet = new Map<string, string[]>();
  const hidingSelectorsAt = (path: string) => {
    if (!hidingByStylesheet.has(path)) hidingByStylesheet.set(path, hidingSelectors(archive.readText(path) ?? ""));
    return hidingByStylesheet.get(path)!;
  };

  const blocks: HtmlBlock[] = [];
  const sections: { title: string; block: number }[] = [];
  const leftOut: LeftOut = { images: 0 };
  for (const itemref of [...opf.getElementsByTagName("itemref")]) {
    if (itemref.getAttribute("linear") === "no") continue;
    const item = manifest.get(itemref.getAttribute("idref") ?? "");
    if (!item || item.isNav || !/html/.test(item.mediaType)) continue;
    const xhtml = archive.readText(item.path);
    if (xhtml === null) throw notAnEpub(`the chapter "${item.path}" is missing`);
    const document = parseChapter(xhtml);
    if (!document) {
      // Encrypted without saying so in encryption.xml, under a licence: DRM all the same.
      const drm = drmNamedBy(archive);
      throw drm ? drmRefusal(drm) : notAnEpub(`its chapter "${item.path}" is not XHTML`);
    }
    const hiding = [
      ...[...document.querySelectorAll("style")].flatMap((style) => hidingSelectors(style.textContent ?? "")),
      ...[...document.querySelectorAll("link[rel~=stylesheet][href]")].flatMap((link) => {
        const href = safeDecode((link.getAttribute("href") ?? "").split("#")[0]);
        return hidingSelectorsAt(posix.normalize(posix.join(posix.dirname(item.path), href)));
      }),
    ];
    for (const element of [...document.querySelectorAll("script, style, template, nav")]) element.remove();
    if (document.body) removeHiddenElements(document.body as unknown as ParentNode, hiding);
    const chapter = document.body ? readHtmlBlocks(document.body as unknown as Element, leftOut) : [];
    if (chapter.length === 0) continue;
    const heading = chapter.find((block) => block.isHeading)?.text;
    const title = heading ?? document.querySelector("title")?.textContent?.trim() ?? `Chapter ${sections.length + 1}`;
    sections.push({ title, block: blocks.length });
    blocks.push(...chapter);
  }

  const identifiers = [...xmlTexts(opf, "dc:identifier"), ...xmlTexts(opf, "dc:source")];
  const authors = xmlTexts(opf, "dc:creator");
  return {
    title: xmlTexts(opf, "dc:title")[0] ?? null,
    author: authors.length > 0 ? authors.join(", ") : null,
    language: languageTag(xmlTexts(opf, "dc:language")[0]),
    statedMinutes: null,
    ...convertedBlocks(blocks),
    imagesLeftOut: leftOut.images,
    sections,
    sourceUrl: identifiers.find((identifier) => /^https?:\/\//i.test(identifier)) ?? null,
    publishedAt: isoDate(xmlTexts(opf, "dc:date")[0]),
  };
}

/**
 * A chapter's document, or null when its bytes are not markup at all (an XHTML file starts with
 * "<", after a byte-order mark or white space). Only the parse of the book's own bytes is caught:
 * linkedom throws on some inputs that hold no element (a TypeError, which would have been a 500).
 */
function parseChapter(xhtml: string): Document | null {
  if (!/^\s*</.test(xhtml)) return null;
  try {
    const { document } = parseHTML(xhtml);
    return document.documentElement ? (document as unknown as Document) : null;
  } catch {
    return null;
  }
}

/**
 * Font obfuscation, IDPF's and Adobe's: an embedded font is scrambled so it cannot be lifted out of
 * the book, and the text stays readable. DRM-free books use it routinely (Standard Ebooks, many
 * publishers' DRM-free editions), so it alone is no reason to refuse a book.
 */
const FONT_OBFUSCATION = new Set(["http://www.idpf.org/2008/embedding", "http://ns.adobe.com/pdf/enc#RC"]);
const FONT_FILE = /\.(?:otf|ttf|woff2?)$/i;
const FONT_MEDIA_TYPE = /font|opentype|woff/i;

/** Which DRM the book's licence names: Readium LCP keeps it in META-INF/license.lcpl, Adobe's (ADEPT) in META-INF/rights.xml. */
function drmNamedBy(archive: ZipArchive): string | null {
  if (archive.has("META-INF/license.lcpl")) return "Readium LCP";
  if (archive.has("META-INF/rights.xml")) return "Adobe DRM";
  return null;
}

function drmRefusal(drm: string | null): AppError {
  return new AppError(
    "UNPROCESSABLE",
    `This EPUB is protected by DRM (${drm ?? "its text is encrypted"}): only DRM-free EPUBs can be read here. ` +
      "Add a DRM-free copy of the book, or the part you need as a PDF or as text.",
  );
}

/**
 * 422 when the book's text is encrypted: META-INF/encryption.xml lists a file that is not a font,
 * or encrypts one by other means than font obfuscation. Unchecked, such a book was saved as the
 * few pages left in the clear (a title page, a colophon), or its chapters reached the HTML parser
 * as random bytes (a 500). `manifest`: the package's items, whose media types say which are fonts.
 */
function assertEpubWithoutDrm(archive: ZipArchive, manifest: readonly { path: string; mediaType: string }[]): void {
  const encryption = archive.readText("META-INF/encryption.xml");
  if (encryption === null) return;
  const mediaTypes = new Map(manifest.map((item) => [item.path, item.mediaType]));
  // Prefixed (enc:EncryptedData) or in a default namespace: either way, by local name.
  const named = (parent: ParentNode, name: string) =>
    [...parent.querySelectorAll("*")].filter((element) => element.tagName.replace(/^.*:/, "") === name);
  for (const encrypted of named(parseXml(encryption), "EncryptedData")) {
    const algorithm = named(encrypted, "EncryptionMethod")[0]?.getAttribute("Algorithm") ?? "";
    const path = posix.normalize(safeDecode(named(encrypted, "CipherReference")[0]?.getAttribute("URI") ?? ""));
    const isFont = FONT_MEDIA_TYPE.test(mediaTypes.get(path) ?? "") || FONT_FILE.test(path);
    if (!FONT_OBFUSCATION.has(algorithm) || !isFont) throw drmRefusal(drmNamedBy(archive));
  }
}

function safeDecode(href: string): string {
  try {
    return decodeURIComponent(href);
  } catch {
    return href;
  }
}
