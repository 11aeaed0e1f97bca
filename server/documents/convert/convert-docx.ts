import "server-only";
import mammoth from "mammoth";
import type { ConvertedReading } from "@/lib/documents/convert-reading";
import type { ConversionLimits } from "@/lib/documents/reading-limits";
import { AppError } from "@/lib/errors";
import { convertedBlocks, readHtmlFragmentBlocks, type LeftOut } from "../extract-html-article";
import { isoDate, languageTag } from "@/lib/documents/source-metadata";
import { parseXml, xmlTexts } from "./office-metadata";
import { readZipArchive, type ZipArchive } from "./zip-archive";

/**
 * A Word document (.docx) → a reading. The archive is opened with our bounded ZIP reader first and
 * every entry inflated against the budget, so by the time mammoth unzips it again (with its own
 * reader, which has no limit) each entry is known to be the size it declares and all of them
 * together within READING_MAX_UNZIPPED_MB. mammoth turns the paragraphs and their styles into
 * HTML (headings stay headings; the "Title" style is the title); images are skipped without being
 * read, and one with a description (alt text) standing on its own is kept as that description. Title, author(s), date and language come from the document's core properties.
 */
export async function convertDocx(bytes: Uint8Array, limits: ConversionLimits): Promise<ConvertedReading> {
  const archive = readZipArchive(bytes, { maxUnzippedBytes: limits.maxUnzippedBytes, maxEntries: 5000, what: ".docx" });
  if (!archive.has("word/document.xml")) {
    throw new AppError("UNPROCESSABLE", "This .docx file holds no Word document: open it in a word processor and save it as .docx again.");
  }
  for (const name of archive.names) archive.read(name);

  let html: string;
  try {
    const result = await mammoth.convertToHtml(
      // mammoth reads the parts through our archive (its `file` input), not by unzipping the file
      // again: the text Word hides is taken out of the parts first (withoutHiddenRuns).
      { file: mammothFile(archive) } as unknown as { buffer: Buffer },
      {
        styleMap: ["p[style-name='Title'] => h1.title:fresh", "p[style-name='Subtitle'] => p:fresh"],
        convertImage: mammoth.images.imgElement(() => Promise.resolve({ src: "" })),
      },
    );
    // A footnote ends with mammoth's link back to where it was referenced, "↑": not the author's text.
    html = result.value.replace(/ ?<a href="#(?:footnote|endnote|comment)-ref-[^"]*">↑<\/a>/g, "");
  } catch {
    throw new AppError("UNPROCESSABLE", "This .docx file could not be read: open it in a word processor, save it again and retry.");
  }

  const core = archive.has("docProps/core.xml") ? parseXml(archive.readText("docProps/core.xml") ?? "") : null;
  const authors = core ? xmlTexts(core, "dc:creator") : [];
  let title = core ? (xmlTexts(core, "dc:title")[0] ?? null) : null;
  const leftOut: LeftOut = { images: 0 };
  let blocks = readHtmlFragmentBlocks(html, leftOut);
  // The document's own first heading is its title when the properties name none (or name the same).
  if (blocks[0]?.isHeading && (!title || title === blocks[0].text)) {
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

/** The parts whose runs are the document's text: hidden runs are taken out of these. */
const TEXT_PARTS = new Set(["word/document.xml", "word/footnotes.xml", "word/endnotes.xml"]);

/** The archive as mammoth reads a .docx (lib/unzip.js: exists, read, with its encodings). */
function mammothFile(archive: ZipArchive) {
  const bytesOf = (name: string): Uint8Array => {
    const bytes = archive.read(name) ?? new Uint8Array();
    return TEXT_PARTS.has(name) ? new TextEncoder().encode(withoutHiddenRuns(new TextDecoder().decode(bytes))) : bytes;
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

/**
 * Takes out the runs Word hides (Font ▸ Hidden, `<w:vanish/>` in the run's own properties): an
 * author's note to self, a hidden answer key. mammoth shows them as text (an independent check
 * found one in a reading). A run hidden through its character style is not recognised here.
 */
export function withoutHiddenRuns(xml: string): string {
  return xml.replace(HIDDEN_RUN, "");
}

// A run (`<w:r>` or `<w:r w:rsidR…>`, never `<w:rPr>`) whose properties, before its text, say vanish
// (no value, or true/1/on). Runs do not nest, so the run ends at the first `</w:r>`.
const HIDDEN_RUN =
  /<w:r(?:\s[^>]*)?>(?:(?!<\/w:r>|<w:t[\s>])[\s\S])*?<w:vanish(?:\s+w:val="(?:true|1|on)")?\s*\/>(?:(?!<\/w:r>)[\s\S])*<\/w:r>/g;
