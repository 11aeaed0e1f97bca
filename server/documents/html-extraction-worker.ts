// The worker thread of ./extract-html-isolated.ts: pages in, articles (or the error's kind and message) out, one at a time.
import { parentPort } from "node:worker_threads";
import { EmptyReadingError } from "@/lib/documents/convert-reading";
import { ArticleFormatError } from "@/lib/documents/parse-plain-text-article";
import { extractHtmlArticle } from "./extract-html-article";

parentPort!.on("message", ({ id, html }: { id: number; html: string }) => {
  try {
    parentPort!.postMessage({ id, reading: extractHtmlArticle(html) });
  } catch (error) {
    const kind =
      error instanceof EmptyReadingError
        ? "empty"
        : error instanceof ArticleFormatError
          ? "format"
          : error instanceof RangeError && /call stack/i.test(error.message)
            ? "too-deep"
            : "other";
    parentPort!.postMessage({ id, error: { kind, message: error instanceof Error ? error.message : String(error) } });
  }
});
