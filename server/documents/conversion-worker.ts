// The worker thread of ./convert-isolated.ts: sources in, reading drafts (or the error's kind and message) out, one at a time.
import { parentPort } from "node:worker_threads";
import { EmptyReadingError } from "@/lib/documents/convert-reading";
import { ArticleFormatError } from "@/lib/documents/parse-plain-text-article";
import { AppError } from "@/lib/errors";
import type { WorkerError } from "./convert-isolated";
import { draftReading, type ConversionJob } from "./convert-source";

function errorOf(error: unknown): WorkerError {
  const message = error instanceof Error ? error.message : String(error);
  if (error instanceof AppError) return { kind: "app", code: error.code, message };
  if (error instanceof EmptyReadingError) return { kind: "empty", message };
  if (error instanceof ArticleFormatError) return { kind: "format", message };
  if (error instanceof RangeError && /call stack/i.test(message)) return { kind: "too-deep", message };
  return { kind: "other", message };
}

parentPort!.on("message", async ({ id, job }: { id: number; job: ConversionJob }) => {
  try {
    parentPort!.postMessage({ id, reading: await draftReading(job) });
  } catch (error) {
    parentPort!.postMessage({ id, error: errorOf(error) });
  }
});

// Loaded: the parent starts each reading's time limit from here, not from while this thread booted.
parentPort!.postMessage({ ready: true });
