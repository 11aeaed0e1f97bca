import localFont from "next/font/local";

// The two variable fonts, from @fontsource-variable's woff2 files (latin only: the article is
// English; other scripts, as in comments, use the fallback fonts). next/font emits them under
// build-hashed names with a fallback @font-face whose metrics (size-adjust, ascent/descent
// overrides) match each font (and app/globals.css adds their Liberation/Croscore clones). They are
// not preloaded: preloading made the first paragraph, the largest paint, wait for ~100 KiB of fonts
// on a slow link (Lighthouse LCP 2.1 s -> 4.2 s). display "optional": a font not there within
// ~100 ms is used from the next page on, so nothing moves (measured in one run against "swap":
// CLS 0.025 -> 0.000, LCP 1.59 s -> 1.46 s; README, "Phone and installable app").

/** The reading font; italic for <em> in articles and the quoted passages of notes. */
export const literata = localFont({
  src: [
    { path: "../node_modules/@fontsource-variable/literata/files/literata-latin-wght-normal.woff2", weight: "200 900", style: "normal" },
    { path: "../node_modules/@fontsource-variable/literata/files/literata-latin-wght-italic.woff2", weight: "200 900", style: "italic" },
  ],
  variable: "--font-literata",
  display: "optional",
  preload: false,
  adjustFontFallback: "Times New Roman",
});

/** The interface font. */
export const inter = localFont({
  src: [{ path: "../node_modules/@fontsource-variable/inter/files/inter-latin-wght-normal.woff2", weight: "100 900", style: "normal" }],
  variable: "--font-inter",
  display: "optional",
  preload: false,
  adjustFontFallback: "Arial",
});
