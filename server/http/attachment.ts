import "server-only";

/**
 * A file download: Content-Disposition names it (ASCII fallback plus RFC 5987 UTF-8 form), and
 * no-store keeps private notes out of caches. X-File-Size carries the size for the download's
 * progress bar: Next.js drops Content-Length from route handler responses (send-response.js,
 * FORBIDDEN_HEADERS) and streams them chunked. It is the uncompressed size, which is what a
 * fetch() reader counts even when the response travels gzipped.
 */
export function attachmentResponse(file: { filename: string; contentType: string; body: Uint8Array<ArrayBuffer> }): Response {
  return new Response(file.body, { headers: { ...attachmentHeaders(file), "X-File-Size": String(file.body.byteLength) } });
}

/** A download written while it is produced: its size is not known ahead, so the progress bar is indeterminate. */
export function attachmentStreamResponse(file: { filename: string; contentType: string; body: ReadableStream<Uint8Array> }): Response {
  return new Response(file.body, { headers: attachmentHeaders(file) });
}

function attachmentHeaders(file: { filename: string; contentType: string }): Record<string, string> {
  const asciiName = file.filename.replace(/[^\x20-\x7e]|["\\]/g, "_");
  return {
    "Content-Type": file.contentType,
    "Content-Disposition": `attachment; filename="${asciiName}"; filename*=UTF-8''${encodeURIComponent(file.filename)}`,
    "Cache-Control": "private, no-store",
  };
}
