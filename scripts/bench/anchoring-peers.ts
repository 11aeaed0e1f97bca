// Benchmark (issue #15, "Measure"): resolving stored text selectors to DOM Ranges in Chromium,
// ours beside the libraries a developer would otherwise pick, on the same article and the same
// selectors in the same page:
//   - ours: lib/anchoring — the position selector if the text there is still the quote, else
//     match-quote.ts (every occurrence scored by its context), then dom-text-offsets.ts → Range;
//   - dom-anchor-text-quote 4 (Hypothesis's lineage): `toRange(root, quote, { hint: start })`
//     (diff-match-patch's bitap search around the hint);
//   - @apache-annotator/dom 0.2: `createTextQuoteSelectorMatcher(quote)(root)`, its first match
//     (prefix + exact + suffix verbatim).
// Then painting the same annotations: ours (the reading page's flat <mark> runs, built in the page)
// beside @recogito/text-annotator 4.1 with its W3C adapter, time until painted and heap.
// Two cases: the text as annotated (every position still right) and the text edited (a sentence
// inserted at the top, so every stored position is off by its length and each quote must be
// searched for). "right" counts Ranges whose text offsets are exactly where the annotation is.
//
//   npm run bench:anchoring-peers [-- --annotations 10000 --runs 3]
//
// Debian's Chromium (CHROME_PATH, default /usr/bin/chromium); the code under test is bundled by
// esbuild and run in the page, so all three pay the same DOM.
import { readFileSync } from "node:fs";
import { loadavg } from "node:os";
import path from "node:path";
import { chromium } from "@playwright/test";
import { build } from "esbuild";
import { describeTextRange } from "@/lib/anchoring/text-quote";
import { parsePlainTextArticle } from "@/lib/documents/parse-plain-text-article";

function argument(name: string, fallback: number): number {
  const at = process.argv.indexOf(`--${name}`);
  return at === -1 ? fallback : Number(process.argv[at + 1]);
}

const ANNOTATIONS = argument("annotations", 10_000);
const RUNS = argument("runs", 3);
const CHROME_PATH = process.env.CHROME_PATH ?? "/usr/bin/chromium";
const root = process.cwd();
const article = parsePlainTextArticle(readFileSync(path.join(root, "content", "taliban-ttp-and-pakistan.txt"), "utf8"));
const INSERTED = "A sentence added at the top after the annotations were made, which moves every one of them. ";

type Stored = { exact: string; prefix: string; suffix: string; start: number; end: number };
export type PeerResult = { ms: number; resolved: number; right: number };

/** `count` selectors of 1–80 characters at deterministic pseudo-random places (an LCG), as the app stores them. */
function makeSelectors(text: string, count: number): Stored[] {
  let seed = 15;
  const next = () => (seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648) / 2_147_483_648;
  return Array.from({ length: count }, () => {
    const start = Math.floor(next() * (text.length - 100));
    const { quote, position } = describeTextRange(text, start, start + 1 + Math.floor(next() * 80));
    return { exact: quote.exact, prefix: quote.prefix, suffix: quote.suffix, start: position.start, end: position.end };
  });
}

/** The article as the reading page renders it: paragraphs, with the separators as text between them, so textContent is the text. */
function articleHtml(text: string): string {
  const escape = (value: string) => value.replace(/&/g, "&amp;").replace(/</g, "&lt;");
  return `<!doctype html><meta charset="utf-8"><article id="body">${text
    .split("\n\n")
    .map((paragraph) => `<p>${escape(paragraph)}</p>`)
    .join("\n\n")}</article>`;
}

