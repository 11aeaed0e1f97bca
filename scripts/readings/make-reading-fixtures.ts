// npm run fixtures:readings - writes the real files the converters are tested on (tests/fixtures/readings/).
//
// Each file is made by the tool that makes such files in the world: pdf-lib lays out a PDF line by
// line (running head, running foot, page numbers, first-line indents, words hyphenated at line ends),
// groff's ms macros typeset three more (if groff is installed: one column, a paper's two, footnotes),
// pdflatex a journal article in two columns with sections and footnotes (if installed), qpdf encrypts one (if installed), the
// `docx` package writes a Word document, and EPUBs (one with copies locked by DRM, with an obfuscated
// font, with a damaged chapter; two with front matter and notes, as EPUB 3 and EPUB 2) and two zip bombs are zipped here by hand (the bombs must lie about
// their sizes, which no zip tool will do). The paragraphs they are made from are
// written to paragraphs.json: the oracle the converter tests compare against.
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { createCipheriv } from "node:crypto";
import { crc32, deflateSync } from "node:zlib";
import { Document as DocxDocument, HeadingLevel, Packer, Paragraph, TextRun } from "docx";
import { PDFDocument, type PDFFont, type PDFPage, StandardFonts } from "pdf-lib";
import { zip, type ZipEntry } from "@/tests/zip";

const OUT = path.join(process.cwd(), "tests/fixtures/readings");

/** From Thoreau's Walden (1854), public domain. */
const WALDEN = [
  "When I wrote the following pages, or rather the bulk of them, I lived alone, in the woods, a mile from any neighbor, in a house which I had built myself, on the shore of Walden Pond, in Concord, Massachusetts, and earned my living by the labor of my hands only. I lived there two years and two months. At present I am a sojourner in civilized life again.",
  "I should not obtrude my affairs so much on the notice of my readers if very particular inquiries had not been made by my townsmen concerning my mode of life, which some would call impertinent, though they do not appear to me at all impertinent, but, considering the circumstances, very natural and pertinent. Some have asked what I got to eat; if I did not feel lonesome; if I was not afraid; and the like.",
  "Others have been curious to learn what portion of my income I devoted to charitable purposes; and some, who have large families, how many poor children I maintained. I will therefore ask those of my readers who feel no particular interest in me to pardon me if I undertake to answer some of these questions in this book.",
  "In most books, the I, or first person, is omitted; in this it will be retained; that, in respect to egotism, is the main difference. We commonly do not remember that it is, after all, always the first person that is speaking. I should not talk so much about myself if there were anybody else whom I knew as well. Unfortunately, I am confined to this theme by the narrowness of my experience.",
  "Moreover, I, on my side, require of every writer, first or last, a simple and sincere account of his own life, and not merely what he has heard of other men's lives; some such account as he would send to his kindred from a distant land; for if he has lived sincerely, it must have been in a distant land to me. Perhaps these pages are more particularly addressed to poor students.",
  "As for the rest of my readers, they will accept such portions as apply to them. I trust that none will stretch the seams in putting on the coat, for it may do good service to him whom it fits. I would fain say something, not so much concerning the Chinese and Sandwich Islanders as you who read these pages, who are said to live in New England; something about your condition, especially your outward condition or circumstances in this world, in this town, what it is, whether it is necessary that it be as bad as it is, whether it cannot be improved as well as not.",
  "I have travelled a good deal in Concord; and everywhere, in shops, and offices, and fields, the inhabitants have appeared to me to be doing penance in a thousand remarkable ways. What I have heard of Brahmins sitting exposed to four fires and looking in the face of the sun; or hanging suspended, with their heads downward, over flames; or looking at the heavens over their shoulders until it becomes impossible for them to resume their natural position, while from the twist of the neck nothing but liquids can pass into the stomach; even these forms of conscious penance are hardly more incredible and astonishing than the scenes which I daily witness.",
  "I see young men, my townsmen, whose misfortune it is to have inherited farms, houses, barns, cattle, and farming tools; for these are more easily acquired than got rid of. Better if they had been born in the open pasture and suckled by a wolf, that they might have seen with clearer eyes what field they were called to labor in. Who made them serfs of the soil? Why should they eat their sixty acres, when man is condemned to eat only his peck of dirt?",
  "The mass of men lead lives of quiet desperation. What is called resignation is confirmed desperation. From the desperate city you go into the desperate country, and have to console yourself with the bravery of minks and muskrats. A stereotyped but unconscious despair is concealed even under what are called the games and amusements of mankind. There is no play in them, for this comes after work. But it is a characteristic of wisdom not to do desperate things.",
];

const PAGE = { width: 420, height: 595, margin: 54 };
const BODY = { size: 12, leading: 16, indent: 18 };

