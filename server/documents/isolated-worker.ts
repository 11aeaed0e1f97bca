import "server-only";
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { Placement, StoredTarget, VersionsMap } from "@/lib/anchoring/reanchor";
import { EmptyReadingError, type ReadingDraft } from "@/lib/documents/convert-reading";
import { ArticleFormatError } from "@/lib/documents/parse-plain-text-article";
import type { ReadingFormat } from "@/lib/documents/reading-limits";
import type { TextStructure } from "@/lib/documents/structure";
import { AppError, type AppErrorCode } from "@/lib/errors";
import type { ConversionJob } from "./convert-source";

/**
 * The work on a reading whose time and memory grow with what a person sends, done off the server's
 * own thread by one worker process (./isolated-worker-process.ts): making a reading from its
 * source, and placing a reading's annotations on a new version of it.
 *
 * Every reading is made (./convert-source.ts) off the server's own thread and in bounded time.
 * Each converter has met an input that held it for minutes, and on the request thread every other
 * reader of the server waited that long — independent checks froze the server with one upload
 * each: Readability on a 22 KB page of 2,000 nested `<div>`s (40 s), the Markdown parser on 40 KB
 * of nested block quotes (47 s, growing with the square of the depth), a 2,000-page PDF rebuilt
 * into paragraphs (minutes; since made linear), and 19 MB of pasted text or Markdown (6–14 s of
 * honest work). So sources are converted by one worker process, one at a time; one that takes longer
 * than its time limit is refused (422, saying what to do instead) and the worker replaced, as is one
 * that needs more than the worker's heap or nests past its stack.
 *
 * A process, not a worker thread: a thread's `resourceLimits` do not contain it. A 1.8 MB Markdown
 * table of 3,000 × 300 cells ran the thread out of its 512 MB, and 2 times in 6 V8 then ended the
 * whole server ("Reached heap limit"), every reader refused until someone restarted it. Out of
 * memory now ends only the worker's process, and the thread's heap no longer swells the server's.
 *
 * Placing annotations on a new version (./reanchor-onto-version.ts, planReanchoring) comes here
 * too: comparing two versions word by word takes up to ~2 s in one piece (a long reading whose
 * paragraphs were rewritten), and placing thousands of annotations, or the long quotes any reader
 * may write, seconds more; on the server's thread every other reader waited through the first and
 * shared the thread with the rest. It takes its turn like a reading, under the reading's owner. So does comparing an
 * older version with the latest for a note written on it (./compared-versions.ts), under its author.
 *
 * The worker is started on the first task and kept (starting it compiles the converters' entry:
 * about a second). Readings wait their turn, so a flood of them slows adding readings, never
 * reading them; and the turns go round the people waiting, one reading each, so one person's three
 * slow pages do not make everyone else's wait behind all three (they did: a 300-byte page waited
 * 32 s). Each person may have `READING_CONVERSIONS_PER_PERSON` (8) on their way at once (a script
 * adding a few readings side by side); more is refused (429): the line holds each one's bytes.
 */

/** How many readings one person may have waiting or being made at once. */
export function conversionsPerPerson(env: Record<string, string | undefined> = process.env): number {
  return Math.floor(Number(env.READING_CONVERSIONS_PER_PERSON)) || 8;
}

/** Web pages convert in well under a second when honest; text and Markdown up to the upload limit in seconds; PDFs, EPUBs and Word files may be whole books. */
export function conversionTimeoutMs(format: ConversionJob["format"], env: Record<string, string | undefined> = process.env): number {
  const set = Number(env.READING_CONVERSION_TIMEOUT_MS);
  if (set > 0) return set;
  if (format === "pdf" || format === "epub" || format === "docx") return 60_000;
  // 19 MB of honest Markdown takes ~14 s to parse here: refusing it at 10 s refused a book.
  return format === "html" ? 10_000 : 30_000;
}

/** `READING_CONVERSION_MEMORY_MB`: the worker's heap (512 MB). A source within the upload limit converts in far less. */
export function conversionMemoryMb(env: Record<string, string | undefined> = process.env): number {
  const set = Math.floor(Number(env.READING_CONVERSION_MEMORY_MB));
  return set > 0 ? set : 512;
}

