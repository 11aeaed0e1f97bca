import "server-only";
import { readdirSync, statSync } from "node:fs";
import path from "node:path";
import { preload } from "react-dom";

/**
 * The latin subsets of the two variable fonts on every page (@fontsource-variable, imported by
 * app/layout.tsx). Their CSS is found only once the stylesheet is parsed, so without a preload the
 * text is painted in the fallback font first and moves when they arrive: on the reading page that
 * shift of the first paragraph was most of its layout shift (Lighthouse CLS 0.16, "Web font
 * loaded"). Other subsets stay on demand (their unicode-range).
 */
const PRELOADED = ["literata-latin-wght-normal.", "inter-latin-wght-normal."];
const MEDIA = path.join(process.cwd(), ".next", "static", "media");

let hrefs: string[] | null = null;

/** The files' hashed names as this build emitted them (none in development, where the folder differs: nothing is preloaded). */
function fontHrefs(): string[] {
  if (hrefs) return hrefs;
  try {
    const files = readdirSync(MEDIA).filter((file) => file.endsWith(".woff2"));
    const newest = (prefix: string) =>
      files
        .filter((file) => file.startsWith(prefix))
        .sort((a, b) => statSync(path.join(MEDIA, b)).mtimeMs - statSync(path.join(MEDIA, a)).mtimeMs)[0];
    hrefs = PRELOADED.map(newest)
      .filter((file): file is string => file !== undefined)
      .map((file) => `/_next/static/media/${file}`);
  } catch {
    hrefs = [];
  }
  return hrefs;
}

/** Asks React to put `<link rel="preload" as="font">` for them in the document's head. */
export function preloadFonts(): void {
  for (const href of fontHrefs()) preload(href, { as: "font", type: "font/woff2", crossOrigin: "anonymous" });
}
