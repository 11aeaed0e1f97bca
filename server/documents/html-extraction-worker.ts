// The worker thread of ./extract-html-isolated.ts: pages in, articles (or the error's kind and message) out, one at a time.
import { parentPort } from "node:worker_threads";
import { EmptyReadingError } from "@/lib/documents/convert-reading";
import { ArticleFormatError } from "@/lib/documents/parse-plain-text-article";
import { extractHtmlArticle } from "./extract-html-article";
import type { WorkerErrorKind } from "./extract-html-isolated";

function kindOf(error: unknown): WorkerErrorKind {
  if (error instanceof EmptyReadingError) return "empty";
  if (error instanceof ArticleFormatError) return "format";
  if (error instanceof RangeError && /call stack/i.test(error.message)) return "too-deep";
  return "other";
}

parentPort!.on("message", ({ id, html }: { id: number; html: string }) => {
  try {
    parentPort!.postMessage({ id, reading: extractHtmlArticle(html) });
  } catch (error) {
    parentPort!.postMessage({ id, error: { kind: kindOf(error), message: error instanceof Error ? error.message : String(error) } });
  }
});