/** What runs in the page: one function per method, each resolving every selector to a Range and checking it. */
const PAGE_ENTRY = `
import { matchQuote } from "@/lib/anchoring/match-quote";
import { rangeToTextOffsets, textOffsetsToRange } from "@/lib/anchoring/dom-text-offsets";
import * as hypothesis from "dom-anchor-text-quote";
import { createTextQuoteSelectorMatcher } from "@apache-annotator/dom";
import { paintRuns } from "@/lib/anchoring/segment-highlights";
import { blockHtml } from "@/components/reader/block-html";
import { HIGHLIGHT_COLORS } from "@/lib/annotations/colors";
import { createTextAnnotator, W3CTextFormat } from "@recogito/text-annotator";

const frames = (count) => new Promise((resolve) => {
  const step = () => (--count <= 0 ? resolve() : requestAnimationFrame(step));
  requestAnimationFrame(step);
});
const heap = () => performance.memory ? performance.memory.usedJSHeapSize : NaN;

function check(root, ranges, expected, started) {
  const ms = performance.now() - started;
  let resolved = 0, right = 0;
  ranges.forEach((range, index) => {
    if (!range) return;
    resolved += 1;
    const offsets = rangeToTextOffsets(root, range);
    if (offsets && offsets.start === expected[index].start && offsets.end === expected[index].end) right += 1;
  });
  return { ms, resolved, right };
}

window.painters = {
  // What our reading page paints (components/reader/article-body.tsx), with its own code: the text
  // cut into flat runs wherever a highlight starts or ends (paintRuns), one <mark> per run of one or
  // two highlights, one per crowd of three or more while its look holds (blockHtml). One author in
  // six is the reader, colours in turn, as in the reading section. Timed until two frames after it
  // is in the document.
  async ours(selectors) {
    const root = document.getElementById("body");
    const started = performance.now();
    const text = root.textContent;
    const paragraphs = [];
    for (let start = 0; start <= text.length; ) {
      const end = text.indexOf("\\n\\n", start) === -1 ? text.length : text.indexOf("\\n\\n", start);
      paragraphs.push({ index: paragraphs.length, start, end });
      start = end + 2;
    }
    const highlights = selectors.map((s, index) => ({
      id: "a" + index, start: s.start, end: s.end, color: HIGHLIGHT_COLORS[index % 6], isMine: index % 6 === 0,
    }));
    const runs = paintRuns(paragraphs, highlights);
    root.innerHTML = paragraphs
      .map((paragraph, index) => "<p>" + blockHtml({
        text, paragraph, isFirst: index === 0, pageStarts: [], runs: runs[index], marks: [], highlights,
        flashing: undefined, detailsFor: null, paragraphButton: null,
      }) + "</p>")
      .join("\\n\\n");
    void root.offsetHeight;
    await frames(2);
    return { ms: performance.now() - started, painted: root.querySelectorAll("mark").length, heap: heap() };
  },
  // @recogito/text-annotator with its W3C adapter, the same stored selectors; its default renderer
  // (SPANS: positioned boxes over the text for what is in view). Timed until its highlight layer
  // holds boxes and their number has not changed for two frames.
  async recogito(selectors) {
    const root = document.getElementById("body");
    const started = performance.now();
    const anno = createTextAnnotator(root, { adapter: W3CTextFormat("bench", root) });
    anno.setAnnotations(selectors.map((s, index) => ({
      "@context": "http://www.w3.org/ns/anno.jsonld",
      id: "a" + index,
      type: "Annotation",
      body: [],
      target: {
        source: "bench",
        selector: [
          { type: "TextQuoteSelector", exact: s.exact, prefix: s.prefix, suffix: s.suffix },
          { type: "TextPositionSelector", start: s.start, end: s.end },
        ],
      },
    })));
    let last = -1;
    for (;;) {
      await frames(1);
      const count = document.querySelectorAll(".r6o-annotation").length;
      if (count > 0 && count === last) break;
      last = count;
      if (performance.now() - started > 120000) break;
    }
    await frames(1);
    return { ms: performance.now() - started, painted: last, heap: heap() };
  },
};

window.peers = {
  ours(selectors, expected) {
    const root = document.getElementById("body");
    const started = performance.now();
    const text = root.textContent;
    const ranges = selectors.map((s) => {
      const at = text.slice(s.start, s.end) === s.exact ? { start: s.start, end: s.end } : matchQuote(text, s, s.start);
      return at ? textOffsetsToRange(root, at.start, at.end) : null;
    });
    return check(root, ranges, expected, started);
  },
  hypothesis(selectors, expected) {
    const root = document.getElementById("body");
    const started = performance.now();
    const ranges = selectors.map((s) => hypothesis.toRange(root, { exact: s.exact, prefix: s.prefix, suffix: s.suffix }, { hint: s.start }));
    return check(root, ranges, expected, started);
  },
  async apache(selectors, expected) {
    const root = document.getElementById("body");
    const started = performance.now();
    const ranges = [];
    for (const s of selectors) {
      const matches = createTextQuoteSelectorMatcher({ type: "TextQuoteSelector", exact: s.exact, prefix: s.prefix, suffix: s.suffix })(root);
      const first = await matches.next();
      ranges.push(first.done ? null : first.value);
    }
    return check(root, ranges, expected, started);
  },
};
`;

