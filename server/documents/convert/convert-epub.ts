import "server-only";
import { posix } from "node:path";
import { parseHTML } from "linkedom";
import type { ConvertedReading } from "@/lib/documents/convert-reading";
import type { ConversionLimits } from "@/lib/documents/reading-limits";
import { AppError } from "@/lib/errors";
import { convertedBlocks, readHtmlBlocks, type HtmlBlock, type LeftOut } from "../extract-html-article";
import { GUTENBERG_BOILERPLATE } from "@/lib/documents/gutenberg";
import { isoDate, languageTag } from "@/lib/documents/source-metadata";
import { repeatsOnly } from "@/lib/documents/title-page";
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

  // EPUB 2 has no nav property: its guide may name the contents page instead.
  const guideContents = new Set(
    [...opf.getElementsByTagName("reference")]
      .filter((reference) => reference.getAttribute("type")?.toLowerCase() === "toc")
      .map((reference) => posix.normalize(posix.join(base, safeDecode((reference.getAttribute("href") ?? "").split("#")[0])))),
  );
  const isOnlyMetadata = repeatsOnly(
    ["dc:title", "dc:creator", "dc:contributor", "dc:publisher", "dc:date"].flatMap((name) => xmlTexts(opf, name)),
  );

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
    // Project Gutenberg's editions open with its header and close with its licence, in the book's own chapters.
    for (const element of [...document.querySelectorAll(`script, style, template, nav, ${GUTENBERG_BOILERPLATE}`)]) element.remove();
    const body = document.body as unknown as Element | null;
    if (!body) continue;
    removeHiddenElements(body, hiding);
    if (!removeFrontMatter(body, isOnlyMetadata)) continue;
    if (isContentsPage(body, guideContents.has(item.path) ? 0.5 : 0.8)) continue;
    if (blocks.length === 0 && isCopyrightPage(body)) continue;
    const chapter = readHtmlBlocks(body, leftOut);
    if (chapter.length === 0) continue;
    // A title page nothing names as one (EPUB 2 has no epub:type), before any of the book's text.
    if (blocks.length === 0 && chapter.every((block) => isOnlyMetadata(block.text))) continue;
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

/** `epub:type` (EPUB 3) and DPUB-ARIA `role` values naming what a part of a book is. */
function structuralTypes(element: Element): string[] {
  return `${element.getAttribute("epub:type") ?? ""} ${element.getAttribute("role") ?? ""}`.split(/\s+/).filter(Boolean);
}

/**
 * The parts of a book that are its edition's, not its text, as EPUB 3's structural semantics and
 * DPUB-ARIA name them: contents lists, lists of illustrations and tables, landmarks and page lists,
 * the imprint (Standard Ebooks' credits to its volunteers), the copyright page and the colophon
 * ("This ebook was produced for…", "Set in Garamond").
 */
const EDITION_PARTS = new Set([
  "toc",
  "doc-toc",
  "loi",
  "lot",
  "landmarks",
  "page-list",
  "doc-pagelist",
  "imprint",
  "copyright-page",
  "colophon",
  "doc-colophon",
]);

/**
 * Takes out the parts of a chapter that are the edition's, not the book's text (EDITION_PARTS), and
 * a title page or half-title that only repeats the title, author and date (`titlepage`,
 * `halftitlepage`). A title page that says more (an epigraph, a dedication, a subtitle the package
 * does not hold) is kept whole: its repetition costs a line, and losing the rest would lose the
 * book's own words. False when the whole body is such a part.
 */
function removeFrontMatter(body: Element, isOnlyMetadata: (text: string) => boolean): boolean {
  for (const element of [body, ...body.querySelectorAll("[epub\\:type], [role]")]) {
    const types = structuralTypes(element);
    const isFurniture = types.some((type) => EDITION_PARTS.has(type));
    const isBareTitlePage =
      types.some((type) => type === "titlepage" || type === "halftitlepage") && isOnlyMetadata(element.textContent ?? "");
    if (!isFurniture && !isBareTitlePage) continue;
    if (element === body) return false;
    element.remove();
  }
  return true;
}

/** A copyright page is a few lines. */
const COPYRIGHT_PAGE_MAX_CHARS = 2000;

/**
 * A copyright page nothing marks as one (EPUB 2, most publishers' files), before the book's text: a
 * short page that claims a copyright and says what only a copyright page says (an ISBN, "All rights
 * reserved", a Library of Congress record, where it was printed). It was read as the book's first
 * section. Not a page with a heading of its own (an anthology's first poem, its permission below it).
 */
function isCopyrightPage(body: Element): boolean {
  const text = body.textContent ?? "";
  if (text.replace(/\s+/g, " ").trim().length > COPYRIGHT_PAGE_MAX_CHARS) return false;
  const headings = [...body.querySelectorAll("h1, h2, h3, h4, h5, h6")];
  if (headings.some((heading) => !/copyright/i.test(heading.textContent ?? ""))) return false;
  return /©|\(c\)\s*\d{4}|\bcopyright\b/i.test(text) && /\bISBN\b|all rights reserved|library of congress|printed in\b/i.test(text);
}

/**
 * A contents page nothing marks as one (EPUB 2, or a converter's "Contents" page beside the EPUB 3
 * nav): at least two links within the book, and at least `share` of its text, headings aside, in
 * them. A guide's "toc" is a hint, not proof (it may name a chapter that opens with the contents):
 * it lowers the share asked for, so a page of prose is still never skipped.
 */
function isContentsPage(body: Element, share: number): boolean {
  const length = (element: Element) => (element.textContent ?? "").replace(/\s+/g, "").length;
  const links = [...body.querySelectorAll("a[href]")].filter((link) => !/^[a-z][a-z0-9+.-]*:/i.test(link.getAttribute("href") ?? ""));
  if (links.length < 2) return false;
  const headings = [...body.querySelectorAll("h1, h2, h3, h4, h5, h6")].reduce((sum, heading) => sum + length(heading), 0);
  const linked = links.reduce((sum, link) => sum + length(link), 0);
  return linked >= share * (length(body) - headings);
}

/**
 * A chapter's document, or null when it is no document at all: bytes that are not markup (an XHTML
 * file starts with "<", after a byte-order mark or white space), or markup without an element.
 * linkedom parses either without complaint into a document with no root, and the first use of its
 * body then threw a TypeError: a 500 for what is a damaged (or encrypted) book.
 */
function parseChapter(xhtml: string): Document | null {
  if (!/^\s*</.test(xhtml)) return null;
  const { document } = parseHTML(xhtml);
  return document.documentElement ? (document as unknown as Document) : null;
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