async function walden(): Promise<{ bytes: Uint8Array; hyphenated: string[] }> {
  const pdf = await PDFDocument.create();
  pdf.setTitle("Walden");
  pdf.setAuthor("Henry David Thoreau");
  pdf.setLanguage("en");
  pdf.setCreationDate(new Date("2026-11-30T00:00:00Z"));
  const roman = await pdf.embedFont(StandardFonts.TimesRoman);
  const bold = await pdf.embedFont(StandardFonts.TimesRomanBold);
  const italic = await pdf.embedFont(StandardFonts.TimesRomanItalic);
  const width = PAGE.width - 2 * PAGE.margin;
  const hyphenated: string[] = [];
  let page = pdf.addPage([PAGE.width, PAGE.height]);
  let pageNumber = 1;
  const decorate = () => {
    // Running head on every page after the first, running foot and page number on every page.
    if (pageNumber > 1) page.drawText("WALDEN · ECONOMY", { x: PAGE.margin, y: PAGE.height - 40, size: 8, font: italic });
    page.drawText("Marginalia test edition", { x: PAGE.margin, y: 36, size: 8, font: italic });
    const label = String(pageNumber);
    page.drawText(label, { x: PAGE.width - PAGE.margin - roman.widthOfTextAtSize(label, 9), y: 36, size: 9, font: roman });
  };
  decorate();
  page.drawText("Walden", { x: PAGE.margin, y: PAGE.height - PAGE.margin - 20, size: 24, font: bold });
  let y = PAGE.height - PAGE.margin - 60;
  const newLine = () => {
    y -= BODY.leading;
    if (y < PAGE.margin) {
      page = pdf.addPage([PAGE.width, PAGE.height]);
      pageNumber++;
      decorate();
      y = PAGE.height - PAGE.margin;
    }
  };
  for (const paragraph of WALDEN) {
    const words = paragraph.split(" ");
    let line = "";
    let x = PAGE.margin + BODY.indent;
    const room = () => width - (x - PAGE.margin);
    const fits = (text: string) => roman.widthOfTextAtSize(text, BODY.size) <= room();
    const emit = () => {
      page.drawText(line, { x, y, size: BODY.size, font: roman });
      newLine();
      line = "";
      x = PAGE.margin;
    };
    while (words.length > 0) {
      const word = words.shift()!;
      const candidate = line ? `${line} ${word}` : word;
      if (fits(candidate)) {
        line = candidate;
        continue;
      }
      // Hyphenate a long plain word: as much of it as fits, at least three letters on each side.
      const letters = /^[a-z]{8,}$/.test(word);
      let split = 0;
      if (letters) for (let cut = word.length - 3; cut >= 3 && split === 0; cut--) if (fits(`${line} ${word.slice(0, cut)}-`)) split = cut;
      if (split > 0) {
        line = `${line} ${word.slice(0, split)}-`;
        hyphenated.push(word);
        words.unshift(word.slice(split));
      } else {
        words.unshift(word);
      }
      emit();
    }
    if (line) emit();
  }
  return { bytes: await pdf.save({ useObjectStreams: false }), hyphenated };
}

/** A "scan": each page one greyscale image of text-like bars, and no text layer at all. */
async function scannedPdf(): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  const png = await pdf.embedPng(greyscalePng(200, 260, (x, y) => (y % 12 < 6 && x > 16 && x < 184 && (x * 7 + y) % 29 > 3 ? 40 : 235)));
  for (let index = 0; index < 2; index++) pdf.addPage([PAGE.width, PAGE.height]).drawImage(png, { x: 56, y: 56, width: 500, height: 680 });
  return pdf.save();
}

function greyscalePng(width: number, height: number, shade: (x: number, y: number) => number): Uint8Array {
  const raw = Buffer.alloc((width + 1) * height);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) raw[y * (width + 1) + 1 + x] = shade(x, y);
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, "latin1"), data]);
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bit depth
  header[9] = 0; // greyscale
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", header),
    chunk("IDAT", deflateSync(raw)),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}

const text = (value: string) => new TextEncoder().encode(value);
const escapeXml = (value: string) => value.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

function chapter(title: string, paragraphs: string[]): string {
  return `<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE html>
<html xmlns="http://www.w3.org/1999/xhtml" xml:lang="en" lang="en"><head><title>${escapeXml(title)}</title></head>
<body><section><h1>${escapeXml(title)}</h1>
${paragraphs.map((paragraph) => `<p>${escapeXml(paragraph)}</p>`).join("\n")}
</section></body></html>`;
}

/** Walden's first chapter in three parts, out of order in the manifest, in order in the spine; `manifest`: more items in it. */
function waldenEpubFiles({ manifest = "" }: { manifest?: string } = {}): ZipEntry[] {
  const container = `<?xml version="1.0"?><container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container"><rootfiles><rootfile full-path="OEBPS/content.opf" media-type="application/oebps-package+xml"/></rootfiles></container>`;
  const opf = `<?xml version="1.0" encoding="utf-8"?>
<package xmlns="http://www.idpf.org/2007/opf" version="3.0" unique-identifier="id">
<metadata xmlns:dc="http://purl.org/dc/elements/1.1/">
<dc:identifier id="id">https://www.gutenberg.org/ebooks/205</dc:identifier>
<dc:title>Walden, or Life in the Woods</dc:title>
<dc:creator>Henry David Thoreau</dc:creator>
<dc:language>en</dc:language>
<dc:date>1854-08-09</dc:date>
<meta property="dcterms:modified">2026-11-30T00:00:00Z</meta>
</metadata>
<manifest>
<item id="nav" href="nav.xhtml" media-type="application/xhtml+xml" properties="nav"/>
<item id="part3" href="text/part%203.xhtml" media-type="application/xhtml+xml"/>
<item id="part1" href="text/part1.xhtml" media-type="application/xhtml+xml"/>
<item id="part2" href="text/part2.xhtml" media-type="application/xhtml+xml"/>
<item id="notes" href="text/notes.xhtml" media-type="application/xhtml+xml"/>${manifest}
</manifest>
<spine><itemref idref="nav"/><itemref idref="part1"/><itemref idref="part2"/><itemref idref="part3"/><itemref idref="notes" linear="no"/></spine>
</package>`;
  const nav = `<?xml version="1.0" encoding="utf-8"?><html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops"><head><title>Contents</title></head><body><nav epub:type="toc"><ol><li><a href="text/part1.xhtml">Economy I</a></li></ol></nav></body></html>`;
  return [
    { name: "mimetype", data: text("application/epub+zip"), store: true },
    { name: "META-INF/container.xml", data: text(container) },
    { name: "OEBPS/content.opf", data: text(opf) },
    { name: "OEBPS/nav.xhtml", data: text(nav) },
    { name: "OEBPS/text/part1.xhtml", data: text(chapter("Economy I", WALDEN.slice(0, 3))) },
    { name: "OEBPS/text/part2.xhtml", data: text(chapter("Economy II", WALDEN.slice(3, 6))) },
    { name: "OEBPS/text/part 3.xhtml", data: text(chapter("Economy III", WALDEN.slice(6))) },
    { name: "OEBPS/text/notes.xhtml", data: text(chapter("Notes", ["A note that is not part of the reading order."])) },
  ];
}