/**
 * `READING_PLACING_TIMEOUT_MS`: the work on versions (60 s): placing a reading's annotations on a
 * new one, comparing two, carrying a structure over. Honest readings take well under a second for
 * 10,000 annotations, the word diff ~2 s at its worst, and the fuzzy work is bounded per annotation
 * and per version (lib/anchoring/reanchor.ts): this is the backstop.
 */
export function placingTimeoutMs(env: Record<string, string | undefined> = process.env): number {
  const set = Number(env.READING_PLACING_TIMEOUT_MS);
  return set > 0 ? set : 60_000;
}

/** The annotations of one earlier version, to place on the new text. */
export type PlacingSource = { text: string; targets: StoredTarget[] };

/**
 * What the worker is handed: a reading to make, annotations to place on a new version's text, two
 * versions to compare (for notes written on an older one: ./compared-versions.ts), or a corrected
 * text to carry its version's headings, lists and marks over to (lib/documents/carry-structure.ts).
 */
export type WorkerTask =
  | { kind: "convert"; job: ConversionJob }
  | { kind: "place"; sources: PlacingSource[]; newText: string }
  | { kind: "map"; oldText: string; newText: string }
  | { kind: "carry"; oldText: string; oldStructure: TextStructure; newText: string };
/** For each source, its targets' placements in their order, and its map onto the new text. */
export type PlacingResult = { placements: Placement[][]; maps: VersionsMap[] };
type WorkerResult = ReadingDraft | PlacingResult | VersionsMap | TextStructure | null;

export type WorkerError =
  { kind: "app"; code: AppErrorCode; message: string } | { kind: "empty" | "format" | "too-deep" | "other"; message: string };
type Reply = { id: number; result?: WorkerResult; error?: WorkerError };
type Job = {
  id: number;
  requesterId: string;
  task: WorkerTask;
  resolve: (result: WorkerResult) => void;
  reject: (error: Error) => void;
};

let worker: ChildProcess | null = null;
/** Whether `worker` has loaded the converters: a reading's time limit starts when it is handed over, not while the thread boots. */
let isWorkerReady = false;
/** The task under way; `timer` is its time limit, null while it waits for the worker to be ready. */
let running: { job: Job; timer: NodeJS.Timeout | null } | null = null;
/** Starting takes about a second alone; on a busy machine, several. Past this it is given up. */
const BOOT_LIMIT_MS = 60_000;
/** Who is waiting, in turn order (a Map keeps insertion order), each with their readings in order. */
const waiting = new Map<string, Job[]>();
let nextId = 1;

/**
 * The reading in `job`, made by the worker for `requesterId`; its refusals are thrown as the
 * converters throw them. 429 when that person already has conversionsPerPerson() on the way.
 */
export function convertIsolated(job: ConversionJob, requesterId: string): Promise<ReadingDraft> {
  return runIsolated({ kind: "convert", job }, requesterId) as Promise<ReadingDraft>;
}

/**
 * Where each source's annotations go on `newText`, worked out by the worker for `requesterId` (the
 * reading's owner, adding the version). Refused (422) past placingTimeoutMs() or the worker's memory.
 */
export function placeIsolated(sources: PlacingSource[], newText: string, requesterId: string): Promise<PlacingResult> {
  return runIsolated({ kind: "place", sources, newText }, requesterId) as Promise<PlacingResult>;
}

/** Two versions' map (lib/anchoring/reanchor.ts mapVersions), worked out by the worker for `requesterId`. */
export function mapIsolated(oldText: string, newText: string, requesterId: string): Promise<VersionsMap> {
  return runIsolated({ kind: "map", oldText, newText }, requesterId) as Promise<VersionsMap>;
}

/** `oldStructure` carried over to `newText` (lib/documents/carry-structure.ts), by the worker for `requesterId`. */
export function carryStructureIsolated(
  oldText: string,
  oldStructure: TextStructure,
  newText: string,
  requesterId: string,
): Promise<TextStructure | null> {
  return runIsolated({ kind: "carry", oldText, oldStructure, newText }, requesterId) as Promise<TextStructure | null>;
}

