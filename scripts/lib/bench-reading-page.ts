// The `reading` section of `npm run bench:scale` (also `npm run bench:reading-scale`): issue #15
// item 2, the reading page of a reader who sees 1,000, 5,000 and 10,000 annotations (a copy of the
// text each; BENCH_READING_ANNOTATIONS, a comma list, changes the sizes) beside the same reader's
// page of the same text with none, loaded in turn in the same run on the same production server,
// measured in Chromium (/usr/bin/chromium, or CHROMIUM_PATH).
//
// Seeded straight into the database (createMany, no events): six authors (the reader among them),
// one group where the reader is an instructor, threads in every scope the reader can see (everyone,
// the group, the group's instructors, the reader's own private ones), a reply on every third
// thread, helpful marks on every fourth, scores on every fifth group thread.
//
// Figures, each the median of BENCH_READING_RUNS (default 3) cold page loads:
//   server      the document's response to a plain HTTP client (node:http, gzip, cookie, no browser on
//               the machine's cores meanwhile): first byte and last byte, the median of
//               BENCH_READING_SERVER_RUNS (default 15) requests per page, interleaved
//   in Chromium the same two as Navigation Timing sees them in the loads below, where the server shares
//               the two cores with the browser starting a new context's processes (noisier)
//   wire        bytes over the wire, gzip as served: the HTML and every resource loaded until the network is idle
//   DCL         DOMContentLoaded after navigation start
//   listed      after navigation start, until the page can open any highlight's thread: hydrated, and
//               a large reading's stubs (fetched after the page) arrived and painted
//   marks       <mark> runs in the server's HTML (painted before any JavaScript runs), and whether the
//               article body's textContent is exactly the canonical text
//   click       a click on a highlight until the frame that shows its card open in the sidebar's view is
//               rendered, and until the card shows its words (a large reading opens the card from its stub,
//               then loads the note); and how many cards' words the page fetched by window for that click
//               (counted until it has been quiet for a second)
//   select      a selection in the article until the toolbar is in the DOM (next frame)
//   cards       the sidebar's mounted cards, and whether scrolling (or "Show more") reaches the last one
//   scroll      the sidebar scrolled by hand, 90 px a frame for up to 240 frames: the frames' p95 and
//               longest interval, and how many took over two vsyncs (a visible stutter)
//   heap        the page's JS heap after a garbage collection
import { randomUUID } from "node:crypto";
import { writeFileSync } from "node:fs";
import { get as httpGet } from "node:http";
import path from "node:path";
import { chromium, type Page } from "@playwright/test";
import { encode } from "next-auth/jwt";
import { describeTextRange } from "@/lib/anchoring/text-quote";
import { HIGHLIGHT_COLORS } from "@/lib/annotations/colors";
import type { Database } from "@/server/db/client";

type Row = { label: string; figures: Record<string, string> };
type Server = { url: string; env: NodeJS.ProcessEnv; db: Database };

const RUNS = Number(process.env.BENCH_READING_RUNS ?? 3);
const SERVER_RUNS = Number(process.env.BENCH_READING_SERVER_RUNS ?? 15);
let traces = 0;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/**
 * Copies of the seed article: one to stay bare, and one per size in `counts` carrying that many
 * annotations the reader sees; the reader and the others (the same people on every copy).
 */
async function seed(db: Database, counts: readonly number[]) {
  const { createDocument, createGroup, createUser } = await import("@/tests/factories");
  const stamp = Date.now().toString(36);
  const bare = await createDocument(`bench-reading-bare-${stamp}`);
  const reader = await createUser({ name: "Bench Reader", email: `reader-${stamp}@bench.test` });
  const others = await Promise.all(
    [1, 2, 3, 4, 5].map((index) => createUser({ name: `Bench Author ${index}`, email: `author-${index}-${stamp}@bench.test` })),
  );
  const group = await createGroup(others[0], { name: "Bench seminar", members: { instructor: [reader], member: others.slice(1) } });
  const authors = [reader, ...others];
  const sized: { count: number; document: { slug: string } }[] = [];
  let text = "";
  for (const count of counts) {
    const full = await createDocument(`bench-reading-${count}-${stamp}`);
    text = await annotateCopy(db, { documentId: full.id, count, authors, reader, others, groupId: group.id });
    sized.push({ count, document: full });
  }
  return { bare, sized, reader, text };
}