/** `data` as DRM encrypts a book's files: AES-128-CBC (the cipher Adobe's and LCP's encryption.xml name), a fixed key so the file is the same each time. */
const encrypt = (data: Uint8Array) => {
  const cipher = createCipheriv("aes-128-cbc", Buffer.alloc(16, 7), Buffer.alloc(16, 1));
  return new Uint8Array(Buffer.concat([cipher.update(data), cipher.final()]));
};

/** META-INF/encryption.xml (OCF) listing each of `paths` as encrypted with `algorithm`. */
function encryptionXml(paths: string[], algorithm: string): Uint8Array {
  const entries = paths.map(
    (path) =>
      `<enc:EncryptedData><enc:EncryptionMethod Algorithm="${algorithm}"/><enc:CipherData><enc:CipherReference URI="${encodeURI(path)}"/></enc:CipherData></enc:EncryptedData>`,
  );
  return text(
    `<?xml version="1.0"?><encryption xmlns="urn:oasis:names:tc:opendocument:xmlns:container" xmlns:enc="http://www.w3.org/2001/04/xmlenc#">${entries.join("")}</encryption>`,
  );
}

/**
 * Walden as DRM leaves it: `"adobe"` encrypts the chapters (Adobe's rights.xml beside them, the
 * navigation and notes left in the clear, as Adobe's encryption may); `"lcp"` encrypts every XHTML
 * file, the navigation too (Readium LCP's license.lcpl beside them).
 */
function drmEpub(drm: "adobe" | "lcp"): Uint8Array {
  const files = waldenEpubFiles();
  const isEncrypted = (name: string) => (drm === "lcp" ? name.endsWith(".xhtml") : /\/part/.test(name));
  const encrypted = files.filter((file) => isEncrypted(file.name)).map((file) => file.name);
  return zip([
    ...files.map((file) => (isEncrypted(file.name) ? { ...file, data: encrypt(file.data) } : file)),
    { name: "META-INF/encryption.xml", data: encryptionXml(encrypted, "http://www.w3.org/2001/04/xmlenc#aes128-cbc") },
    drm === "lcp"
      ? {
          name: "META-INF/license.lcpl",
          data: text(
            `{"id":"walden","provider":"https://lcp.example.org","encryption":{"profile":"http://readium.org/lcp/basic-profile"}}`,
          ),
        }
      : { name: "META-INF/rights.xml", data: text(`<?xml version="1.0"?><adept:rights xmlns:adept="http://ns.adobe.com/adept"/>`) },
  ]);
}

/** Walden with an embedded font obfuscated (IDPF's algorithm), as DRM-free books often have: the text is in the clear. */
function obfuscatedFontEpub(): Uint8Array {
  const font = "OEBPS/fonts/league-spartan.otf";
  return zip([
    ...waldenEpubFiles({ manifest: `\n<item id="font" href="fonts/league-spartan.otf" media-type="font/otf"/>` }),
    { name: font, data: encrypt(text("OTTO, a font's bytes")) },
    { name: "META-INF/encryption.xml", data: encryptionXml([font], "http://www.idpf.org/2008/embedding") },
  ]);
}

/** Walden with its second part damaged: bytes that are not XHTML, and no encryption.xml or licence to explain them. */
function damagedChapterEpub(): Uint8Array {
  return zip(waldenEpubFiles().map((file) => (file.name.endsWith("part2.xhtml") ? { ...file, data: encrypt(file.data) } : file)));
}

/** Walden's epigraph, which stands on its half-title page: a title page that holds more than the title. */
const WALDEN_EPIGRAPH =
  "I do not propose to write an ode to dejection, but to brag as lustily as chanticleer in the morning, standing on his roost, if only to wake my neighbors up.";
const WALDEN_NOTE = "Thoreau moved into the house on the 4th of July, 1845.";

/**
 * Walden with the front matter books carry and notes, as two producers write them. EPUB 3 (as
 * Standard Ebooks does): a title page and an imprint marked with `epub:type`, a half-title page
 * holding the epigraph, a converter's "Contents" page nothing marks, a note's reference and its
 * link back named by `epub:type`. EPUB 2 (as pandoc does): a title page nothing marks, the
 * contents page a spine item the guide names, a note's reference `a.footnote-ref` and its link back
 * only an arrow.
 */
