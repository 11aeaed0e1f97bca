import { zip } from "./zip";

/** An EPUB of one chapter whose body is `html`; `head` goes in its <head>, `files` beside it (a stylesheet). */
export function epubWithChapter(
  html: string,
  { head = "", files = {} }: { head?: string; files?: Record<string, string> } = {},
): Uint8Array<ArrayBuffer> {
  return epubWithChapters([html], { head, files });
}

/** An EPUB whose spine is one chapter for each body in `chapters`, in order; `head` goes in each one's <head>. */
export function epubWithChapters(
  chapters: readonly string[],
  { head = "", files = {} }: { head?: string; files?: Record<string, string> } = {},
): Uint8Array<ArrayBuffer> {
  const encode = (value: string) => new TextEncoder().encode(value);
  const names = chapters.map((_, index) => `c${index === 0 ? "" : index + 1}`);
  return new Uint8Array(
    zip([
      { name: "mimetype", data: encode("application/epub+zip"), store: true },
      {
        name: "META-INF/container.xml",
        data: encode(
          `<?xml version="1.0"?><container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container"><rootfiles><rootfile full-path="content.opf" media-type="application/oebps-package+xml"/></rootfiles></container>`,
        ),
      },
      {
        name: "content.opf",
        data: encode(
          `<?xml version="1.0"?><package xmlns="http://www.idpf.org/2007/opf" version="3.0"><metadata xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>Deep</dc:title></metadata>` +
            `<manifest>${names.map((name) => `<item id="${name}" href="${name}.xhtml" media-type="application/xhtml+xml"/>`).join("")}</manifest>` +
            `<spine>${names.map((name) => `<itemref idref="${name}"/>`).join("")}</spine></package>`,
        ),
      },
      ...chapters.map((html, index) => ({
        name: `${names[index]}.xhtml`,
        data: encode(
          `<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops"><head><title>${names[index]}</title>${head}</head><body>${html}</body></html>`,
        ),
      })),
      ...Object.entries(files).map(([name, text]) => ({ name, data: encode(text) })),
    ]),
  );
}
