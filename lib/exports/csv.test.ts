import { describe, expect, it } from "vitest";
import { CSV_COLUMNS, csvField, toNotesCsv } from "./csv";
import { annotation, notes, ORIGIN, reply } from "@/tests/factories/annotation-dtos";

/** A small RFC 4180 reader, so the tests check what a spreadsheet would see, not our own strings. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let isQuoted = false;
  for (let index = 0; index < text.length; index += 1) {
    const character = text[index];
    if (isQuoted) {
      if (character === '"' && text[index + 1] === '"') {
        field += '"';
        index += 1;
      } else if (character === '"') isQuoted = false;
      else field += character;
    } else if (character === '"') isQuoted = true;
    else if (character === ",") {
      row.push(field);
      field = "";
    } else if (character === "\r" && text[index + 1] === "\n") {
      row.push(field);
      rows.push(row);
      row = [];
      field = "";
      index += 1;
    } else field += character;
  }
  return rows;
}

describe("toNotesCsv", () => {
  const documents = [
    notes({
      annotations: [
        annotation({
          id: "a1",
          exact: 'He said "no", then left',
          body: "Line one\nline two, with a comma",
          tags: ["evidence", "key claim"],
          color: "green",
          visibility: "everyone",
          createdAt: "2025-01-02T10:00:00.000Z",
          updatedAt: "2025-01-03T11:00:00.000Z",
        }),
        annotation({ id: "a2", isDeleted: true, color: null }),
      ],
      replies: [
        reply({ id: "r1", parentId: "a1" }),
        reply({ id: "r2", parentId: "a1" }),
        reply({ id: "r3", parentId: "a2" }),
        // An instructor's feedback is not a reply: it has its own column (it was counted in "replies").
        reply({ id: "f1", parentId: "a1", isFeedback: true }),
      ],
    }),
    notes({ document: { slug: "second", title: "Second, Part 2", author: null }, annotations: [annotation({ id: "b1", body: "=1+1" })] }),
  ];

  it("starts with a UTF-8 byte order mark by default, and not when asked", () => {
    expect(toNotesCsv(documents, { origin: ORIGIN }).startsWith("\uFEFFdocument,")).toBe(true);
    expect(toNotesCsv(documents, { origin: ORIGIN, bom: false }).startsWith("document,")).toBe(true);
  });

  it("ends every record with CRLF and never uses a bare LF outside quotes", () => {
    const csv = toNotesCsv(documents, { origin: ORIGIN, bom: false });
    expect(csv.endsWith("\r\n")).toBe(true);
    expect(csv.split("\r\n")[0]).toBe(CSV_COLUMNS.join(","));
  });

  it("writes one row per annotation with every column, readable by an RFC 4180 parser", () => {
    const rows = parseCsv(toNotesCsv(documents, { origin: ORIGIN, bom: false }));
    expect(rows).toHaveLength(4);
    expect(rows.every((row) => row.length === CSV_COLUMNS.length)).toBe(true);
    const record = Object.fromEntries(CSV_COLUMNS.map((column, index) => [column, rows[1][index]]));
    expect(record).toEqual({
      document: "An Essay",
      document_url: "https://notes.example.edu/read/essay",
      annotation_id: "a1",
      created: "2025-01-02T10:00:00.000Z",
      updated: "2025-01-03T11:00:00.000Z",
      author: "Ayesha",
      quote: 'He said "no", then left',
      note: "Line one\nline two, with a comma",
      tags: "evidence;key claim",
      colour: "Green",
      visibility: "everyone",
      replies: "2",
      feedback: "1",
      link: "https://notes.example.edu/read/essay?annotation=a1",
      place: "on the text",
    });
    expect(rows[2].slice(6, 13)).toEqual(["a quoted passage", "(deleted)", "", "", "private", "1", "0"]);
    expect(rows[3][0]).toBe("Second, Part 2");
  });

  it("neutralises spreadsheet formulas with a leading apostrophe", () => {
    const rows = parseCsv(toNotesCsv(documents, { origin: ORIGIN, bom: false }));
    expect(rows[3][7]).toBe("'=1+1");
  });
});

describe("csvField", () => {
  it("quotes fields with a comma, quote or line break and doubles quotes", () => {
    expect(csvField("plain")).toBe("plain");
    expect(csvField("a,b")).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField("one\ntwo")).toBe('"one\ntwo"');
    expect(csvField("one\r\ntwo")).toBe('"one\r\ntwo"');
    expect(csvField("")).toBe("");
  });

  it("prefixes =, +, -, @, tab and CR with an apostrophe", () => {
    expect(csvField("=SUM(A1:A2)")).toBe("'=SUM(A1:A2)");
    expect(csvField("+1")).toBe("'+1");
    expect(csvField("-1")).toBe("'-1");
    expect(csvField("@cmd")).toBe("'@cmd");
    expect(csvField("\tx")).toBe(`"'\tx"`);
    expect(csvField("\rx")).toBe('"\'\rx"');
    expect(csvField('=HYPERLINK("http://evil","x")')).toBe('"\'=HYPERLINK(""http://evil"",""x"")"');
    expect(csvField("a=b")).toBe("a=b");
  });

  it("quotes a field holding a semicolon or a tab, which a spreadsheet set to split on them would split into a formula", () => {
    expect(csvField("Ana;=cmd|' /C calc'!A0")).toBe(`"Ana;=cmd|' /C calc'!A0"`);
    expect(csvField("x\t=1+1")).toBe('"x\t=1+1"');
    expect(csvField("t;=1+1")).toBe('"t;=1+1"');
  });
});
