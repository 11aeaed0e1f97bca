import "server-only";
import { AppError } from "@/lib/errors";

/** The largest file an import accepts: room for tens of thousands of annotations. */
export const MAX_IMPORT_BYTES = 10 * 1024 * 1024;

const JSON_TYPES = ["application/json", "application/ld+json"];

/**
 * Reads an uploaded JSON file (an import) without trusting its size: a Content-Length over the
 * limit is refused before a byte is read, and the stream is counted as it arrives, so a missing or
 * lying Content-Length cannot get more than `maxBytes` into memory. Errors say what to fix: 415 for
 * anything but JSON, 413 for too much, 400 with the parser's message for a truncated or broken file.
 */
export async function readJsonFile(request: Request, maxBytes = MAX_IMPORT_BYTES): Promise<unknown> {
  const contentType = (request.headers.get("content-type") ?? "").split(";")[0].trim().toLowerCase();
  if (!JSON_TYPES.includes(contentType)) {
    throw new AppError("UNSUPPORTED_MEDIA_TYPE", "Send the file as JSON (Content-Type: application/json or application/ld+json).");
  }
  const tooLarge = new AppError("PAYLOAD_TOO_LARGE", `The file is too large: at most ${formatMegabytes(maxBytes)}.`);
  const bytes = await readBoundedBody(request, maxBytes, tooLarge);

  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw new AppError("BAD_REQUEST", "The file is not valid JSON: it is not UTF-8 text.");
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new AppError("BAD_REQUEST", `The file is not valid JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/**
 * The request's body, refused with `tooLarge` past `maxBytes`: a Content-Length over it before a
 * byte is read, and the stream counted as it arrives, so a missing or lying Content-Length cannot
 * get more than `maxBytes` into memory.
 */
export async function readBoundedBody(request: Request, maxBytes: number, tooLarge: AppError): Promise<Buffer<ArrayBuffer>> {
  const declared = Number(request.headers.get("content-length"));
  if (Number.isFinite(declared) && declared > maxBytes) throw tooLarge;
  const chunks: Uint8Array[] = [];
  let received = 0;
  if (request.body) {
    const reader = request.body.getReader();
    for (;;) {
      const { done, value } = await reader.read().catch(() => {
        // The client went away mid-body (a closed tab, a dropped connection): its mistake, not the
        // database's or ours. Said as a 400 (it hears nothing) and not logged as an outage.
        throw clientGoneError();
      });
      if (done) break;
      received += value.byteLength;
      if (received > maxBytes) {
        await reader.cancel();
        throw tooLarge;
      }
      chunks.push(value);
    }
  }
  return Buffer.concat(chunks);
}

/** A request whose client closed the connection before its body was whole. */
export function clientGoneError(): AppError {
  return new AppError(
    "BAD_REQUEST",
    "The request's body did not arrive whole: the connection closed while it was sent. Nothing was changed.",
  );
}

function formatMegabytes(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toLocaleString("en", { maximumFractionDigits: 1 })} MB`;
}
