// Writes the app's PNG icons (public/icons/) from one SVG drawing, with sharp (installed with
// Next.js for image optimisation). Run after changing the drawing: npx tsx scripts/generate-icons.ts
import { mkdirSync } from "node:fs";
import path from "node:path";
import sharp from "sharp";

const OUT = path.join(__dirname, "..", "public", "icons");
const PAPER = "#fbfaf7";
const ACCENT = "#8a3b12";

/** The favicon's "M" over a rule. `inset` shrinks it into the middle: a maskable icon keeps its drawing in the central 80% circle. */
function drawing(size: number, { inset, rounded }: { inset: number; rounded: boolean }): string {
  const scale = (size * (1 - 2 * inset)) / 32;
  const offset = size * inset;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${size}" height="${size}" viewBox="0 0 ${size} ${size}">
  <rect width="${size}" height="${size}" rx="${rounded ? size * 0.19 : 0}" fill="${ACCENT}"/>
  <g transform="translate(${offset} ${offset}) scale(${scale})">
    <path d="M8 23V9h2.6l5.4 8 5.4-8H24v14h-2.8v-9.2L16 21.4l-5.2-7.6V23z" fill="${PAPER}"/>
    <rect x="7" y="25" width="18" height="2" rx="1" fill="#f0a878"/>
  </g>
</svg>`;
}

const ICONS = [
  { file: "icon-192.png", size: 192, inset: 0.04, rounded: true },
  { file: "icon-512.png", size: 512, inset: 0.04, rounded: true },
  { file: "maskable-512.png", size: 512, inset: 0.2, rounded: false },
  { file: "apple-touch-icon.png", size: 180, inset: 0.12, rounded: false },
];

async function main() {
  mkdirSync(OUT, { recursive: true });
  for (const icon of ICONS) {
    await sharp(Buffer.from(drawing(icon.size, icon)))
      .png()
      .toFile(path.join(OUT, icon.file));
    console.log(`public/icons/${icon.file} (${icon.size}×${icon.size})`);
  }
}

void main();
