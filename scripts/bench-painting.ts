// Benchmark: painting the seed article with 1,000 overlapping annotations.
// Prints each figure beside a baseline measured in the same run:
//   1. segmenting highlights into paint runs: our sweep vs. a naive per-run scan;
//   2. server-rendering the article body: 1,000 highlights vs. none;
//   3. the real page in Chromium (production build): a reader with 1,000 annotations vs. a
//      reader with none — server response, HTML size, DOM ready, hydrated.
// Usage: npm run build && npm run bench:painting
import { execFileSync, spawn } from "node:child_process";
import { readFileSync, rmSync } from "node:fs";
import path from "node:path";
import { performance as clock } from "node:perf_hooks";
import { chromium } from "@playwright/test";
import { createElement } from "react";
import { renderToString } from "react-dom/server";
import { describeTextRange } from "@/lib/anchoring/text-quote";
import { segmentParagraphs, type Highlight, type Segment } from "@/lib/anchoring/segment-highlights";
import { HIGHLIGHT_COLORS } from "@/lib/annotations/colors";
import { paragraphRanges } from "@/lib/documents/canonical-text";
import { parsePlainTextArticle } from "@/lib/documents/parse-plain-text-article";
import { ArticleBody } from "@/components/reader/article-body";

const ANNOTATIONS = 1_000;
const PORT = 3300;
const root = process.cwd();
const article = parsePlainTextArticle(readFileSync(path.join(root, "content", "taliban-ttp-and-pakistan.txt"), "utf8"));
const text = article.text;
const paragraphs = paragraphRanges(text);

/** Deterministic pseudo-random numbers, so every run paints the same 1,000 spans. */
function random(seed: number) {
  return () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
}
const next = random(42);
const spans: Highlight[] = Array.from({ length: ANNOTATIONS }, (_, index) => {
  const start = Math.floor(next() * (text.length - 400));
  return { id: `a${index}`, start, end: start + 5 + Math.floor(next() * 300) };
});

function median(values: number[]) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}
function time(runs: number, work: () => void) {
  const samples: number[] = [];
  for (let run = 0; run < runs; run++) {
    const started = clock.now();
    work();
    samples.push(clock.now() - started);
  }
  return median(samples);
}
const row = (label: string, ours: string, baseline: string) =>
  console.log(`${label.padEnd(44)} ${ours.padStart(14)} ${baseline.padStart(14)}`);
const ms = (value: number) => `${value.toFixed(2)} ms`;

/** The obvious algorithm: for every run between boundaries, scan all highlights. */
function naiveSegments(highlights: readonly Highlight[]): Segment[][] {
  return paragraphs.map((paragraph) => {
    const cuts = new Set([paragraph.start, paragraph.end]);
    for (const h of highlights) for (const at of [h.start, h.end]) if (at > paragraph.start && at < paragraph.end) cuts.add(at);
    const sorted = [...cuts].sort((a, b) => a - b);
    return sorted.slice(0, -1).map((start, index) => ({
      start,
      end: sorted[index + 1],
      ids: highlights.filter((h) => h.start <= start && h.end >= sorted[index + 1]).map((h) => h.id),
    }));
  });
}

function benchPure() {
  console.log(`\n1. Segmenting ${ANNOTATIONS} overlapping highlights (${text.length} characters, ${paragraphs.length} paragraphs)`);
  row("", "ours", "baseline");
  const ours = time(30, () => segmentParagraphs(paragraphs, spans));
  const naive = time(5, () => naiveSegments(spans));
  row("segmentParagraphs vs naive scan (median)", ms(ours), ms(naive));
  const runs = segmentParagraphs(paragraphs, spans).flat().length;
  row("paint runs produced", String(runs), String(naiveSegments(spans).flat().length));

  console.log(`\n2. Server-rendering the article body (renderToString)`);
  row("", `${ANNOTATIONS} highlights`, "no highlights");
  const painted = spans.map((span, index) => ({ ...span, color: HIGHLIGHT_COLORS[index % 6], isMine: index % 3 === 0 }));
  const withHighlights = () => renderToString(createElement(ArticleBody, { text, versionId: "v", highlights: painted }));
  const plain = () => renderToString(createElement(ArticleBody, { text, versionId: "v", highlights: [] }));
  row("render time (median of 20)", ms(time(20, withHighlights)), ms(time(20, plain)));
  row("HTML size", `${(withHighlights().length / 1024).toFixed(0)} KiB`, `${(plain().length / 1024).toFixed(0)} KiB`);
}