function runIsolated(task: WorkerTask, requesterId: string): Promise<WorkerResult> {
  const theirs = waiting.get(requesterId) ?? [];
  const onTheWay = theirs.length + (running?.job.requesterId === requesterId ? 1 : 0);
  const allowed = conversionsPerPerson();
  if (onTheWay >= allowed) {
    const message =
      task.kind === "map"
        ? `You have ${allowed} notes on older versions being placed already: wait a few seconds, then send the next.`
        : `You have ${allowed} readings or versions on their way already: wait until one is made, then add the next.`;
    return Promise.reject(new AppError("RATE_LIMITED", message, { retryAfterSeconds: 10 }));
  }
  return new Promise((resolve, reject) => {
    waiting.set(requesterId, [...theirs, { id: nextId++, requesterId, task, resolve, reject }]);
    runNext();
  });
}

/** The next task: the first in line's first (they go to the back of the line when it is made: settle). */
function takeNext(): Job | undefined {
  const [requesterId, theirs] = waiting.entries().next().value ?? [];
  if (requesterId === undefined || theirs === undefined) return undefined;
  const [next, ...rest] = theirs;
  if (rest.length > 0) waiting.set(requesterId, rest);
  else waiting.delete(requesterId);
  return next;
}

/** Whoever's reading was just made waits behind everyone already in line, their own next ones included. */
function toBackOfLine(requesterId: string): void {
  const theirs = waiting.get(requesterId);
  if (!theirs) return;
  waiting.delete(requesterId);
  waiting.set(requesterId, theirs);
}

function startWorker(): ChildProcess {
  // The converters are TypeScript that import server-only modules: the worker loads them the way
  // the server itself is run (tsx, with React's server condition), from the source tree both the
  // production server (`npm start`) and the tests run in. Named inside code it evaluates, as the
  // thread's was: `next build` resolves a file given to fork() as a module of the bundle, and fails.
  const file = path.join(process.cwd(), "server", "documents", "isolated-worker-process.ts");
  const boot = `import(${JSON.stringify(pathToFileURL(file).href)});`;
  const started = spawn(
    process.execPath,
    [`--max-old-space-size=${conversionMemoryMb()}`, "--conditions=react-server", "--import", "tsx", "--input-type=module", "--eval", boot],
    // Structured clone over the channel, as a thread had: a file's bytes go as bytes, not as JSON.
    { serialization: "advanced", stdio: ["ignore", "inherit", "pipe", "ipc"] },
  );
  // The server (or a test run) may end while the worker idles: it is not kept alive for it.
  started.unref();
  started.channel?.unref();
  // What it last wrote to stderr tells running out of memory ("Reached heap limit") from other ends; passed on to the server's log.
  let stderrTail = "";
  started.stderr?.on("data", (chunk: Buffer) => {
    stderrTail = (stderrTail + chunk.toString()).slice(-4_000);
    process.stderr.write(chunk);
  });
  (started.stderr as { unref?: () => void } | null)?.unref?.();
  isWorkerReady = false;
  // Only the current worker's end fails the task under way: a replaced one ends after its task was refused.
  const ended = (error: Error) => {
    if (worker !== started) return;
    worker = null;
    isWorkerReady = false;
    fail(error);
  };
  const bootTimer = setTimeout(() => {
    if (worker !== started || isWorkerReady) return;
    started.kill("SIGKILL");
    ended(new Error("The reading converter did not start in time."));
  }, BOOT_LIMIT_MS);
  bootTimer.unref();
  started.on("message", (message: Reply | { ready: true }) => {
    if (!("ready" in message)) return finish(message);
    clearTimeout(bootTimer);
    if (worker !== started) return;
    isWorkerReady = true;
    if (running?.timer === null) handOver();
  });
  started.on("error", ended);
  // "close", not "exit": by then all of its stderr has been read.
  started.on("close", (code: number | null, signal: NodeJS.Signals | null) => {
    clearTimeout(bootTimer);
    ended(isOutOfMemory(signal, stderrTail) ? new OutOfMemoryError() : new Error(`The reading converter stopped (${signal ?? code}).`));
  });
  return started;
}

