import { describe, expect, it } from "vitest";
import { decodeText } from "./decode-text";

const bytes = (...values: number[]) => new Uint8Array(values);
const utf16 = (text: string, littleEndian: boolean) => {
  const out = [littleEndian ? 0xff : 0xfe, littleEndian ? 0xfe : 0xff];
  for (const unit of text.split("").map((character) => character.charCodeAt(0)))
    out.push(...(littleEndian ? [unit & 0xff, unit >> 8] : [unit >> 8, unit & 0xff]));
  return new Uint8Array(out);
};

describe("decodeText (an uploaded or fetched text file's characters)", () => {
  it("reads UTF-8, with or without its byte-order mark", () => {
    expect(decodeText(new TextEncoder().encode("Café “quoted”"), "a.txt")).toBe("Café “quoted”");
    expect(decodeText(bytes(0xef, 0xbb, 0xbf, 0x43, 0x61, 0x66, 0xc3, 0xa9), "a.txt")).toBe("Café");
  });

  it("reads UTF-16 by its byte-order mark, as Notepad saves “Unicode”", () => {
    expect(decodeText(utf16("Café, ¿sí?", true), "notes.txt")).toBe("Café, ¿sí?");
    expect(decodeText(utf16("Café, ¿sí?", false), "notes.txt")).toBe("Café, ¿sí?");
  });

  it("reads bytes that are not UTF-8 as windows-1252, as a browser reads an unlabelled legacy file", () => {
    // "Café “quoted”" from an old Notepad: é is 0xE9, the curly quotes 0x93 and 0x94.
    expect(decodeText(bytes(0x43, 0x61, 0x66, 0xe9, 0x20, 0x93, 0x71, 0x94), "ansi.txt")).toBe("Café “q”");
  });

  it("follows the encoding a server gives or a page declares, but not a label claiming UTF-16", () => {
    const latin1 = bytes(0x43, 0x61, 0x66, 0xe9);
    expect(decodeText(latin1, "page", { charset: "iso-8859-1" })).toBe("Café");
    const koi8 = bytes(0xf0, 0xd2, 0xc9, 0xd7, 0xc5, 0xd4); // "Привет" in KOI8-R
    expect(decodeText(koi8, "page", { charset: "koi8-r" })).toBe("Привет");
    const page = new Uint8Array([...new TextEncoder().encode('<html><head><meta charset="koi8-r"></head><body>'), ...koi8]);
    expect(decodeText(page, "page.html", { isHtml: true })).toContain("Привет");
    const httpEquiv = new TextEncoder().encode('<meta http-equiv="Content-Type" content="text/html; charset=windows-1251">');
    expect(decodeText(new Uint8Array([...httpEquiv, 0xcf, 0xf0, 0xe8]), "p.html", { isHtml: true })).toContain("При");
    // Declared in a .txt, the <meta> is only text: the bytes are read as UTF-8 or windows-1252.
    expect(decodeText(new Uint8Array([...httpEquiv, 0xe9]), "p.txt")).toMatch(/é$/);
    expect(decodeText(new TextEncoder().encode("plain"), "a.txt", { charset: "utf-16le" })).toBe("plain");
    expect(decodeText(new TextEncoder().encode("plain"), "a.txt", { charset: "no-such-encoding" })).toBe("plain");
  });

  it("refuses a binary file, or UTF-16 without its mark, with 422", () => {
    expect(() => decodeText(bytes(0x50, 0x4b, 0x03, 0x04, 0x00, 0x00), "archive.txt")).toThrow(/not a text file/);
    expect(() => decodeText(utf16("Hello", true).subarray(2), "nomark.txt")).toThrow(/not a text file/);
  });
});
