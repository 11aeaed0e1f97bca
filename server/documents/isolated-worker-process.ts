// The worker process of ./isolated-worker.ts, one task at a time: a source in, a reading draft out;
// a new version's text and the annotations of the versions before it in, their placements out;
// two versions' texts in, their map out; or a corrected text and its version's structure in, the
// structure carried over out.
// A refusal goes back as the error's kind and message.
import { mapVersions, placeOnNewVersion } from "@/lib/anchoring/reanchor";
import { carryStructure } from "@/lib/documents/carry-structure";
import { EmptyReadingError } from "@/lib/documents/convert-reading";
import { ArticleFormatError } from "@/lib/documents/parse-plain-text-article";
import { AppError } from "@/lib/errors";
import { draftReading } from "./convert-source";
import type { PlacingResult, WorkerError, WorkerTask } from "./isolated-worker";

function errorOf(error: unknown): WorkerError {
  const message = error instanceof Error ? error.message : String(error);
  if (error instanceof AppError) return { kind: "app", code: error.code, message };
  if (error instanceof EmptyReadingError) return { kind: "empty", message };
  if (error instanceof ArticleFormatError) return { kind: "format", message };
  if (error instanceof RangeError && /call stack/i.test(message)) return { kind: "too-deep", message };
  return { kind: "other", message };
}

async function run(task: WorkerTask) {
  switch (task.kind) {
    case "convert":
      return await draftReading(task.job);
    case "place":
      return placeOnNewVersion(task.sources, task.newText) satisfies PlacingResult;
    case "map":
      return mapVersions(task.oldText, task.newText);
    case "carry":
      return carryStructure(task.oldText, task.oldStructure, task.newText);
  }
}

process.on("message", async ({ id, task }: { id: number; task: WorkerTask }) => {
  try {
    process.send!({ id, result: await run(task) });
  } catch (error) {
    process.send!({ id, error: errorOf(error) });
  }
});

// The server is gone (or has let this worker go): nothing is waiting for a result any more.
process.on("disconnect", () => process.exit(0));

// Loaded: the parent starts each task's time limit from here, not from while this process booted.
process.send!({ ready: true });
