import { describe, expect, it } from "vitest";
import { finishReading } from "@/lib/documents/convert-reading";
import { readConversionLimits } from "@/lib/documents/reading-limits";
import type { AppError } from "@/lib/errors";
import { createZip } from "@/lib/exports/zip";
import { convertDocx } from "./convert-docx";

// Word files written as Word writes the parts these tests are about, which the `docx` package used
// by convert-files.test.ts cannot write (fields, ruby, equations, styles that hide text).
const W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
const M = "http://schemas.openxmlformats.org/officeDocument/2006/math";

const limits = readConversionLimits({});

const run = (text: string, properties = "") =>
  `<w:r>${properties ? `<w:rPr>${properties}</w:rPr>` : ""}<w:t xml:space="preserve">${text}</w:t></w:r>`;
const paragraph = (content: string, style?: string) => `<w:p>${style ? `<w:pPr><w:pStyle w:val="${style}"/></w:pPr>` : ""}${content}</w:p>`;
const mathRun = (text: string) => `<m:r><m:t>${text}</m:t></m:r>`;

type Style = {
  id: string;
  name: string;
  type?: "paragraph" | "character";
  basedOn?: string;
  hidden?: boolean;
  outlineLevel?: number;
  /** The list the style numbers its paragraphs in, and at which level. */
  numbering?: { numId: string; level?: number };
};

function styleXml({ id, name, type = "paragraph", basedOn, hidden, outlineLevel, numbering }: Style): string {
  const outline = outlineLevel !== undefined ? `<w:outlineLvl w:val="${outlineLevel}"/>` : "";
  const numbered = numbering
    ? `<w:numPr>${numbering.level !== undefined ? `<w:ilvl w:val="${numbering.level}"/>` : ""}<w:numId w:val="${numbering.numId}"/></w:numPr>`
    : "";
  return (
    `<w:style w:type="${type}" w:styleId="${id}"><w:name w:val="${name}"/>${basedOn ? `<w:basedOn w:val="${basedOn}"/>` : ""}` +
    `${outline || numbered ? `<w:pPr>${numbered}${outline}</w:pPr>` : ""}${hidden ? "<w:rPr><w:vanish/></w:rPr>" : ""}</w:style>`
  );
}

/** A list definition of these levels (format, text such as "%1.%2", the style it numbers) as `w:num` `numId`. */
function listXml(numId: string, levels: { format: string; text: string; style?: string; start?: number }[], restartAt?: number): string {
  const definition = levels
    .map(
      ({ format, text, style, start = 1 }, level) =>
        `<w:lvl w:ilvl="${level}"><w:start w:val="${start}"/><w:numFmt w:val="${format}"/>${style ? `<w:pStyle w:val="${style}"/>` : ""}<w:lvlText w:val="${text}"/></w:lvl>`,
    )
    .join("");
  const override = restartAt !== undefined ? `<w:lvlOverride w:ilvl="0"><w:startOverride w:val="${restartAt}"/></w:lvlOverride>` : "";
  return `<w:abstractNum w:abstractNumId="a${numId}">${definition}</w:abstractNum><w:num w:numId="${numId}"><w:abstractNumId w:val="a${numId}"/>${override}</w:num>`;
}

/** A .docx of this body, these styles and this title in its properties, its main part at `mainPart`. */
function wordFile(body: string, { styles = [] as Style[], title = "", mainPart = "word/document.xml", numbering = "" } = {}): Uint8Array {
  const partDirectory = mainPart.slice(0, mainPart.lastIndexOf("/"));
  const partName = mainPart.slice(mainPart.lastIndexOf("/") + 1);
  return createZip([
    {
      name: "[Content_Types].xml",
      data:
        '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>' +
        `<Override PartName="/${mainPart}" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>` +
        '<Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/></Types>',
    },
    {
      name: "_rels/.rels",
      data:
        '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
        `<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="${mainPart}"/>` +
        '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/></Relationships>',
    },
    {
      name: `${partDirectory}/_rels/${partName}.rels`,
      data:
        '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>' +
        '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering" Target="numbering.xml"/></Relationships>',
    },
    { name: "word/numbering.xml", data: `<?xml version="1.0" encoding="UTF-8"?><w:numbering xmlns:w="${W}">${numbering}</w:numbering>` },
    {
      name: mainPart,
      data: `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="${W}" xmlns:m="${M}"><w:body>${body}<w:sectPr/></w:body></w:document>`,
    },
    {
      name: "word/styles.xml",
      data: `<?xml version="1.0" encoding="UTF-8"?><w:styles xmlns:w="${W}">${styles.map(styleXml).join("")}</w:styles>`,
    },
    {
      name: "docProps/core.xml",
      data:
        '<?xml version="1.0" encoding="UTF-8"?><cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" ' +
        `xmlns:dc="http://purl.org/dc/elements/1.1/">${title ? `<dc:title>${title}</dc:title>` : ""}</cp:coreProperties>`,
    },
  ]);
}

