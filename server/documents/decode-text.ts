import { AppError } from "@/lib/errors";

/**
 * A text file's characters, decoded as a browser would decode the same bytes: a byte-order mark
 * first (UTF-8, or UTF-16 as Windows' Notepad saves "Unicode"), then the encoding the server said
 * (a fetched page's Content-Type) or the page declares (`<meta charset>`), then UTF-8, and bytes
 * that are not UTF-8 as windows-1252 — what browsers read an unlabelled legacy file as, and what
 * "ANSI" text from Windows is in Western languages ("Café" saved by an old Notepad). A file that
 * holds NUL is binary, not text: refused with 422.
 */
export function decodeText(bytes: Uint8Array, name: string, options: { charset?: string | null; isHtml?: boolean } = {}): string {
  const declared = byteOrderMark(bytes) ?? known(options.charset) ?? (options.isHtml ? known(declaredHtmlCharset(bytes)) : null);
  const text = declared ? decodeAs(declared, bytes) : utf8OrWindows1252(bytes);
  // TextDecoder drops a BOM of its own encoding; one left over (a UTF-8 BOM in a page labelled otherwise) is not text.
  const clean = text.replace(/^\uFEFF/, "");
  // NUL never occurs in text (PostgreSQL cannot even store it): this is a binary file, or UTF-16 without its mark.
  if (clean.includes("\u0000")) {
    throw new AppError("UNPROCESSABLE", `"${name}" is not a text file (it holds binary data): save it as text (UTF-8) and try again.`);
  }
  return clean;
}

function byteOrderMark(bytes: Uint8Array): string | null {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return "utf-8";
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return "utf-16le";
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return "utf-16be";
  return null;
}

/** The encoding's name if this runtime can decode it; UTF-16 only by its byte-order mark (a label alone is not trusted for it, as in browsers). */
function known(label: string | null | undefined): string | null {
  if (!label) return null;
  try {
    const encoding = new TextDecoder(label.trim()).encoding;
    return encoding.startsWith("utf-16") ? null : encoding;
  } catch {
    return null;
  }
}

/** `<meta charset="…">` or `<meta http-equiv="Content-Type" content="…; charset=…">` in the page's first 1,024 bytes (the HTML standard's prescan, simplified). */
function declaredHtmlCharset(bytes: Uint8Array): string | null {
  const head = new TextDecoder("windows-1252").decode(bytes.subarray(0, 1024));
  return /<meta\b[^>]*?\bcharset\s*=\s*["']?\s*([\w.:-]+)/i.exec(head)?.[1] ?? null;
}

function utf8OrWindows1252(bytes: Uint8Array): string {
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    return decodeAs("windows-1252", bytes);
  }
}

/**
 * windows-1252's 0x80–0x9F (curly quotes, dashes, €…), by the Encoding Standard's table. Node's
 * TextDecoder decodes "windows-1252" (and "iso-8859-1", its alias) as ISO-8859-1 there, giving C1
 * control characters instead: “quoted” came out as \u0093quoted\u0094. Five bytes stay as they are.
 */
const WINDOWS_1252_C1 = "€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ";

function decodeAs(encoding: string, bytes: Uint8Array): string {
  const text = new TextDecoder(encoding).decode(bytes);
  return encoding === "windows-1252" ? text.replace(/[\u0080-\u009f]/g, (control) => WINDOWS_1252_C1[control.charCodeAt(0) - 0x80]) : text;
}
