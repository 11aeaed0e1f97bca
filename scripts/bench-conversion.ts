// npm run bench:conversion - conversion quality on the real fixture files, ours beside each library's own plain-text output.
//
// For each file: how many of the paragraphs it was made from (tests/fixtures/readings/paragraphs.json)
// come out as exactly one block, how many blocks are not one of them (furniture, split or merged
// paragraphs), whether the running head / foot leaked into the text, and whether the paragraphs
// that were recovered are in order. The baseline is what the library gives without us: unpdf's
// extractText (pages' text, lines joined) and mammoth's extractRawText, split into paragraphs at
// blank lines (or at line breaks when there are none). "Extra blocks" of ours are the sources' own
// headings, list items and the groff title page's author line: blocks, but not Walden's paragraphs.
//
// Then a pasted Markdown table over READING_MAX_TABLE_CELLS: how long its refusal takes, counted from
// its lines before parsing (lib/documents/markdown-table-cells.ts), beside parsing it first and counting
// the cells after (what the worker did before); and what that line count adds to a table within the limit.
import { readFileSync } from "node:fs";
import path from "node:path";
import mammoth from "mammoth";
import { extractText, getDocumentProxy } from "unpdf";
import { convertMarkdown, finishReading, type ConvertedReading } from "@/lib/documents/convert-reading";
import { countPlainMarkdownTableCells } from "@/lib/documents/markdown-table-cells";
import { readConversionLimits } from "@/lib/documents/reading-limits";
import { countTableCells } from "@/lib/documents/structure";
import { draftReading } from "@/server/documents/convert-source";
import { convertDocx } from "@/server/documents/convert/convert-docx";
import { convertEpub } from "@/server/documents/convert/convert-epub";
import { convertPdf } from "@/server/documents/convert/convert-pdf";

const FIXTURES = path.join(process.cwd(), "tests/fixtures/readings");
const WALDEN = (JSON.parse(readFileSync(path.join(FIXTURES, "paragraphs.json"), "utf8")) as { walden: string[] }).walden;
/** The PDFs' running heads and feet (pdf-lib's and groff's): none of them is reading text. */
const FURNITURE = ["WALDEN · ECONOMY", "Marginalia test edition", "-2-", "Walden Economy"];
const limits = readConversionLimits({});
const bytes = (name: string) => new Uint8Array(readFileSync(path.join(FIXTURES, name)));
const plain = (text: string) => text.replace(/[\u2018\u2019]/g, "'");

type Row = { file: string; method: string; recovered: number; extra: number; furniture: number; inOrder: boolean; ms: number };

function score(file: string, method: string, blocks: string[], ms: number, expected: string[]): Row {
  const normalized = blocks.map(plain);
  const positions = expected.map((paragraph) => normalized.indexOf(paragraph)).filter((index) => index >= 0);
  const text = normalized.join("\n\n") + "\n";
  return {
    file,
    method,
    recovered: positions.length,
    extra: normalized.filter((block) => !expected.includes(block)).length,
    furniture: file.endsWith(".pdf") ? FURNITURE.filter((furniture) => text.includes(furniture)).length : 0,
    inOrder: positions.every((position, index) => index === 0 || position > positions[index - 1]),
    ms,
  };
}

async function timed<T>(run: () => Promise<T> | T): Promise<[T, number]> {
  const started = performance.now();
  const result = await run();
  return [result, Math.round(performance.now() - started)];
}

const splitParagraphs = (text: string) => {
  const byBlank = text.split(/\n\s*\n/).map((part) => part.replace(/\s+/g, " ").trim());
  return (byBlank.length > 1 ? byBlank : text.split("\n").map((part) => part.trim())).filter(Boolean);
};

async function main() {
  const rows: Row[] = [];
  for (const file of ["walden.pdf", "walden-groff.pdf", "walden-groff-columns.pdf"]) {
    const [ours, ms] = await timed(() => convertPdf(bytes(file), limits));
    rows.push(score(file, "ours", finishReading(ours).paragraphs, ms, WALDEN));
    const [raw, rawMs] = await timed(async () => (await extractText(await getDocumentProxy(bytes(file)), { mergePages: true })).text);
    rows.push(score(file, "unpdf extractText", splitParagraphs(raw), rawMs, WALDEN));
  }
  const [epub, epubMs] = await timed<ConvertedReading>(() => convertEpub(bytes("walden.epub"), limits));
  rows.push(score("walden.epub", "ours", epub.blocks, epubMs, WALDEN));
  const docxExpected = WALDEN.slice(0, 4).concat(WALDEN[8]);
  const [docx, docxMs] = await timed(() => convertDocx(bytes("walden.docx"), limits));
  rows.push(score("walden.docx", "ours", docx.blocks, docxMs, docxExpected));
  const [raw, rawMs] = await timed(async () => (await mammoth.extractRawText({ buffer: Buffer.from(bytes("walden.docx")) })).value);
  rows.push(score("walden.docx", "mammoth extractRawText", splitParagraphs(raw), rawMs, docxExpected));

  console.log("file                     method                    paragraphs recovered  extra blocks  furniture leaked  in order  ms");
  for (const row of rows) {
    const expected = row.file === "walden.docx" ? docxExpected.length : WALDEN.length;
    console.log(
      `${row.file.padEnd(24)} ${row.method.padEnd(25)} ${`${row.recovered}/${expected}`.padEnd(21)} ${String(row.extra).padEnd(13)} ${String(row.furniture).padEnd(17)} ${(row.recovered === 0 ? "—" : row.inOrder ? "yes" : "no").padEnd(8)}  ${row.ms}`,
    );
  }
  await tables();
}

/** A Markdown table of `columns` × `rows` one-word cells under a header row. */
const markdownTable = (columns: number, rows: number) =>
  `|${"head|".repeat(columns)}\n|${"---|".repeat(columns)}\n${`|${"cell|".repeat(columns)}\n`.repeat(rows)}`;

async function tables() {
  const pasted = (text: string) => draftReading({ kind: "pasted", format: "markdown", text, metadata: {}, limits });
  const parsedCells = (text: string) => countTableCells(finishReading(convertMarkdown(text)).structure?.blocks ?? []);
  console.log(`\nMarkdown table                 cells     refused by its lines (ours)  parsed, then counted (before)`);
  for (const [columns, rows] of [
    [100, 1_000],
    [300, 300],
  ]) {
    const source = markdownTable(columns, rows);
    const [refusal, ms] = await timed(() =>
      pasted(source).then(
        () => "not refused",
        (error: Error) => error.message,
      ),
    );
    if (!refusal.includes("at least")) throw new Error(`Not refused by its lines: ${refusal}`);
    const [cells, parseMs] = await timed(() => parsedCells(source));
    console.log(
      `${`${columns} × ${rows} (${(source.length / 1e6).toFixed(1)} MB)`.padEnd(30)} ${cells.toLocaleString("en").padEnd(9)} ${`${ms} ms`.padEnd(28)} ${parseMs} ms`,
    );
  }
  const fits = markdownTable(100, 190);
  const [counted, countMs] = await timed(() => countPlainMarkdownTableCells(fits));
  const [, draftMs] = await timed(() => pasted(fits));
  console.log(
    `Within the limit, 100 × 190 (${counted.toLocaleString("en")} cells): the line count ${countMs} ms of the whole draft's ${draftMs} ms`,
  );
}

void main();
