import "server-only";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";
import { EmptyReadingError, type ConvertedReading } from "@/lib/documents/convert-reading";
import { ArticleFormatError } from "@/lib/documents/parse-plain-text-article";
import { AppError } from "@/lib/errors";

/**
 * A saved web page → its article (./extract-html-article.ts), off the server's own thread and in
 * bounded time. Readability walks the page's tree many times over: a 22 KB page of 2,000 nested
 * `<div>`s took it 40 s, a 0.2 MB one of 200 sections 64 deep 5 s, and on the request thread every
 * other reader of the server waited that long (an independent check froze the server with one
 * upload). So pages are read by one worker thread, one at a time; one that takes longer than
 * `HTML_EXTRACTION_TIMEOUT_MS` (10 s) is refused (422, saying what to do) and its worker replaced.
 *
 * The worker is started on the first page and kept (starting it compiles the extractor: ~1 s);
 * pages queue behind the one being read, so a flood of them slows uploads, not reading.
 */
const timeoutMs = () => Number(process.env.HTML_EXTRACTION_TIMEOUT_MS) || 10_000;
/** The worker's heap: a page within the upload limit parses in far less. */
const WORKER_HEAP_MB = 512;

export type WorkerErrorKind = "empty" | "format" | "too-deep" | "other";
type Reply = { id: number; reading?: ConvertedReading; error?: { kind: WorkerErrorKind; message: string } };
type Job = { id: number; html: string; resolve: (reading: ConvertedReading) => void; reject: (error: Error) => void };

let worker: Worker | null = null;
let running: { job: Job; timer: NodeJS.Timeout } | null = null;
const queue: Job[] = [];
let nextId = 1;

export function extractHtmlArticleIsolated(html: string): Promise<ConvertedReading> {
  return new Promise((resolve, reject) => {
    queue.push({ id: nextId++, html, resolve, reject });
    runNext();
  });
}

function startWorker(): Worker {
  // The extractor is TypeScript that imports server-only modules: the worker loads it the way the
  // server itself is run (tsx, with React's server condition).
  const file = path.join(process.cwd(), "server", "documents", "html-extraction-worker.ts");
  const boot = `import("tsx/esm/api").then(({ tsImport }) => tsImport(${JSON.stringify(file)}, ${JSON.stringify(pathToFileURL(file).href)}));`;
  const started = new Worker(boot, {
    eval: true,
    execArgv: ["--conditions=react-server"],
    resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB },
  });
  started.unref();
  started.on("message", (reply: Reply) => finish(reply));
  // Only the current worker's end fails the page being read: a replaced one ends after its page was refused.
  const ended = (error: Error) => {
    if (worker !== started) return;
    worker = null;
    fail(error);
  };
  started.on("error", ended);
  started.on("exit", () => ended(new Error("The page reader stopped.")));
  return started;
}

function runNext(): void {
  if (running || queue.length === 0) return;
  const job = queue.shift()!;
  worker ??= startWorker();
  const limitMs = timeoutMs();
  const timer = setTimeout(() => {
    // Stuck in the page: the thread is stopped (and replaced for the next page), the page refused.
    const stuck = worker;
    worker = null;
    void stuck?.terminate();
    settle((pending) => pending.reject(tooComplex(`it took over ${Math.round(limitMs / 1000)} s`)));
  }, limitMs);
  running = { job, timer };
  worker.postMessage({ id: job.id, html: job.html });
}

function finish(reply: Reply): void {
  if (!running || reply.id !== running.job.id) return;
  settle((job) => {
    if (reply.reading) return job.resolve(reply.reading);
    const { kind, message } = reply.error!;
    job.reject(ERROR_OF_KIND[kind](message));
  });
}

/** The worker's errors as the caller knows them: the reading's own refusals stay theirs (convertReadingInput maps them). */
const ERROR_OF_KIND: Record<WorkerErrorKind, (message: string) => Error> = {
  empty: (message) => new EmptyReadingError(message),
  format: (message) => new ArticleFormatError(message),
  "too-deep": () => tooComplex("it is nested too deeply"),
  other: (message) => new Error(message),
};

function fail(error: Error): void {
  // Out of the worker's memory is the page's size, not a fault of the server.
  const isOutOfMemory = (error as { code?: string }).code === "ERR_WORKER_OUT_OF_MEMORY";
  settle((job) => job.reject(isOutOfMemory ? tooComplex("it needs too much memory") : error));
}

const tooComplex = (why: string) =>
  new AppError("UNPROCESSABLE", `This page is too complex to read here (${why}): save it as a PDF or plain text and add that.`);

function settle(outcome: (job: Job) => void): void {
  if (!running) return;
  const { job, timer } = running;
  clearTimeout(timer);
  running = null;
  outcome(job);
  runNext();
}
