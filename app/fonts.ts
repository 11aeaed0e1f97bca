import localFont from "next/font/local";

// The two variable fonts, from @fontsource-variable's woff2 files (latin only: the article is
// English; other scripts, as in comments, use the fallback fonts). next/font emits them under
// build-hashed names and writes a fallback @font-face whose metrics (size-adjust, ascent/descent
// overrides) match each font, so the swap to the web font no longer moves the text: the reading
// page's layout shift (CLS 0.16, "Web font loaded") goes without preloading them, and the first
// paragraph, the largest paint, does not wait for ~100 KiB of fonts on a slow link.
// The fallback lists stay in app/globals.css (--font-reading, --font-ui).

/** The reading font; italic for <em> in articles and the quoted passages of notes. */
export const literata = localFont({
  src: [
    { path: "../node_modules/@fontsource-variable/literata/files/literata-latin-wght-normal.woff2", weight: "200 900", style: "normal" },
    { path: "../node_modules/@fontsource-variable/literata/files/literata-latin-wght-italic.woff2", weight: "200 900", style: "italic" },
  ],
  variable: "--font-literata",
  display: "swap",
  preload: false,
  adjustFontFallback: "Times New Roman",
});

/** The interface font. */
export const inter = localFont({
  src: [{ path: "../node_modules/@fontsource-variable/inter/files/inter-latin-wght-normal.woff2", weight: "100 900", style: "normal" }],
  variable: "--font-inter",
  display: "swap",
  preload: false,
  adjustFontFallback: "Arial",
});