function frontMatterEpub(version: 2 | 3): Uint8Array {
  const isEpub3 = version === 3;
  const page = (title: string, body: string) =>
    `<?xml version="1.0" encoding="utf-8"?>\n<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops"><head><title>${title}</title></head><body>${body}</body></html>`;
  const type = (value: string) => (isEpub3 ? ` epub:type="${value}"` : "");
  const reference = isEpub3
    ? `<a href="notes.xhtml#note-1" id="noteref-1" epub:type="noteref">1</a>`
    : `<a href="notes.xhtml#fn1" class="footnote-ref" id="fnref1">1</a>`;
  const back = isEpub3
    ? `<a href="economy.xhtml#noteref-1" epub:type="backlink">↩</a>`
    : `<a href="economy.xhtml#fnref1" class="footnote-back">↩︎</a>`;
  const pages: [string, string][] = [
    ["titlepage", page("Titlepage", `<section${type("titlepage")}><h1>Walden</h1><p>By Henry David Thoreau</p><p>1854</p></section>`)],
    ...(isEpub3
      ? ([
          [
            "imprint",
            page(
              "Imprint",
              `<section epub:type="frontmatter imprint"><h2>Imprint</h2><p>This ebook is the product of many hours of hard work by volunteers.</p></section>`,
            ),
          ],
          ["halftitle", page("Half title", `<section epub:type="halftitlepage"><h2>Walden</h2><p>${WALDEN_EPIGRAPH}</p></section>`)],
        ] as [string, string][])
      : []),
    [
      "contents",
      page(
        "Contents",
        `<div id="toc"><h1>Contents</h1><ol><li><a href="economy.xhtml">Economy</a></li><li><a href="notes.xhtml">Notes</a></li></ol></div>`,
      ),
    ],
    [
      "economy",
      page(
        "Economy",
        `<section${type("chapter")}><h2>Economy</h2><p>${escapeXml(WALDEN[0])}${reference}</p><p>${escapeXml(WALDEN[1])}</p></section>`,
      ),
    ],
    [
      "notes",
      page(
        "Notes",
        `<section${type("endnotes")}><h2>Notes</h2><ol><li id="${isEpub3 ? "note-1" : "fn1"}"><p>${WALDEN_NOTE} ${back}</p></li></ol></section>`,
      ),
    ],
  ];
  const opf = `<?xml version="1.0" encoding="utf-8"?>
<package xmlns="http://www.idpf.org/2007/opf" version="${version}.0" unique-identifier="id">
<metadata xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:identifier id="id">https://www.gutenberg.org/ebooks/205</dc:identifier><dc:title>Walden</dc:title><dc:creator>Henry David Thoreau</dc:creator><dc:language>en</dc:language><dc:date>1854</dc:date></metadata>
<manifest>${pages.map(([id]) => `<item id="${id}" href="${id}.xhtml" media-type="application/xhtml+xml"/>`).join("")}</manifest>
<spine>${pages.map(([id]) => `<itemref idref="${id}"/>`).join("")}</spine>
${isEpub3 ? "" : `<guide><reference type="toc" title="Contents" href="contents.xhtml"/></guide>`}
</package>`;
  return zip([
    { name: "mimetype", data: text("application/epub+zip"), store: true },
    {
      name: "META-INF/container.xml",
      data: text(
        `<?xml version="1.0"?><container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container"><rootfiles><rootfile full-path="content.opf" media-type="application/oebps-package+xml"/></rootfiles></container>`,
      ),
    },
    { name: "content.opf", data: text(opf) },
    ...pages.map(([id, xhtml]) => ({ name: `${id}.xhtml`, data: text(xhtml) })),
  ]);
}

async function docx(): Promise<Uint8Array> {
  const document = new DocxDocument({
    creator: "Henry David Thoreau",
    title: "Walden",
    description: "Economy, the first chapter",
    sections: [
      {
        children: [
          new Paragraph({ text: "Walden", heading: HeadingLevel.TITLE }),
          new Paragraph({ text: "Economy", heading: HeadingLevel.HEADING_1 }),
          ...WALDEN.slice(0, 4).map(
            (paragraph, index) =>
              new Paragraph({
                children:
                  index === 0
                    ? [new TextRun({ text: paragraph.slice(0, 25), bold: true }), new TextRun(paragraph.slice(25))]
                    : [new TextRun(paragraph)],
              }),
          ),
          new Paragraph({ text: "Necessaries of life", heading: HeadingLevel.HEADING_2 }),
          ...["Food", "Shelter", "Clothing", "Fuel"].map((item) => new Paragraph({ text: item, bullet: { level: 0 } })),
          new Paragraph({ children: [new TextRun({ text: WALDEN[8], italics: true })] }),
        ],
      },
    ],
  });
  return new Uint8Array(await Packer.toBuffer(document));
}

