import { zip } from "./zip";

/** An EPUB of one chapter whose body is `html`. */
export function epubWithChapter(html: string): Uint8Array<ArrayBuffer> {
  const encode = (value: string) => new TextEncoder().encode(value);
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
          `<?xml version="1.0"?><package xmlns="http://www.idpf.org/2007/opf" version="3.0"><metadata xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>Deep</dc:title></metadata><manifest><item id="c" href="c.xhtml" media-type="application/xhtml+xml"/></manifest><spine><itemref idref="c"/></spine></package>`,
        ),
      },
      {
        name: "c.xhtml",
        data: encode(`<html xmlns="http://www.w3.org/1999/xhtml"><head><title>c</title></head><body>${html}</body></html>`),
      },
    ]),
  );
}