/** `count` threads on one copy, in every scope the reader sees, with replies, helpful marks and scores; returns the copy's text. */
async function annotateCopy(
  db: Database,
  copy: { documentId: string; count: number; authors: { id: string }[]; reader: { id: string }; others: { id: string }[]; groupId: string },
): Promise<string> {
  const { documentId, count, authors, reader, others } = copy;
  const group = { id: copy.groupId };
  const full = { id: documentId };
  const version = await db.documentVersion.findFirstOrThrow({ where: { documentId }, select: { id: true, text: true } });
  const base = Date.UTC(2026, 0, 1);
  const threads = Array.from({ length: count }, (_, i) => {
    const author = authors[i % authors.length];
    // The reader sees every scope of the group (as an instructor) and their own private notes.
    const scope = [
      { visibility: "everyone", groupId: null },
      { visibility: "group", groupId: group.id },
      { visibility: "instructors", groupId: group.id },
      { visibility: author.id === reader.id ? "private" : "everyone", groupId: null },
    ][i % 4];
    const start = (i * 97) % (version.text.length - 300);
    const end = start + 5 + ((i * 13) % 120);
    const { quote } = describeTextRange(version.text, start, end);
    return {
      id: `bench-${count}-t-${String(i).padStart(6, "0")}`,
      documentId: full.id,
      versionId: version.id,
      authorId: author.id,
      ...scope,
      exact: quote.exact,
      prefix: quote.prefix,
      suffix: quote.suffix,
      start,
      end,
      body: `Note ${i}: ${"a thought about this passage, ".repeat(1 + (i % 4))}with **emphasis** and a [link](https://example.org/${i}).`,
      color: HIGHLIGHT_COLORS[i % HIGHLIGHT_COLORS.length],
      createdAt: new Date(base + i * 1000),
    };
  });
  for (let offset = 0; offset < threads.length; offset += 1000)
    await db.annotation.createMany({ data: threads.slice(offset, offset + 1000) });
  const replies = threads
    .filter((_, i) => i % 3 === 0)
    .map((thread, i) => ({
      id: `${thread.id}-r`,
      documentId: full.id,
      versionId: version.id,
      parentId: thread.id,
      authorId: authors[(i + 1) % authors.length].id,
      visibility: thread.visibility,
      groupId: thread.groupId,
      body: `A reply to ${thread.id}.`,
      createdAt: new Date(thread.createdAt.getTime() + 60_000),
    }));
  for (let offset = 0; offset < replies.length; offset += 1000)
    await db.annotation.createMany({ data: replies.slice(offset, offset + 1000) });
  const helpful = threads
    .filter((_, i) => i % 4 === 0)
    .flatMap((thread, i) => [reader, others[1]].slice(0, 1 + (i % 2)).map((user) => ({ annotationId: thread.id, userId: user.id })));
  for (let offset = 0; offset < helpful.length; offset += 1000) await db.helpful.createMany({ data: helpful.slice(offset, offset + 1000) });
  const scores = threads
    .filter((thread, i) => thread.groupId !== null && i % 5 === 0)
    .map((thread, i) => ({ annotationId: thread.id, scorerId: reader.id, points: i % 4, releasedAt: i % 2 === 0 ? new Date(base) : null }));
  for (let offset = 0; offset < scores.length; offset += 1000) await db.score.createMany({ data: scores.slice(offset, offset + 1000) });
  return version.text;
}

type Load = {
  firstByteMs: number;
  lastByteMs: number;
  wireBytes: number;
  htmlWireBytes: number;
  htmlBytes: number;
  dclMs: number;
  listedMs: number;
  hydratedMs: number;
  stubsFetchedMs: number;
  stubsRequests: number;
  marksInHtml: number;
  isTextCanonical: boolean;
  clickMs: number | null;
  wordsMs: number | null;
  /** Cards asked for by window (`?ids=`) from the click until the page is quiet. */
  cardsFetchedByClick: number;
  selectMs: number;
  mountedCards: number;
  reachesLast: string;
  /** Frame intervals while the sidebar is scrolled by hand (null: no list, or it would not scroll). */
  scrollFrames: { frames: number; p95: number; max: number; long: number } | null;
  heapMb: number;
};