/** V8 aborts a process out of heap (SIGABRT, after "Reached heap limit"); the system's OOM killer sends SIGKILL. */
function isOutOfMemory(signal: NodeJS.Signals | null, stderr: string): boolean {
  return signal === "SIGABRT" || signal === "SIGKILL" || /heap out of memory|Reached heap limit/.test(stderr);
}

class OutOfMemoryError extends Error {
  override name = "OutOfMemoryError";
}

function runNext(): void {
  if (running) return;
  const next = takeNext();
  if (!next) return;
  running = { job: next, timer: null };
  worker ??= startWorker();
  if (isWorkerReady) handOver();
}

/** The task under way, to the ready worker, with its time limit. */
function handOver(): void {
  if (!running || !worker) return;
  const { job } = running;
  const limitMs = timeLimitMs(job.task);
  running.timer = setTimeout(() => {
    // Stuck: the process is stopped (and replaced for the next task), the task refused.
    const stuck = worker;
    worker = null;
    isWorkerReady = false;
    stuck?.kill("SIGKILL");
    const limit = limitMs < 1_000 ? `${limitMs} ms` : `${Math.round(limitMs / 1000)} s`;
    settle((pending) => pending.reject(refusal(pending.task, `it took over ${limit}`)));
  }, limitMs);
  worker.send({ id: job.id, task: job.task });
}

function timeLimitMs(task: WorkerTask): number {
  return task.kind === "convert" ? conversionTimeoutMs(task.job.format) : placingTimeoutMs();
}

function finish(reply: Reply): void {
  if (!running || reply.id !== running.job.id) return;
  settle((job) => {
    if (reply.error) return job.reject(errorFromWorker(job.task, reply.error));
    job.resolve(reply.result!);
  });
}

/** The worker's errors as the caller knows them: the converters' own refusals stay theirs (convertReadingInput maps them). */
function errorFromWorker(task: WorkerTask, error: WorkerError): Error {
  switch (error.kind) {
    case "app":
      return new AppError(error.code, error.message);
    case "empty":
      return new EmptyReadingError(error.message);
    case "format":
      return new ArticleFormatError(error.message);
    case "too-deep":
      return refusal(task, "it is nested too deeply");
    case "other":
      return new Error(error.message);
  }
}

function fail(error: Error): void {
  // Out of the worker's memory is the source's size, not a fault of the server.
  settle((job) => job.reject(error instanceof OutOfMemoryError ? refusal(job.task, "it needs too much memory") : error));
}

/** What to do instead, by what could not be read. */
const INSTEAD: Record<ReadingFormat, { what: string; instead: string }> = {
  html: { what: "page", instead: "save it as a PDF or plain text and add that" },
  markdown: { what: "Markdown", instead: "add it as plain text, or flatten its nesting" },
  text: { what: "text", instead: "split it into parts and add each" },
  pdf: { what: "PDF", instead: "split it into parts, or add its text" },
  epub: { what: "EPUB", instead: "split it into parts, or add its text" },
  docx: { what: "Word file", instead: "save it as plain text and add that" },
};

/** A task the worker could not finish, refused with what to do instead. */
function refusal(task: WorkerTask, why: string): AppError {
  if (task.kind === "place" || task.kind === "carry")
    return new AppError(
      "UNPROCESSABLE",
      `This version could not be added: ${task.kind === "place" ? "placing the reading's annotations" : "carrying the reading's headings and lists over"} to it was too much work (${why}). Nothing was changed; try a version closer to the current text.`,
    );
  if (task.kind === "map")
    return new AppError(
      "UNPROCESSABLE",
      `The version this was written on could not be compared with the current one (${why}). Nothing was saved; reload the reading and try again.`,
    );
  const { what, instead } = INSTEAD[task.job.format];
  return new AppError("UNPROCESSABLE", `This ${what} is too complex to read here (${why}): ${instead}.`);
}

function settle(outcome: (job: Job) => void): void {
  if (!running) return;
  const { job, timer } = running;
  if (timer) clearTimeout(timer);
  running = null;
  toBackOfLine(job.requesterId);
  outcome(job);
  runNext();
}