async function benchBrowser() {
  console.log(`\n3. The reading page in Chromium (next start, SQLite)`);
  const dbFile = path.join(root, "data", "bench.db");
  rmSync(dbFile, { force: true });
  const env = {
    ...process.env,
    DATABASE_URL: `file:${dbFile}`,
    NEXTAUTH_URL: `http://localhost:${PORT}`,
    NEXTAUTH_SECRET: "bench-only-secret",
    SIGN_IN_MAX_FAILURES_PER_IP: "1000",
  };
  execFileSync("npx", ["tsx", "scripts/prepare-database.ts"], { env, stdio: "ignore" });
  const server = spawn("npx", ["next", "start", "--port", String(PORT)], { env, stdio: "ignore", detached: true });
  try {
    await waitForServer(`http://localhost:${PORT}/api/auth/csrf`);
    const browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: ["--disable-background-networking"],
    });
    const heavy = await readerWith(browser, "heavy", ANNOTATIONS);
    const light = await readerWith(browser, "light", 0);
    const heavyRuns = await measure(heavy, 7);
    const lightRuns = await measure(light, 7);
    row("", `${ANNOTATIONS} annotations`, "none");
    row("server response, /read/… (median)", ms(heavyRuns.response), ms(lightRuns.response));
    row("HTML transferred (uncompressed)", `${(heavyRuns.bytes / 1024).toFixed(0)} KiB`, `${(lightRuns.bytes / 1024).toFixed(0)} KiB`);
    row("DOMContentLoaded (median)", ms(heavyRuns.domReady), ms(lightRuns.domReady));
    row("hydrated, interactive (median)", ms(heavyRuns.hydrated), ms(lightRuns.hydrated));
    row("marks painted", String(heavyRuns.marks), String(lightRuns.marks));
    await browser.close();
  } finally {
    process.kill(-server.pid!);
  }
}

async function waitForServer(url: string) {
  for (let attempt = 0; attempt < 120; attempt++) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not up yet
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`The server at ${url} did not start.`);
}

async function readerWith(browser: import("@playwright/test").Browser, label: string, count: number) {
  const context = await browser.newContext({ baseURL: `http://localhost:${PORT}` });
  const page = await context.newPage();
  await page.goto("/signup");
  await page.getByLabel("Name").fill(`Bench ${label}`);
  await page.getByLabel("Email").fill(`${label}-${Date.now()}@bench.test`);
  await page.getByLabel("Password").fill("bench-password");
  await page.getByRole("button", { name: "Create account" }).click();
  await page.getByText(`Bench ${label}`).waitFor();
  for (let index = 0; index < count; index += 50) {
    await Promise.all(
      spans.slice(index, Math.min(count, index + 50)).map((span, offset) => {
        const { quote, position } = describeTextRange(text, span.start, span.end);
        return context.request.post(`/api/documents/${article.slug}/annotations`, {
          data: { target: { selector: [quote, position] }, color: HIGHLIGHT_COLORS[(index + offset) % 6], body: `Note ${index + offset}` },
        });
      }),
    );
  }
  return page;
}

async function measure(page: import("@playwright/test").Page, runs: number) {
  const samples = { response: [] as number[], domReady: [] as number[], hydrated: [] as number[] };
  let bytes = 0;
  let marks = 0;
  for (let run = 0; run < runs; run++) {
    await page.goto(`/read/${article.slug}`);
    await page.waitForFunction(() => document.documentElement.dataset.hydratedAt);
    const timing = await page.evaluate(() => {
      const nav = performance.getEntriesByType("navigation")[0] as PerformanceNavigationTiming;
      return {
        response: nav.responseEnd - nav.requestStart,
        domReady: nav.domContentLoadedEventEnd,
        hydrated: Number(document.documentElement.dataset.hydratedAt),
        bytes: nav.decodedBodySize,
        marks: document.querySelectorAll(".reader__body mark").length,
      };
    });
    samples.response.push(timing.response);
    samples.domReady.push(timing.domReady);
    samples.hydrated.push(timing.hydrated);
    bytes = timing.bytes;
    marks = timing.marks;
  }
  return { response: median(samples.response), domReady: median(samples.domReady), hydrated: median(samples.hydrated), bytes, marks };
}

benchPure();
benchBrowser().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
