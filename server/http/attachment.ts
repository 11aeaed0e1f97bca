import "server-only";

/**
 * A file download: Content-Disposition names it (ASCII fallback plus RFC 5987 UTF-8 form),
 * Content-Length lets the browser show progress, and no-store keeps private notes out of caches.
 */
export function attachmentResponse(file: { filename: string; contentType: string; body: Uint8Array<ArrayBuffer> }): Response {
  const asciiName = file.filename.replace(/[^\x20-\x7e]|["\\]/g, "_");
  return new Response(file.body, {
    headers: {
      "Content-Type": file.contentType,
      "Content-Disposition": `attachment; filename="${asciiName}"; filename*=UTF-8''${encodeURIComponent(file.filename)}`,
      "Content-Length": String(file.body.byteLength),
      "Cache-Control": "private, no-store",
    },
  });
}
