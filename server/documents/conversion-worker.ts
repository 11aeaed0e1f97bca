// The worker process of ./convert-isolated.ts: sources in, reading drafts (or the error's kind and message) out, one at a time.
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

process.on("message", async ({ id, job }: { id: number; job: ConversionJob }) => {
  try {
    process.send!({ id, reading: await draftReading(job) });
  } catch (error) {
    process.send!({ id, error: errorOf(error) });
  }
});

// The server is gone (or has let this worker go): nothing is waiting for a reading any more.
process.on("disconnect", () => process.exit(0));

// Loaded: the parent starts each reading's time limit from here, not from while this process booted.
process.send!({ ready: true });
