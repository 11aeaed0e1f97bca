// Benchmark (issue 14): a kept reading with 1,000 annotations — how long it takes to open offline
// (from the device: service worker, cached page, IndexedDB) beside opening it online (from the
// server) in the same run, and how many bytes keeping it stores on the device.
//
//   npm run build && npm run bench:offline
//
// The production build on a fresh database (SQLite data/bench-offline.db, or a database on
// DATABASE_URL's PostgreSQL server), Debian's Chromium (CHROME_PATH) at a 390 px touch viewport.
// BENCH_ANNOTATIONS (default 1000) and BENCH_RUNS (default 5; the median is shown) are settable.
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { chromium, type Page } from "@playwright/test";
import { describeTextRange } from "@/lib/anchoring/text-quote";
import { parsePlainTextArticle } from "@/lib/documents/parse-plain-text-article";
import { freshDatabase, killServer, serverEnv, startServer } from "@/scripts/lib/production-server";

const root = process.cwd();
const PORT = Number(process.env.BENCH_PORT ?? 3392);
const COUNT = Number(process.env.BENCH_ANNOTATIONS ?? 1000);
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const CHROME_PATH = process.env.CHROME_PATH ?? "/usr/bin/chromium";
const article = parsePlainTextArticle(readFileSync(path.join(root, "content", "taliban-ttp-and-pakistan.txt"), "utf8"));

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/** From navigation start: the highlights in the page (painted by the server's HTML) and the page interactive (hydrated). */
async function openTimes(page: Page): Promise<{ painted: number; hydrated: number }> {
  await page.goto(`/read/${article.slug}`);
  await page.waitForFunction(() => document.documentElement.dataset.hydratedAt !== undefined);
  return page.evaluate(() => {
    const [navigation] = performance.getEntriesByType("navigation") as PerformanceNavigationTiming[];
    return { painted: navigation.domContentLoadedEventEnd, hydrated: Number(document.documentElement.dataset.hydratedAt) };
  });
}

async function main() {
  if (!existsSync(path.join(root, ".next", "BUILD_ID"))) throw new Error("Run `npm run build` first.");
  const url = await freshDatabase("bench-offline", "marginalia_bench_offline");
  const env = { ...serverEnv(url, PORT), SIGN_UP_MAX_PER_IP: "1000", WRITE_RATE_BURST: "1000000" };
  const { execFileSync } = await import("node:child_process");
  execFileSync("npx", ["tsx", "scripts/prepare-database.ts"], { cwd: root, env, stdio: "ignore" });
  const { child } = await startServer(env, PORT);
  const browser = await chromium.launch({ executablePath: CHROME_PATH });
  try {
    const baseURL = `http://127.0.0.1:${PORT}`;
    const context = await browser.newContext({ baseURL, viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true });
    const page = await context.newPage();
    await page.goto("/signup");
    await page.getByLabel("Name").fill("Bench reader");
    await page.getByLabel("Email").fill(`offline-${Date.now()}@bench.test`);
    await page.getByLabel("Password").fill("bench-password-long");
    await page.getByRole("button", { name: "Create account" }).click();
    await page.getByText("Bench reader").first().waitFor();

    // 1,000 notes spread over the article, eight requests at a time.
    const step = Math.max(1, Math.floor((article.text.length - 80) / COUNT));
    for (let first = 0; first < COUNT; first += 8) {
      await Promise.all(
        Array.from({ length: Math.min(8, COUNT - first) }, (_, offset) => {
          const start = (first + offset) * step;
          const { quote, position } = describeTextRange(article.text, start, start + 40);
          return context.request.post(`/api/documents/${article.slug}/annotations`, {
            data: {
              target: { selector: [quote, position] },
              visibility: "private",
              body: `Note ${first + offset}: a sentence or two of comment.`,
            },
          });
        }),
      );
    }

    await page.goto(`/read/${article.slug}`);
    await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
    await page.reload();
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
    const usageBefore = await page.evaluate(async () => (await navigator.storage.estimate()).usage ?? 0);
    await page.getByRole("button", { name: "Keep offline" }).click();
    await page.getByRole("button", { name: "Kept offline" }).waitFor();
    const stored = await page.evaluate(async () => {
      const record = await new Promise<unknown>((resolve, reject) => {
        const open = indexedDB.open("marginalia-offline");
        open.onsuccess = () => {
          const request = open.result.transaction("readings").objectStore("readings").getAll();
          request.onsuccess = () => resolve(request.result[0]);
          request.onerror = () => reject(request.error);
        };
        open.onerror = () => reject(open.error);
      });
      const cache = await caches.open("marginalia-kept");
      let html = 0;
      let assets = 0;
      for (const key of await cache.keys()) {
        const size = (await (await cache.match(key))!.arrayBuffer()).byteLength;
        if (new URL(key.url).pathname.startsWith("/_next/")) assets += size;
        else html += size;
      }
      const record_ = record as { annotations: unknown[] };
      return { record: new Blob([JSON.stringify(record)]).size, annotations: record_.annotations.length, html, assets };
    });
    const usageAfter = await page.evaluate(async () => (await navigator.storage.estimate()).usage ?? 0);

    const online: { painted: number; hydrated: number }[] = [];
    const offline: { painted: number; hydrated: number }[] = [];
    for (let run = 0; run < RUNS; run++) {
      await context.setOffline(false);
      online.push(await openTimes(page));
      await context.setOffline(true);
      offline.push(await openTimes(page));
      const marks = await page.locator("mark.hl").count();
      if (marks === 0) throw new Error("Offline, the kept reading opened without its highlights.");
    }
    await context.setOffline(false);

    const row = (label: string, a: string, b: string) => console.log(`${label.padEnd(38)} ${a.padStart(16)} ${b.padStart(16)}`);
    const ms = (value: number) => `${Math.round(value)} ms`;
    const kib = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;
    console.log(`\nA reading with ${stored.annotations} annotations, 390 px touch Chromium, median of ${RUNS} opens each`);
    row("", "online (server)", "offline (kept)");
    row(
      "Open → text and highlights (DCL)",
      ms(median(online.map((time) => time.painted))),
      ms(median(offline.map((time) => time.painted))),
    );
    row("Open → interactive (hydrated)", ms(median(online.map((time) => time.hydrated))), ms(median(offline.map((time) => time.hydrated))));
    console.log(`\nBytes stored on the device for this kept reading`);
    row("IndexedDB record (text + annotations)", kib(stored.record), "");
    row("Cached page (HTML)", kib(stored.html), "");
    row("Cached scripts and styles (shared)", kib(stored.assets), "");
    row("navigator.storage.estimate() growth", kib(usageAfter - usageBefore), "");
  } finally {
    await browser.close();
    await killServer(child, "SIGTERM");
  }
}

void main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