/** One cold load of `url` in a fresh context signed in with `cookie`, and the interactions on it. */
async function measure(page: Page, url: string, text: string): Promise<Load> {
  const wire = { bytes: 0 };
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("Network.enable");
  let documentRequestId = "";
  let htmlWireBytes = 0;
  cdp.on("Network.responseReceived", (event) => {
    if (event.type === "Document") documentRequestId = event.requestId;
  });
  cdp.on("Network.loadingFinished", (event) => {
    wire.bytes += event.encodedDataLength;
    if (event.requestId === documentRequestId) htmlWireBytes = event.encodedDataLength;
  });
  let marksInHtml = 0;
  let htmlBytes = 0;
  page.on("response", async (response) => {
    if (response.request().resourceType() !== "document") return;
    const body = await response.text().catch(() => "");
    marksInHtml = (body.match(/<mark /g) ?? []).length;
    htmlBytes = Buffer.byteLength(body);
    // BENCH_READING_HTML=dir keeps the last page of each size, to see what its bytes are.
    if (process.env.BENCH_READING_HTML) writeFileSync(path.join(process.env.BENCH_READING_HTML, `page-${marksInHtml}-marks.html`), body);
  });
  await page.goto(url, { waitUntil: "load" });
  await page.waitForFunction(() => document.documentElement.dataset.hydratedAt !== undefined);
  await page.waitForLoadState("networkidle");
  // What loading the page took over the wire (the interactions below fetch more).
  const loadWireBytes = wire.bytes;
  const timing = await page.evaluate(() => {
    const [navigation] = performance.getEntriesByType("navigation") as PerformanceNavigationTiming[];
    return {
      firstByteMs: navigation.responseStart - navigation.requestStart,
      lastByteMs: navigation.responseEnd - navigation.requestStart,
      dclMs: navigation.domContentLoadedEventEnd - navigation.startTime,
      listedMs: Math.max(
        ...[document.documentElement.dataset.hydratedAt, document.documentElement.dataset.stubsLoadedAt]
          .map(Number)
          .filter((at) => !Number.isNaN(at)),
      ),
      hydratedMs: Number(document.documentElement.dataset.hydratedAt),
      // The preload's answer (the page's own fetch takes it, rather than asking again: stubsRequests).
      stubsFetchedMs:
        (performance.getEntriesByType("resource") as PerformanceResourceTiming[]).find((entry) => entry.name.endsWith("/annotations/stubs"))
          ?.responseEnd ?? 0,
      stubsRequests: (performance.getEntriesByType("resource") as PerformanceResourceTiming[]).filter((entry) =>
        entry.name.endsWith("/annotations/stubs"),
      ).length,
    };
  });
  const isTextCanonical = await page.evaluate((canonical) => document.querySelector(".reader__body")?.textContent === canonical, text);

  // A click on a highlight (the middle one) until its card is open on screen. BENCH_READING_TRACE=dir
  // writes a Chromium performance trace of it per load (open in chrome://tracing or DevTools).
  const tracePath = process.env.BENCH_READING_TRACE ? path.join(process.env.BENCH_READING_TRACE, `click-${++traces}.json`) : null;
  if (tracePath) {
    const categories = ["devtools.timeline", "disabled-by-default-devtools.timeline", "v8.execute", "disabled-by-default-v8.cpu_profiler"];
    await page.context().browser()!.startTracing(page, { path: tracePath, screenshots: false, categories });
  }
  let cardsFetchedByClick = 0;
  let lastWindowAt = Date.now();
  const countWindow = (request: { url(): string }) => {
    const ids = new URL(request.url()).searchParams.get("ids");
    if (!ids) return;
    cardsFetchedByClick += ids.split(",").length;
    lastWindowAt = Date.now();
  };
  page.on("request", countWindow);
  const click = await page.evaluate(async () => {
    const marks = document.querySelectorAll<HTMLElement>(".reader__body mark[data-at]");
    if (marks.length === 0) return { openMs: null, wordsMs: null };
    const mark = marks[Math.floor(marks.length / 2)];
    mark.scrollIntoView({ block: "center" });
    await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 50)));
    const started = performance.now();
    mark.click();
    // Where several annotations cover the text, a picker asks which: its first choice is taken at once.
    // Open counts once the card's summary is within the sidebar's view (and the window's), not merely
    // in the DOM: the sidebar mounts the open card wherever the list is scrolled.
    const isInView = (element: Element) => {
      let scroller = element.parentElement;
      while (scroller && !(scroller.scrollHeight > scroller.clientHeight && /auto|scroll/.test(getComputedStyle(scroller).overflowY)))
        scroller = scroller.parentElement;
      const box = element.getBoundingClientRect();
      const view = scroller?.getBoundingClientRect() ?? { top: 0, bottom: innerHeight };
      return box.bottom > Math.max(view.top, 0) && box.top < Math.min(view.bottom, innerHeight);
    };
    // Timed until the frame that shows it has been rendered: a user-blocking task posted while a frame
    // is being prepared runs once that frame is painted, ahead of ordinary tasks already queued (such as
    // React rendering the cards around it), which a second requestAnimationFrame would wait behind.
    const { scheduler } = globalThis as unknown as {
      scheduler: { postTask(task: () => void, options: { priority: string }): Promise<void> };
    };
    const until = (selector: string) =>
      new Promise<number>((resolve) => {
        const isShown = () => {
          const found = document.querySelector(selector);
          return found !== null && isInView(found);
        };
        const shown = () => void scheduler.postTask(() => resolve(performance.now() - started), { priority: "user-blocking" });
        const check = () => {
          if (isShown()) return shown();
          if (performance.now() - started > 10_000) return resolve(-1);
          document.querySelector<HTMLButtonElement>(".highlight-picker button")?.click();
          // What that click changed is committed in a microtask before this frame renders: looked at then.
          queueMicrotask(() => (isShown() ? shown() : requestAnimationFrame(check)));
        };
        check();
      });
    const openMs = await until(".annotation-card__summary[aria-expanded='true']");
    const wordsMs = await until("li:not(.annotation-card--loading) > .annotation-card__summary[aria-expanded='true']");
    return { openMs, wordsMs };
  });
  if (tracePath) {
    await page.context().browser()!.stopTracing();
  }
  const clickMs = click.openMs;
  while (Date.now() - lastWindowAt < 1_000) await new Promise((resolve) => setTimeout(resolve, 100));
  page.off("request", countWindow);
  await page.keyboard.press("Escape");

  // Selecting a few words of a paragraph until the toolbar shows.
  const selectMs = await page.evaluate(async () => {
    const paragraph = document.querySelectorAll(".reader__body p")[3];
    paragraph.scrollIntoView({ block: "center" });
    await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 50)));
    // Ten characters from the paragraph's start, across however many highlight runs cut them up.
    const walker = document.createTreeWalker(paragraph, NodeFilter.SHOW_TEXT);
    const range = document.createRange();
    let taken = 0;
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const length = (node.textContent ?? "").length;
      if (length === 0) continue;
      if (taken === 0) range.setStart(node, 0);
      if (taken + length >= 10) {
        range.setEnd(node, 10 - taken);
        break;
      }
      taken += length;
    }
    const started = performance.now();
    const selection = window.getSelection()!;
    selection.removeAllRanges();
    selection.addRange(range);
    const isShown = await new Promise<boolean>((resolve) => {
      const check = () => {
        if (document.querySelector(".selection-toolbar")) return resolve(true);
        if (performance.now() - started > 10_000) return resolve(false);
        requestAnimationFrame(check);
      };
      check();
    });
    await new Promise((resolve) => requestAnimationFrame(resolve));
    return isShown ? performance.now() - started : -1;
  });
  await page.evaluate(() => window.getSelection()?.removeAllRanges());

  const mountedCards = await page.locator("aside li[id^='annotation-']").count();
  // Scrolling the sidebar to its end (or pressing "Show more" until it is gone) must reach the last card.
  const reachesLast = await page.evaluate(async () => {
    const started = performance.now();
    const list = document.querySelector<HTMLElement>(".annotation-list");
    if (!list) return "no list";
    for (let step = 0; step < 400 && performance.now() - started < 60_000; step += 1) {
      const more = document.querySelector<HTMLButtonElement>(".sidebar__more");
      let scroller: HTMLElement | null = list;
      // The element that scrolls it: one that overflows *and* may scroll (the virtual list itself overflows
      // for a moment while a card is measured, but does not scroll).
      while (scroller && !(scroller.scrollHeight > scroller.clientHeight + 1 && /auto|scroll/.test(getComputedStyle(scroller).overflowY)))
        scroller = scroller.parentElement;
      if (more) more.click();
      else if (scroller) scroller.scrollTop = scroller.scrollHeight;
      else window.scrollTo(0, document.body.scrollHeight);
      await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
      const last = list.querySelector("li[data-last-card]") ?? (more ? null : list.lastElementChild);
      if (last && !document.querySelector(".sidebar__more")) return `yes, ${(performance.now() - started).toFixed(0)} ms`;
    }
    return `no, not in ${((performance.now() - started) / 1000).toFixed(0)} s`;
  });
  await cdp.send("HeapProfiler.collectGarbage");
  const heap = (await cdp.send("Runtime.getHeapUsage")) as { usedSize: number };
  // Scrolling the sidebar by hand, as a reader flicks through it: 90 px a frame for 240 frames from
  // its top (~21,000 px, a few hundred cards), each frame's interval taken by requestAnimationFrame.
  const scrollFrames = await page.evaluate(async () => {
    const list = document.querySelector<HTMLElement>(".annotation-list");
    let scroller: HTMLElement | null = list;
    while (scroller && !(scroller.scrollHeight > scroller.clientHeight + 1 && /auto|scroll/.test(getComputedStyle(scroller).overflowY)))
      scroller = scroller.parentElement;
    if (!list || !scroller) return null;
    const target = scroller;
    // Back to the top, until it stays there: the virtualizer may still be finishing a correction begun at
    // the end (cards there grew as their words arrived), and puts the list back at the end once.
    for (let tries = 0; tries < 20 && (tries === 0 || target.scrollTop > 0); tries += 1) {
      target.scrollTop = 0;
      await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
    }
    const intervals: number[] = [];
    let previous = performance.now();
    for (let frame = 0; frame < 240 && target.scrollTop + target.clientHeight < target.scrollHeight - 1; frame += 1) {
      target.scrollTop += 90;
      await new Promise((resolve) => requestAnimationFrame(resolve));
      const now = performance.now();
      intervals.push(now - previous);
      previous = now;
    }
    if (intervals.length === 0) return null;
    intervals.sort((a, b) => a - b);
    return {
      frames: intervals.length,
      p95: intervals[Math.floor(intervals.length * 0.95)],
      max: intervals[intervals.length - 1],
      // A frame that took more than two vsyncs (33 ms) showed as a stutter.
      long: intervals.filter((interval) => interval > 34).length,
    };
  });
  return {
    ...timing,
    wireBytes: loadWireBytes,
    htmlWireBytes,
    htmlBytes,
    marksInHtml,
    isTextCanonical,
    clickMs,
    wordsMs: click.wordsMs,
    cardsFetchedByClick,
    selectMs,
    mountedCards,
    reachesLast,
    scrollFrames,
    heapMb: heap.usedSize / 1024 / 1024,
  };
}