async function bundle(): Promise<{ script: string; css: string }> {
  const result = await build({
    stdin: { contents: PAGE_ENTRY, resolveDir: root, loader: "js" },
    bundle: true,
    write: false,
    format: "iife",
    platform: "browser",
    alias: { "@": root },
    // Recogito imports its stylesheet: bundled beside the script, and added to the page with it.
    outdir: "/tmp/anchoring-peers-bundle",
    logLevel: "silent",
  });
  const file = (extension: string) => result.outputFiles.find((output) => output.path.endsWith(extension))?.text ?? "";
  return { script: file(".js"), css: file(".css") };
}

const METHODS = [
  { key: "ours", label: "ours (lib/anchoring)" },
  { key: "hypothesis", label: "dom-anchor-text-quote 4.0.2" },
  { key: "apache", label: "@apache-annotator/dom 0.2.0" },
] as const;

async function main() {
  const { script, css } = await bundle();
  const browser = await chromium.launch({ executablePath: CHROME_PATH });
  const selectors = makeSelectors(article.text, ANNOTATIONS);
  const cases = [
    { name: "text as annotated", text: article.text, expected: selectors.map(({ start, end }) => ({ start, end })) },
    {
      name: "text edited (positions stale)",
      text: INSERTED + article.text,
      expected: selectors.map(({ start, end }) => ({ start: start + INSERTED.length, end: end + INSERTED.length })),
    },
  ];
  console.log(
    `anchoring peers in ${CHROME_PATH} (${browser.version()}), ${ANNOTATIONS} selectors on a ${article.text.length}-character article, ` +
      `${RUNS} runs each (median, [min–max]), load average ${loadavg()
        .map((value) => value.toFixed(1))
        .join(" ")}`,
  );
  try {
    for (const { name, text, expected } of cases) {
      console.log(`\n${name}`);
      console.log(["", "median", "min–max", "resolved", "exactly right", "heap after"].join("   "));
      for (const method of METHODS) {
        const times: number[] = [];
        let last: PeerResult = { ms: NaN, resolved: 0, right: 0 };
        let heap = 0;
        for (let run = 0; run < RUNS; run += 1) {
          // A fresh page each run: no method inherits another's garbage or caches.
          const page = await browser.newPage();
          await page.setContent(articleHtml(text));
          await page.addScriptTag({ content: script });
          last = await page.evaluate(
            ([key, given, wanted]) =>
              (window as unknown as { peers: Record<string, (...args: unknown[]) => Promise<PeerResult>> }).peers[key](given, wanted),
            [method.key, selectors, expected] as const,
          );
          heap = await page.evaluate(
            () => (performance as unknown as { memory?: { usedJSHeapSize: number } }).memory?.usedJSHeapSize ?? NaN,
          );
          times.push(last.ms);
          await page.close();
        }
        times.sort((a, b) => a - b);
        const ms = (value: number) => `${value.toFixed(0)} ms`;
        console.log(
          [
            method.label,
            ms(times[Math.floor(times.length / 2)]),
            `${ms(times[0])}–${ms(times.at(-1)!)}`,
            `${last.resolved}/${ANNOTATIONS}`,
            `${last.right}/${ANNOTATIONS}`,
            `${(heap / 1024 / 1024).toFixed(0)} MB`,
          ].join("   "),
        );
      }
    }
    console.log(`\npainting ${ANNOTATIONS} annotations (text as annotated)`);
    console.log(["", "median", "min–max", "painted", "heap after"].join("   "));
    for (const painter of [
      { key: "ours", label: "ours (the reading page's paintRuns → blockHtml)" },
      { key: "recogito", label: "@recogito/text-annotator 4.1.1" },
    ]) {
      const times: number[] = [];
      let last = { ms: NaN, painted: 0, heap: NaN };
      for (let run = 0; run < RUNS; run += 1) {
        const page = await browser.newPage();
        await page.setContent(articleHtml(article.text));
        if (css) await page.addStyleTag({ content: css });
        await page.addScriptTag({ content: script });
        last = await page.evaluate(
          ([key, given]) =>
            (
              window as unknown as {
                painters: Record<string, (selectors: unknown) => Promise<{ ms: number; painted: number; heap: number }>>;
              }
            ).painters[key](given),
          [painter.key, selectors] as const,
        );
        times.push(last.ms);
        await page.close();
      }
      times.sort((a, b) => a - b);
      const ms = (value: number) => `${value.toFixed(0)} ms`;
      console.log(
        [
          painter.label,
          ms(times[Math.floor(times.length / 2)]),
          `${ms(times[0])}–${ms(times.at(-1)!)}`,
          `${last.painted} ${painter.key === "ours" ? "marks" : "boxes"}`,
          `${(last.heap / 1024 / 1024).toFixed(0)} MB`,
        ].join("   "),
      );
    }
  } finally {
    await browser.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