/** Whether a typesetting tool is on this machine: the files it makes are kept as they are when not. */
function isInstalled(command: string): boolean {
  try {
    execFileSync(command, ["--version"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

function groffPdf(): Uint8Array | null {
  if (!isInstalled("groff")) return null;
  // ms macros: a centred running head with the page number ("- 2 -"), justified text, groff's own hyphenation.
  const source = [
    ".nr PS 12",
    ".nr VS 15",
    ".nr LL 3.6i",
    ".ds LH Walden",
    ".ds RH Economy",
    ".ds CF Marginalia test edition",
    ".TL",
    "Walden",
    ".AU",
    "Henry David Thoreau",
    ...WALDEN.flatMap((paragraph) => [".PP", paragraph]),
    "",
  ].join("\n");
  return execFileSync("groff", ["-ms", "-Tpdf"], { input: source, maxBuffer: 1 << 24 });
}

/**
 * A paper's page: groff's ms macros in two columns (`.2C`), justified and hyphenated, the
 * paragraphs running on from the foot of one column to the top of the next. WALDEN twice, so the
 * text fills both columns and turns a page.
 */
function groffColumnsPdf(): Uint8Array | null {
  if (!isInstalled("groff")) return null;
  const source = [
    ".nr PS 10",
    ".nr VS 12",
    ".TL",
    "Walden",
    ".AU",
    "Henry David Thoreau",
    ".2C",
    ...[...WALDEN, ...WALDEN].flatMap((paragraph) => [".PP", paragraph]),
    "",
  ].join("\n");
  return execFileSync("groff", ["-ms", "-Tpdf"], { input: source, maxBuffer: 1 << 24 });
}

/** The footnote groff sets for WALDEN's paragraph `index` (0-based) in walden-groff-notes.pdf (its test builds the same). */
const groffFootnote = (index: number) =>
  `A footnote to paragraph ${index + 1}, which says where the quotation comes from and runs on for a line or two so that it wraps in the smaller type.`;

/**
 * A book's pages with footnotes: groff's ms macros, WALDEN twice, every other paragraph carrying a
 * note (`\**`, a raised number, its text in smaller type at the foot of the page) after its middle
 * word — so paragraphs run on over a page's notes to the next page.
 */
function groffNotesPdf(): Uint8Array | null {
  if (!isInstalled("groff")) return null;
  const paragraphs = [...WALDEN, ...WALDEN].flatMap((paragraph, index) => {
    if (index % 2 === 1) return [".PP", paragraph];
    const words = paragraph.split(" ");
    const middle = Math.floor(words.length / 2);
    return [".PP", `${words.slice(0, middle).join(" ")}\\**`, ".FS", groffFootnote(index), ".FE", words.slice(middle).join(" ")];
  });
  const source = [".nr PS 11", ".nr VS 13", ".TL", "Walden", ...paragraphs, ""].join("\n");
  return execFileSync("groff", ["-ms", "-Tpdf"], { input: source, maxBuffer: 1 << 24 });
}

/** Runs pdflatex on `source`, in a directory of its own, `passes` times (a longtable's columns settle on the second): the PDF it writes. */
function pdflatex(source: string, passes = 1): Uint8Array {
  const directory = mkdtempSync(path.join(tmpdir(), "latex-"));
  try {
    writeFileSync(path.join(directory, "source.tex"), source);
    for (let pass = 0; pass < passes; pass++)
      execFileSync("pdflatex", ["-interaction=batchmode", "source.tex"], { cwd: directory, stdio: "ignore" });
    return readFileSync(path.join(directory, "source.pdf"));
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
}

/**
 * A journal article as LaTeX sets one (pdflatex, the article class in two columns): a title block
 * across both columns, numbered sections, footnotes at the columns' feet (`\\footnote` after the
 * middle word of every third paragraph), justified and hyphenated text. WALDEN twice, sections
 * before the 3rd and the 12th paragraphs.
 */
function latexPaperPdf(): Uint8Array | null {
  if (!isInstalled("pdflatex")) return null;
  const paragraphs = [...WALDEN, ...WALDEN].flatMap((paragraph, index) => {
    const section = index === 2 || index === 11 ? [`\\section{Economy ${index}}`] : [];
    if (index % 3 !== 0) return [...section, paragraph, ""];
    const words = paragraph.split(" ");
    const middle = Math.floor(words.length / 2);
    const note = `\\footnote{${latexFootnote(index)}}`;
    return [...section, `${words.slice(0, middle).join(" ")}${note} ${words.slice(middle).join(" ")}`, ""];
  });
  return pdflatex(
    [
      "\\documentclass[twocolumn,10pt]{article}",
      "\\title{Walden}",
      "\\author{Henry David Thoreau}",
      "\\date{}",
      "\\begin{document}",
      "\\maketitle",
      ...paragraphs,
      "\\end{document}",
    ].join("\n"),
  );
}

/** The footnote LaTeX sets for WALDEN's paragraph `index` (0-based) in walden-latex-paper.pdf (its test builds the same). */
const latexFootnote = (index: number) =>
  `A footnote to paragraph ${index + 1}, which says where the quotation comes from and runs on for a line or two.`;

/**
 * Thoreau's account of what his house cost (Walden, "Economy"; the halfpennies left out): a table
 * as both fixtures set it, the first row its heading. An empty remark is an empty cell. In
 * paragraphs.json too, for the converter's test.
 */
const HOUSE_COSTS = [
  ["Item", "Cost ($)", "Remark"],
  ["Boards", "8.03", "(mostly shanty boards)"],
  ["Refuse shingles for roof and sides", "4.00", ""],
  ["Laths", "1.25", ""],
  ["Two second-hand windows with glass", "2.43", ""],
  ["One thousand old brick", "4.00", ""],
  ["Two casks of lime", "2.40", "(That was high.)"],
  ["Hair", "0.31", "(More than I needed.)"],
  ["Nails", "3.90", ""],
  ["Transportation", "1.40", "(I carried a good part on my back.)"],
  ["In all", "28.12", ""],
];
const HOUSE_BEFORE =
  "I have thus a tight shingled and plastered house, ten feet wide by fifteen long, with a garret and a closet, a large window on each side, two trap doors, one door at the end, and a brick fireplace opposite. The exact cost of my house, paying the usual price for such materials as I used, but not counting the work, all of which was done by myself, was as follows; and I give the details because very few are able to tell exactly what their houses cost.";
const HOUSE_AFTER =
  "These are all the materials excepting the timber, stones and sand, which I claimed by squatter's right. I have also a small woodshed adjoining, made chiefly of the stuff which was left after building the house.";

/** A table cell's text as LaTeX source: its $, & and % escaped. */
const latexCell = (cell: string) => cell.replace(/[$&%]/g, (character) => `\\${character}`);

/**
 * HOUSE_COSTS as LaTeX sets a table (pdflatex, a `tabular` in a `table` float with a caption): the
 * heading row in bold between rules, costs set flush right, between two paragraphs of Walden. In
 * paragraph columns (`p{3.5cm}rp{3.5cm}`) the long items and remarks wrap inside their cells,
 * justified, and each wrapped line sits as far below its row as the next row does.
 */
function latexTablePdf(columns = "lrl"): Uint8Array | null {
  if (!isInstalled("pdflatex")) return null;
  const [heading, ...rows] = HOUSE_COSTS;
  return pdflatex(
    [
      "\\documentclass[11pt]{article}",
      "\\begin{document}",
      HOUSE_BEFORE,
      "",
      "\\begin{table}[h]\\centering",
      `\\begin{tabular}{${columns}}\\hline`,
      `${heading.map((cell) => `\\textbf{${latexCell(cell)}}`).join(" & ")}\\\\\\hline`,
      ...rows.map((row) => `${row.map(latexCell).join(" & ")}\\\\`),
      "\\hline\\end{tabular}",
      "\\caption{What the house cost.}",
      "\\end{table}",
      "",
      HOUSE_AFTER,
      "\\end{document}",
    ].join("\n"),
  );
}

/** The faces a word processor's pages are set in, embedded once per document. */
type WordFonts = { roman: PDFFont; bold: PDFFont };

const embedWordFonts = async (pdf: PDFDocument): Promise<WordFonts> => ({
  roman: await pdf.embedFont(StandardFonts.Helvetica),
  bold: await pdf.embedFont(StandardFonts.HelveticaBold),
});

/** `text`'s words in lines as a word processor breaks them: as many as fit in `width` points set in `font` at `size`. */
function wrapWords(text: string, font: PDFFont, size: number, width: number): string[] {
  const lines: string[] = [];
  for (const word of text.split(" ").filter(Boolean)) {
    const last = lines.at(-1);
    if (last !== undefined && font.widthOfTextAtSize(`${last} ${word}`, size) <= width) lines[lines.length - 1] = `${last} ${word}`;
    else lines.push(word);
  }
  return lines;
}

/** Paragraphs set ragged right in Helvetica 11 from `top` down, a line's space after each: where the next line goes. */
function wordParagraphs(page: PDFPage, fonts: WordFonts, paragraphs: string[], top: number): number {
  let y = top;
  for (const text of paragraphs) {
    const lines = wrapWords(text, fonts.roman, 11, 468);
    for (const [index, line] of lines.entries()) {
      page.drawText(line, { x: 72, y, size: 11, font: fonts.roman });
      y -= index === lines.length - 1 ? 28 : 14;
    }
  }
  return y;
}

/**
 * HOUSE_COSTS as a word processor lays out a table (pdf-lib): a ruled grid, the heading row in
 * Helvetica Bold, costs flush right in their column, rows 18 points apart; the paragraphs around it
 * set ragged right with a line's space between them.
 */
async function wordTablePdf(): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  const fonts = await embedWordFonts(pdf);
  const page = pdf.addPage([612, 792]);
  const size = 11;
  let y = wordParagraphs(page, fonts, [HOUSE_BEFORE], 720);
  // Item from its column's left edge (+6), cost to its column's right edge (−6), remark from its left.
  const columns = [72, 290, 350, 540];
  HOUSE_COSTS.forEach((row, index) => {
    const font = index === 0 ? fonts.bold : fonts.roman;
    page.drawLine({ start: { x: columns[0], y: y + 13 }, end: { x: columns[3], y: y + 13 }, thickness: 0.5 });
    page.drawText(row[0], { x: columns[0] + 6, y, size, font });
    page.drawText(row[1], { x: columns[2] - 6 - font.widthOfTextAtSize(row[1], size), y, size, font });
    if (row[2]) page.drawText(row[2], { x: columns[2] + 6, y, size, font });
    y -= 18;
  });
  page.drawLine({ start: { x: columns[0], y: y + 13 }, end: { x: columns[3], y: y + 13 }, thickness: 0.5 });
  for (const x of columns) page.drawLine({ start: { x, y: y + 13 }, end: { x, y: y + 13 + 18 * HOUSE_COSTS.length }, thickness: 0.5 });
  wordParagraphs(page, fonts, [HOUSE_AFTER], y - 14);
  return pdf.save({ useObjectStreams: false });
}

/**
 * HOUSE_COSTS as a `longtable` cut by a page break: five paragraphs of Walden before it push it to
 * the foot of the first page; the heading row is set again at the top of the second (`\endhead`),
 * under the running head ("Walden" and the page number).
 */
function latexPagedTablePdf(): Uint8Array | null {
  if (!isInstalled("pdflatex")) return null;
  const [heading, ...rows] = HOUSE_COSTS;
  const headingRow = `${heading.map((cell) => `\\textbf{${latexCell(cell)}}`).join(" & ")}\\\\\\hline`;
  return pdflatex(
    [
      "\\documentclass[11pt]{article}",
      "\\usepackage{longtable}",
      "\\pagestyle{myheadings}\\markright{Walden}",
      "\\begin{document}",
      ...WALDEN.slice(0, 5).flatMap((paragraph) => [paragraph, ""]),
      HOUSE_BEFORE,
      "",
      "\\begin{longtable}{lrl}\\hline",
      headingRow,
      "\\endfirsthead",
      "\\hline",
      headingRow,
      "\\endhead",
      ...rows.map((row) => `${row.map(latexCell).join(" & ")}\\\\`),
      "\\hline\\end{longtable}",
      "",
      HOUSE_AFTER,
      "\\end{document}",
    ].join("\n"),
    2,
  );
}

/**
 * A word processor's table, drawn as Word draws one: cell by cell, each cell's lines top to bottom,
 * so a wrapped cell's second line comes before the next cell's first. Rows sit as close as lines do
 * (no cell padding above or below), so only the columns tell a wrapped line from a row; the first
 * row, the heading, in bold. With `newPage`, a row that would run into the bottom margin goes to a
 * new page, under the heading row set again. Returns where the table ends.
 */
function wordTable(
  fonts: WordFonts,
  table: { rows: string[][]; columns: number[]; page: PDFPage; top: number; newPage?: () => { page: PDFPage; y: number } },
): { page: PDFPage; y: number } {
  const size = 11;
  const pitch = 13.5;
  const { columns } = table;
  const [heading, ...rows] = table.rows;
  let { page, top: y } = table;
  const drawRow = (row: string[], font: PDFFont) => {
    const cells = row.map((text, column) => wrapWords(text, font, size, columns[column + 1] - columns[column] - 12));
    const height = Math.max(...cells.map((lines) => lines.length)) * pitch;
    if (y - height < 72 && table.newPage && font !== fonts.bold) {
      ({ page, y } = table.newPage());
      drawRow(heading, fonts.bold);
    }
    page.drawLine({ start: { x: columns[0], y: y + pitch - 2 }, end: { x: columns.at(-1)!, y: y + pitch - 2 }, thickness: 0.5 });
    cells.forEach((lines, column) =>
      lines.forEach((line, index) => page.drawText(line, { x: columns[column] + 6, y: y - index * pitch, size, font })),
    );
    y -= height;
  };
  drawRow(heading, fonts.bold);
  for (const row of rows) drawRow(row, fonts.roman);
  return { page, y };
}

/** HOUSE_COSTS in a word processor's narrow columns: long items and remarks wrap in their cells. */
async function wordWrappedTablePdf(): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  const fonts = await embedWordFonts(pdf);
  const page = pdf.addPage([612, 792]);
  const top = wordParagraphs(page, fonts, [HOUSE_BEFORE], 720);
  const { y } = wordTable(fonts, { rows: HOUSE_COSTS, columns: [72, 222, 282, 412], page, top });
  wordParagraphs(page, fonts, [HOUSE_AFTER], y - 14);
  return pdf.save({ useObjectStreams: false });
}

/**
 * HOUSE_COSTS cut by a page break in a word processor's document: six paragraphs of Walden before
 * it, the heading row repeated at the top of the second page, under a running head, with "Page n
 * of 2" at each page's foot.
 */
async function wordPagedTablePdf(): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  const fonts = await embedWordFonts(pdf);
  const italic = await pdf.embedFont(StandardFonts.HelveticaOblique);
  const newPage = () => {
    const page = pdf.addPage([612, 792]);
    page.drawText("Walden: Economy", { x: 72, y: 750, size: 9, font: italic });
    page.drawText(`Page ${pdf.getPageCount()} of 2`, { x: 500, y: 40, size: 9, font: italic });
    return { page, y: 720 };
  };
  const { page } = newPage();
  const top = wordParagraphs(page, fonts, [...WALDEN.slice(0, 6), HOUSE_BEFORE], 720);
  const end = wordTable(fonts, { rows: HOUSE_COSTS, columns: [72, 290, 350, 540], page, top, newPage });
  wordParagraphs(end.page, fonts, [HOUSE_AFTER], end.y - 14);
  return pdf.save({ useObjectStreams: false });
}

/** A heading set as a word processor sets one: bold at the body's size, wrapped at the measure, 6 points above the text: where the text goes. */
function wordHeading(page: PDFPage, fonts: WordFonts, text: string, top: number): number {
  let y = top + 14;
  for (const line of wrapWords(text, fonts.bold, 11, 468)) {
    y -= 14;
    page.drawText(line, { x: 72, y, size: 11, font: fonts.bold });
  }
  return y - 20;
}

/** Headings a word processor sets bold at the body's size, the second too long for one line; in paragraphs.json too. */
const WORD_HEADINGS = [
  "Economy",
  "What the house cost, and why the account is given to the halfpenny when so few can tell what theirs cost",
];

/** Two sections of Walden under WORD_HEADINGS, as a word processor sets them (pdf-lib, Helvetica 11). */
async function wordHeadingsPdf(): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  const fonts = await embedWordFonts(pdf);
  const page = pdf.addPage([612, 792]);
  let y = wordHeading(page, fonts, WORD_HEADINGS[0], 720);
  y = wordParagraphs(page, fonts, WALDEN.slice(0, 2), y);
  y = wordHeading(page, fonts, WORD_HEADINGS[1], y);
  wordParagraphs(page, fonts, [HOUSE_BEFORE], y);
  return pdf.save({ useObjectStreams: false });
}

/** Emily Dickinson's poem 479, its first three stanzas (1890, public domain): in paragraphs.json too. */
const POEM = [
  ["Because I could not stop for Death –", "He kindly stopped for me –", "The Carriage held but just Ourselves –", "And Immortality."],
  ["We slowly drove – He knew no haste", "And I had put away", "My labor and my leisure too,", "For His Civility –"],
  [
    "We passed the School, where Children strove",
    "At Recess – in the Ring –",
    "We passed the Fields of Gazing Grain –",
    "We passed the Setting Sun –",
  ],
];

/**
 * A poem as a browser prints a web page that sets each stanza as a paragraph and each line with a
 * `<br>` (pdf-lib, Times 12.75 on a 20.4-point leading: 17 pixels at a line height of 1.6), a
 * paragraph's margin between stanzas, between two paragraphs of Walden set ragged right.
 */
async function webPoemPdf(): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  const roman = await pdf.embedFont(StandardFonts.TimesRoman);
  const page = pdf.addPage([612, 792]);
  const size = 12.75;
  const leading = 20.4;
  let y = 740;
  const draw = (line: string) => {
    page.drawText(line, { x: 51, y, size, font: roman });
    y -= leading;
  };
  const paragraph = (text: string) => {
    wrapWords(text, roman, size, 510).forEach(draw);
    y -= size;
  };
  paragraph(WALDEN[0]);
  for (const stanza of POEM) {
    stanza.forEach(draw);
    y -= size;
  }
  paragraph(WALDEN[1]);
  return pdf.save({ useObjectStreams: false });
}