function scrolls(runs: Load[]) {
  const all = runs.flatMap((load) => (load.scrollFrames ? [load.scrollFrames] : []));
  if (all.length === 0) return null;
  return {
    p95: median(all.map((scroll) => scroll.p95)),
    max: Math.max(...all.map((scroll) => scroll.max)),
    long: all.reduce((sum, scroll) => sum + scroll.long, 0),
    frames: all.reduce((sum, scroll) => sum + scroll.frames, 0),
  };
}

type Served = { firstByteMs: number; lastByteMs: number };

/** One request for the page as a plain HTTP client makes it (gzip, the reader's cookie, rendered: not from the page cache). */
function serve(url: string, jwt: string): Promise<Served> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const request = httpGet(
      url,
      { headers: { cookie: `next-auth.session-token=${jwt}`, "accept-encoding": "gzip", "cache-control": "no-cache" } },
      (response) => {
        let firstByteMs = 0;
        response.on("data", () => {
          firstByteMs ||= performance.now() - started;
        });
        response.on("end", () => {
          if (response.statusCode !== 200) reject(new Error(`${url} answered ${response.statusCode}`));
          else resolve({ firstByteMs, lastByteMs: performance.now() - started });
        });
      },
    );
    request.on("error", reject);
  });
}

export async function benchReadingPage(server: Server): Promise<Row[]> {
  const counts = (process.env.BENCH_READING_ANNOTATIONS ?? "1000,5000,10000").split(",").map(Number);
  const { bare, sized, reader, text } = await seed(server.db, counts);
  const pages = [{ name: "bare", document: bare }, ...sized.map(({ count, document }) => ({ name: String(count), document }))];
  const user = await server.db.user.findUniqueOrThrow({
    where: { id: reader.id },
    select: { name: true, email: true, sessionVersion: true },
  });
  const jwt = await encode({
    token: { sub: reader.id, name: user.name, email: user.email, sessionVersion: user.sessionVersion, sid: randomUUID() },
    secret: server.env.NEXTAUTH_SECRET!,
  });
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium" });
  const loads = new Map<string, Load[]>(pages.map(({ name }) => [name, []]));
  const served = new Map<string, Served[]>(pages.map(({ name }) => [name, []]));
  try {
    // Warm the route up first: the first request compiles nothing, but loads the route's modules.
    for (const { document } of pages)
      await fetch(`${server.url}/read/${document.slug}`, { headers: { cookie: `next-auth.session-token=${jwt}` } });
    // The server's response alone, then the loads in Chromium; both interleaved (none, 1,000, 5,000,
    // 10,000, none, …), so that the machine's load moves every size alike.
    for (let run = 0; run < SERVER_RUNS; run += 1)
      for (const { name, document } of pages) served.get(name)!.push(await serve(`${server.url}/read/${document.slug}`, jwt));
    for (let run = 0; run < RUNS; run += 1) {
      for (const { name, document } of pages) {
        // Every load rendered: the page cache (server/http/page-cache.ts) would serve a second load
        // of an unchanged page, and what this section measures is what rendering it costs.
        const context = await browser.newContext({
          viewport: { width: 1280, height: 900 },
          extraHTTPHeaders: { "cache-control": "no-cache" },
        });
        // tsx keeps function names with a helper (__name) that the page does not have.
        await context.addInitScript({ content: "globalThis.__name = (fn) => fn;" });
        await context.addCookies([{ name: "next-auth.session-token", value: jwt, url: server.url }]);
        const page = await context.newPage();
        loads.get(name)!.push(await measure(page, `${server.url}/read/${document.slug}`, text));
        await context.close();
      }
    }
  } finally {
    await browser.close();
  }
  const summary = (runs: Load[], responses: Served[]) => {
    const pick = (
      key:
        | "firstByteMs"
        | "lastByteMs"
        | "dclMs"
        | "listedMs"
        | "hydratedMs"
        | "stubsFetchedMs"
        | "selectMs"
        | "heapMb"
        | "wireBytes"
        | "htmlWireBytes"
        | "htmlBytes"
        | "cardsFetchedByClick",
    ) => median(runs.map((load) => load[key]));
    const clicks = runs.flatMap((load) => (load.clickMs === null ? [] : [load.clickMs]));
    const words = runs.flatMap((load) => (load.wordsMs === null ? [] : [load.wordsMs]));
    return {
      servedFirstByte: median(responses.map((response) => response.firstByteMs)),
      servedLastByte: median(responses.map((response) => response.lastByteMs)),
      firstByte: pick("firstByteMs"),
      lastByte: pick("lastByteMs"),
      dcl: pick("dclMs"),
      listed: pick("listedMs"),
      hydrated: pick("hydratedMs"),
      stubsFetched: pick("stubsFetchedMs"),
      wire: pick("wireBytes"),
      html: pick("htmlWireBytes"),
      htmlRaw: pick("htmlBytes"),
      select: pick("selectMs"),
      cardsFetched: pick("cardsFetchedByClick"),
      heap: pick("heapMb"),
      click: clicks.length > 0 ? median(clicks) : null,
      words: words.length > 0 ? median(words) : null,
      last: runs[runs.length - 1],
      // Over every load: the median load's p95, the longest frame, and the long frames counted.
      scroll: scrolls(runs),
    };
  };
  const bareSummary = summary(loads.get("bare")!, served.get("bare")!);
  const row = (label: string, s: ReturnType<typeof summary>): Row => ({
    label,
    figures: {
      "server: first byte": `${s.servedFirstByte.toFixed(0)} ms`,
      "server: last byte": `${s.servedLastByte.toFixed(0)} ms`,
      "in Chromium: first byte": `${s.firstByte.toFixed(0)} ms`,
      "in Chromium: last byte": `${s.lastByte.toFixed(0)} ms`,
      "wire (gz)": `${(s.wire / 1024).toFixed(0)} KiB`,
      "HTML (gz)": `${(s.html / 1024).toFixed(0)} KiB`,
      HTML: `${(s.htmlRaw / 1024).toFixed(0)} KiB`,
      DCL: `${s.dcl.toFixed(0)} ms`,
      hydrated: `${s.hydrated.toFixed(0)} ms`,
      "stubs fetched": s.stubsFetched
        ? `${s.stubsFetched.toFixed(0)} ms (${s.last.stubsRequests} request${s.last.stubsRequests === 1 ? "" : "s"})`
        : "—",
      listed: `${s.listed.toFixed(0)} ms`,
      "marks in HTML": String(s.last.marksInHtml),
      "text canonical": s.last.isTextCanonical ? "yes" : "NO",
      "click→thread": s.click === null ? "—" : s.click < 0 ? "not in 10 s" : `${s.click.toFixed(0)} ms`,
      "click→words": s.words === null ? "—" : s.words < 0 ? "not in 10 s" : `${s.words.toFixed(0)} ms`,
      "cards fetched by the click": String(s.cardsFetched),
      "select→toolbar": s.select < 0 ? "not in 10 s" : `${s.select.toFixed(0)} ms`,
      "cards mounted": String(s.last.mountedCards),
      "reaches last card": s.last.reachesLast,
      "scroll frames p95 / max / over 33 ms": s.scroll
        ? `${s.scroll.p95.toFixed(0)} / ${s.scroll.max.toFixed(0)} ms / ${s.scroll.long} of ${s.scroll.frames}`
        : "no list, or not scrolled",
      heap: `${s.heap.toFixed(1)} MB`,
    },
  });
  const ratio = (a: number, b: number, target: number) => `${(a / b).toFixed(2)}× (≤ ${target}×)`;
  return [
    row("the reader's page, no annotations", bareSummary),
    ...sized.flatMap(({ count }): Row[] => {
      const full = summary(loads.get(String(count))!, served.get(String(count))!);
      return [
        row(`the reader's page, ${count.toLocaleString("en")} visible annotations`, full),
        {
          label: `  ${count.toLocaleString("en")}: ratio to none / target`,
          figures: {
            "server: first byte": ratio(full.servedFirstByte, bareSummary.servedFirstByte, 3),
            "server: last byte": ratio(full.servedLastByte, bareSummary.servedLastByte, 3),
            "in Chromium: first byte": `${(full.firstByte / bareSummary.firstByte).toFixed(2)}×`,
            "in Chromium: last byte": `${(full.lastByte / bareSummary.lastByte).toFixed(2)}×`,
            "wire (gz)": `${(full.wire / 1e6).toFixed(2)} MB (≤ 1 MB)`,
            DCL: ratio(full.dcl, bareSummary.dcl, 2),
            "click→thread": "≤ 100 ms",
            "select→toolbar": "≤ 50 ms",
            heap: "≤ 150 MB",
          },
        },
      ];
    }),
  ];
}