async function paragraphsOf(body: string, options?: Parameters<typeof wordFile>[1]) {
  const converted = await convertDocx(wordFile(body, options), limits);
  const draft = finishReading({ ...converted, title: converted.title ?? "Untitled" });
  return { title: converted.title, paragraphs: draft.paragraphs, blocks: draft.structure?.blocks ?? [] };
}

describe("convertDocx, what Word writes that mammoth alone loses or shows", () => {
  it("keeps the words of simple fields, right-to-left embeddings and ruby (the base text)", async () => {
    const { paragraphs } = await paragraphsOf(
      paragraph(run("Figure ") + `<w:fldSimple w:instr=" SEQ Figure \\* ARABIC ">${run("3")}</w:fldSimple>` + run(": the keeper’s hut.")) +
        paragraph(
          run("He wrote ") +
            `<w:dir w:val="rtl">${run("مرحبا بالعالم")}</w:dir>` +
            run(" on the ") +
            `<w:bdo w:val="ltr">${run("wall")}</w:bdo>` +
            run("."),
        ) +
        paragraph(
          run("日本語の") +
            '<w:r><w:ruby><w:rubyPr><w:hps w:val="10"/></w:rubyPr><w:rt><w:r><w:t>かんじ</w:t></w:r></w:rt><w:rubyBase><w:r><w:t>漢字</w:t></w:r></w:rubyBase></w:ruby></w:r>' +
            run("を読む。"),
        ),
    );
    expect(paragraphs).toEqual(["Figure 3: the keeper’s hut.", "He wrote مرحبا بالعالم on the wall.", "日本語の漢字を読む。"]);
  });

  it("keeps equations in their linear form, a display equation as its own paragraph", async () => {
    const superscript = (base: string, power: string) => `<m:sSup><m:e>${mathRun(base)}</m:e><m:sup>${mathRun(power)}</m:sup></m:sSup>`;
    const fraction = (top: string, bottom: string) => `<m:f><m:num>${mathRun(top)}</m:num><m:den>${mathRun(bottom)}</m:den></m:f>`;
    const { paragraphs } = await paragraphsOf(
      paragraph(run("The energy is ") + `<m:oMath>${mathRun("E=m")}${superscript("c", "2")}</m:oMath>` + run(", as everyone knows.")) +
        `<w:p><m:oMathPara><m:oMathParaPr><m:jc m:val="center"/></m:oMathParaPr><m:oMath>${mathRun("x=")}${fraction("a+b", "2")}${mathRun("+")}` +
        `<m:rad><m:radPr><m:degHide m:val="1"/></m:radPr><m:deg/><m:e>${mathRun("y")}</m:e></m:rad>${mathRun("+")}` +
        `<m:sSub><m:e>${mathRun("x")}</m:e><m:sub>${mathRun("i")}</m:sub></m:sSub>${mathRun("+")}${superscript("e", "−x")}` +
        `<m:d><m:dPr><m:begChr m:val="["/><m:endChr m:val="]"/></m:dPr><m:e>${mathRun("0,1")}</m:e></m:d></m:oMath></m:oMathPara></w:p>` +
        paragraph(run("And so on.")),
    );
    expect(paragraphs).toEqual(["The energy is E=mc², as everyone knows.", "x=(a+b)/2+√y+x_i+e^(−x)[0,1]", "And so on."]);
  });

  it("leaves out text its character style or its paragraph style hides, as Word does, unless a run shows itself", async () => {
    const styles: Style[] = [
      { id: "Secret", name: "Secret", type: "character", hidden: true },
      { id: "SecretToo", name: "Secret too", type: "character", basedOn: "Secret" },
      { id: "AnswerKey", name: "Answer key", hidden: true },
    ];
    const { paragraphs } = await paragraphsOf(
      paragraph(
        run("Seen, ") +
          run("[reviewer's aside] ", '<w:rStyle w:val="Secret"/>') +
          run("[and another] ", '<w:rStyle w:val="SecretToo"/>') +
          run("and read."),
      ) +
        paragraph(run("Answer: 42."), "AnswerKey") +
        paragraph(run("Hidden by its style, ") + run("but this run shows itself.", '<w:vanish w:val="0"/>'), "AnswerKey") +
        paragraph(run("The end.")),
      { styles },
    );
    expect(paragraphs).toEqual(["Seen, and read.", "but this run shows itself.", "The end."]);
  });

  it("leaves out a table of contents, as Word's field writes it or as paragraphs in its styles", async () => {
    const styles: Style[] = [
      { id: "TOCHeading", name: "TOC Heading" },
      { id: "TOC1", name: "toc 1" },
      { id: "Contents1", name: "Contents 1" },
    ];
    const { paragraphs } = await paragraphsOf(
      '<w:sdt><w:sdtPr><w:docPartObj><w:docPartGallery w:val="Table of Contents"/><w:docPartUnique/></w:docPartObj></w:sdtPr><w:sdtContent>' +
        paragraph(run("Contents"), "TOCHeading") +
        paragraph(run("Introduction\t2"), "TOC1") +
        "</w:sdtContent></w:sdt>" +
        paragraph(run("Method 3"), "TOC1") +
        paragraph(run("Results 4"), "Contents1") +
        paragraph(run("The text begins.")),
      { styles },
    );
    expect(paragraphs).toEqual(["The text begins."]);
  });

  it("reads quotation styles as quotes, and a template's heading styles as headings", async () => {
    const styles: Style[] = [
      { id: "Heading1", name: "heading 1", outlineLevel: 0 },
      { id: "ChapterTitle", name: "Chapter Title", basedOn: "Heading1" },
      { id: "SectionHead", name: "Section Head", outlineLevel: 1 },
      { id: "Quote", name: "Quote" },
      { id: "IntenseQuote", name: "Intense Quote", basedOn: "Quote" },
      { id: "BlockText", name: "Block Text" },
      { id: "Quotations", name: "Quotations" },
    ];
    const { blocks, paragraphs } = await paragraphsOf(
      paragraph(run("One")) +
        paragraph(run("The first chapter"), "ChapterTitle") +
        paragraph(run("A section"), "SectionHead") +
        ["Quote", "IntenseQuote", "BlockText", "Quotations"].map((style) => paragraph(run(`Words in ${style}.`), style)).join("") +
        paragraph(run("After them.")),
      { styles },
    );
    expect(paragraphs.map((text, index) => [text, blocks[index]?.kind ?? null, blocks[index]?.level ?? null])).toEqual([
      ["One", null, null],
      ["The first chapter", "heading", 1],
      ["A section", "heading", 2],
      ["Words in Quote.", "quote", null],
      ["Words in IntenseQuote.", "quote", null],
      ["Words in BlockText.", "quote", null],
      ["Words in Quotations.", "quote", null],
      ["After them.", null, null],
    ]);
  });

  it("keeps a numbered heading's number, as its list counts it, in Word's formats", async () => {
    const styles: Style[] = [
      { id: "Heading1", name: "heading 1", outlineLevel: 0, numbering: { numId: "1" } },
      { id: "Heading2", name: "heading 2", basedOn: "Heading1", outlineLevel: 1, numbering: { numId: "1", level: 1 } },
      // Its level comes from the list, which names the style.
      { id: "Heading3", name: "heading 3", outlineLevel: 2, numbering: { numId: "1" } },
      { id: "Appendix", name: "Appendix", outlineLevel: 0, numbering: { numId: "2" } },
    ];
    const numbering =
      listXml("1", [
        { format: "decimal", text: "%1", style: "Heading1" },
        { format: "decimal", text: "%1.%2", style: "Heading2" },
        { format: "lowerLetter", text: "(%3)", style: "Heading3" },
      ]) + listXml("2", [{ format: "upperLetter", text: "Appendix %1." }]);
    const { paragraphs } = await paragraphsOf(
      paragraph(run("Introduction"), "Heading1") +
        paragraph(run("Background"), "Heading2") +
        paragraph(run("Earlier work"), "Heading3") +
        paragraph(run("Later work"), "Heading3") +
        paragraph(run("As Section 1.1 shows, the wells dried.")) +
        paragraph(run("Scope"), "Heading2") +
        paragraph(run("Method"), "Heading1") +
        paragraph(run("Unnumbered"), "Heading1").replace("</w:pPr>", '<w:numPr><w:numId w:val="0"/></w:numPr></w:pPr>') +
        paragraph(run("Results"), "Heading1") +
        paragraph(run("Tables"), "Appendix") +
        paragraph(run("Maps"), "Appendix"),
      { styles, numbering, title: "Wells" },
    );
    expect(paragraphs).toEqual([
      "1 Introduction",
      "1.1 Background",
      "(a) Earlier work",
      "(b) Later work",
      "As Section 1.1 shows, the wells dried.",
      "1.2 Scope",
      "2 Method",
      "Unnumbered",
      "3 Results",
      "Appendix A. Tables",
      "Appendix B. Maps",
    ]);
  });

  it("takes the paragraph in the Title style as the title over a template's title in the properties", async () => {
    const converted = await paragraphsOf(paragraph(run("Thesis on Wells"), "Title") + paragraph(run("It begins.")), {
      styles: [{ id: "Title", name: "Title" }],
      title: "Title",
    });
    expect(converted).toMatchObject({ title: "Thesis on Wells", paragraphs: ["It begins."] });
  });

  it("says an older .doc, or a password-protected file, is not a .docx, rather than that it is damaged", async () => {
    const compoundFile = new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, ...new Array(504).fill(0)]);
    const refusal = await convertDocx(compoundFile, limits).then(
      () => null,
      (error: unknown) => error as AppError,
    );
    expect([refusal?.status, refusal?.message]).toEqual([
      422,
      expect.stringMatching(/^This is an older Word document \(\.doc\) or a password-protected one/),
    ]);
  });

  it("reads the main part the package's relationships name, wherever it is", async () => {
    const converted = await paragraphsOf(paragraph(run("Found where .rels says.")), { mainPart: "word/document2.xml" });
    expect(converted.paragraphs).toEqual(["Found where .rels says."]);
  });
});
