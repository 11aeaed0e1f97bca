import "server-only";
import mammoth from "mammoth";
import type { ConvertedReading } from "@/lib/documents/convert-reading";
import type { ConversionLimits } from "@/lib/documents/reading-limits";
import { AppError } from "@/lib/errors";
import { convertedBlocks, readHtmlFragmentBlocks, type LeftOut } from "../extract-html-article";
import { isoDate, languageTag } from "@/lib/documents/source-metadata";
import { parseXml, xmlTexts } from "./office-metadata";
import { HEADING_STYLE_NAME, readableWordXml, readWordLists, readWordStyles, type WordLists, type WordStyles } from "./word-markup";
import { readZipArchive, type ZipArchive } from "./zip-archive";

/**
 * A Word document (.docx) → a reading. The archive is opened with our bounded ZIP reader first and
 * every entry inflated against the budget, so by the time mammoth unzips it again (with its own
 * reader, which has no limit) each entry is known to be the size it declares and all of them
 * together within READING_MAX_UNZIPPED_MB. mammoth turns the paragraphs and their styles into
 * HTML (headings stay headings; the "Title" style is the title); images are skipped without being
 * read, and one with a description (alt text) standing on its own is kept as that description.
 * What mammoth would lose or show that a reader does not see (fields, equations, hidden text, a
 * table of contents) is rewritten first (word-markup.ts). Title, author(s), date and language
 * come from the document's core properties.
 */
export async function convertDocx(bytes: Uint8Array, limits: ConversionLimits): Promise<ConvertedReading> {
  if (isCompoundFile(bytes)) {
    throw new AppError(
      "UNPROCESSABLE",
      "This is an older Word document (.doc) or a password-protected one, not a .docx: open it in a word processor, " +
        "remove its password if it has one, and save it as .docx.",
    );
  }
  const archive = readZipArchive(bytes, { maxUnzippedBytes: limits.maxUnzippedBytes, maxEntries: 5000, what: ".docx" });
  const mainPart = mainPartOf(archive);
  if (!mainPart) {
    throw new AppError("UNPROCESSABLE", "This .docx file holds no Word document: open it in a word processor and save it as .docx again.");
  }
  for (const name of archive.names) archive.read(name);
  const styles = readWordStyles(archive.readText("word/styles.xml") ?? null);
  const lists = readWordLists(archive.readText("word/numbering.xml") ?? null);

  let html: string;
  try {
    const result = await mammoth.convertToHtml(
      // mammoth reads the parts through our archive (its `file` input), not by unzipping the file
      // again: the text parts are first made into what a reader sees (word-markup.ts).
      { file: mammothFile(archive, new Set([mainPart, "word/footnotes.xml", "word/endnotes.xml"]), styles, lists) } as unknown as {
        buffer: Buffer;
      },
      { styleMap: styleMapOf(styles), convertImage: mammoth.images.imgElement(() => Promise.resolve({ src: "" })) },
    );
    html = result.value
      // A footnote ends with mammoth's link back to where it was referenced, "↑": not the author's text.
      .replace(/ ?<a href="#(?:footnote|endnote|comment)-ref-[^"]*">↑<\/a>/g, "")
      // The notes follow the text under a heading of their own, as Word sets them apart by a rule.
      .replace(/<ol><li id="(?:footnote|endnote)-/, (list) => `<h2>Notes</h2>${list}`);
  } catch {
    throw new AppError("UNPROCESSABLE", "This .docx file could not be read: open it in a word processor, save it again and retry.");
  }

  const core = archive.has("docProps/core.xml") ? parseXml(archive.readText("docProps/core.xml") ?? "") : null;
  const authors = core ? xmlTexts(core, "dc:creator") : [];
  let title = core ? (xmlTexts(core, "dc:title")[0] ?? null) : null;
  const leftOut: LeftOut = { images: 0 };
  let blocks = readHtmlFragmentBlocks(html, leftOut);
  // The document's own first heading is its title when the properties name none (or name the same);
  // a paragraph in the Title style is, whatever they say: they are often a template's ("Title").
  const opensWithTitleStyle = html.startsWith(`<h1 class="${TITLE_CLASS}">`);
  if (blocks[0]?.isHeading && (!title || title === blocks[0].text || opensWithTitleStyle)) {
    title = blocks[0].text;
    blocks = blocks.slice(1);
  }
  return {
    title,
    author: authors.length > 0 ? authors.join(", ") : null,
    language: core ? languageTag(xmlTexts(core, "dc:language")[0]) : null,
    statedMinutes: null,
    ...convertedBlocks(blocks),
    imagesLeftOut: leftOut.images,
    publishedAt: core ? isoDate(xmlTexts(core, "dcterms:created")[0]) : null,
  };
}

const TITLE_CLASS = "title";

/** Microsoft's Compound File signature: a Word 97–2003 .doc, or an Office file a password encrypts, which are not ZIP archives. */
const COMPOUND_FILE_SIGNATURE = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];