async function main() {
  mkdirSync(OUT, { recursive: true });
  const write = (name: string, data: Uint8Array | string) => {
    writeFileSync(path.join(OUT, name), data);
    console.log(`wrote ${path.join("tests/fixtures/readings", name)}`);
  };
  const { bytes, hyphenated } = await walden();
  write("walden.pdf", bytes);
  write(
    "paragraphs.json",
    JSON.stringify(
      {
        walden: WALDEN,
        hyphenatedInPdf: hyphenated,
        houseCosts: HOUSE_COSTS,
        wordHeadings: WORD_HEADINGS,
        poem: POEM,
        waldenEpigraph: WALDEN_EPIGRAPH,
        waldenNote: WALDEN_NOTE,
      },
      null,
      2,
    ) + "\n",
  );
  write("scanned.pdf", await scannedPdf());
  write("damaged.pdf", bytes.subarray(0, 1200));
  write("walden.epub", zip(waldenEpubFiles()));
  write("walden-adobe-drm.epub", drmEpub("adobe"));
  write("walden-lcp.epub", drmEpub("lcp"));
  write("walden-obfuscated-font.epub", obfuscatedFontEpub());
  write("walden-damaged-chapter.epub", damagedChapterEpub());
  write("walden-front-matter.epub", frontMatterEpub(3));
  write("walden-front-matter-epub2.epub", frontMatterEpub(2));
  write("walden.docx", await docx());
  // 128 MB of zeros deflate to about 128 KB: declared honestly, and declared as 1 KB (a liar).
  const zeros = new Uint8Array(128 * 1024 * 1024);
  write(
    "bomb.epub",
    zip([
      { name: "mimetype", data: text("application/epub+zip"), store: true },
      { name: "OEBPS/huge.xhtml", data: zeros },
    ]),
  );
  write(
    "lying-bomb.docx",
    zip([
      { name: "[Content_Types].xml", data: text("<Types/>") },
      { name: "word/document.xml", data: zeros, declaredSize: 1024 },
    ]),
  );
  const groff = groffPdf();
  if (groff) write("walden-groff.pdf", groff);
  else console.log("groff not installed: walden-groff.pdf left as it is");
  const notes = groffNotesPdf();
  if (notes) write("walden-groff-notes.pdf", notes);
  else console.log("groff not installed: walden-groff-notes.pdf left as it is");
  const paper = latexPaperPdf();
  if (paper) write("walden-latex-paper.pdf", paper);
  else console.log("pdflatex not installed: walden-latex-paper.pdf left as it is");
  write("table-word.pdf", await wordTablePdf());
  const table = latexTablePdf();
  if (table) write("table-latex.pdf", table);
  else console.log("pdflatex not installed: table-latex.pdf left as it is");
  write("table-wrap-word.pdf", await wordWrappedTablePdf());
  const wrapped = latexTablePdf("p{3.5cm}rp{3.5cm}");
  if (wrapped) write("table-wrap-latex.pdf", wrapped);
  else console.log("pdflatex not installed: table-wrap-latex.pdf left as it is");
  write("table-pages-word.pdf", await wordPagedTablePdf());
  write("headings-word.pdf", await wordHeadingsPdf());
  write("poem-web.pdf", await webPoemPdf());
  const paged = latexPagedTablePdf();
  if (paged) write("table-pages-latex.pdf", paged);
  else console.log("pdflatex not installed: table-pages-latex.pdf left as it is");
  const columns = groffColumnsPdf();
  if (columns) write("walden-groff-columns.pdf", columns);
  else console.log("groff not installed: walden-groff-columns.pdf left as it is");
  const encryptedPath = path.join(OUT, "encrypted.pdf");
  try {
    execFileSync("qpdf", ["--encrypt", "reader-password", "owner-password", "256", "--", path.join(OUT, "walden.pdf"), encryptedPath]);
    console.log("wrote tests/fixtures/readings/encrypted.pdf");
  } catch {
    console.log(`qpdf not installed: encrypted.pdf ${existsSync(encryptedPath) ? "left as it is" : "missing"}`);
  }
}

void main();