function isCompoundFile(bytes: Uint8Array): boolean {
  return COMPOUND_FILE_SIGNATURE.every((byte, index) => bytes[index] === byte);
}

/**
 * mammoth's style map: the Title style is the title, and a template's own heading and quotation
 * styles (a "Chapter Title" based on Heading 1, pandoc's "Block Text") are headings and quotes;
 * mammoth knows only the built-in names. A name its map syntax cannot hold is left to mammoth.
 */
function styleMapOf(styles: WordStyles): string[] {
  const quoted = (name: string) => (/['\\\n]/.test(name) ? null : `p[style-name='${name}']`);
  return [
    `p[style-name='Title'] => h1.${TITLE_CLASS}:fresh`,
    "p[style-name='Subtitle'] => p:fresh",
    // A heading by its built-in name ("heading 2") is mapped by mammoth itself.
    ...[...styles.headingStyles.values()]
      .filter(({ name }) => !HEADING_STYLE_NAME.test(name))
      .flatMap(({ name, level }) => (quoted(name) ? [`${quoted(name)} => h${level}:fresh`] : [])),
    ...[...styles.quoteStyleNames].flatMap((name) => (quoted(name) ? [`${quoted(name)} => blockquote > p:fresh`] : [])),
  ];
}

/**
 * The package's main document part, as its relationships name it (word/document.xml as a rule;
 * a file another program wrote may name another), or null when it has none.
 */
function mainPartOf(archive: ZipArchive): string | null {
  const relationships = archive.readText("_rels/.rels");
  const target = relationships
    ? [...parseXml(relationships).getElementsByTagName("Relationship")]
        .find((relationship) => /\/officeDocument$/.test(relationship.getAttribute("Type") ?? ""))
        ?.getAttribute("Target")
    : null;
  const named = target?.replace(/^\//, "") ?? null;
  if (named && archive.has(named)) return named;
  return archive.has("word/document.xml") ? "word/document.xml" : null;
}

/** The archive as mammoth reads a .docx (lib/unzip.js: exists, read, with its encodings), its text parts as a reader sees them. */
function mammothFile(archive: ZipArchive, textParts: Set<string>, styles: WordStyles, lists: WordLists) {
  const bytesOf = (name: string): Uint8Array => {
    const bytes = archive.read(name) ?? new Uint8Array();
    return textParts.has(name) ? new TextEncoder().encode(readableWordXml(new TextDecoder().decode(bytes), styles, lists)) : bytes;
  };
  return {
    exists: (name: string) => archive.has(name),
    read: async (name: string, encoding?: string) => {
      const bytes = bytesOf(name);
      if (encoding === "base64") return Buffer.from(bytes).toString("base64");
      return encoding ? new TextDecoder(encoding).decode(bytes) : bytes;
    },
  };
}
