import { notesApi } from "@/components/api/notes-api";

/**
 * Downloads a file from our API while reporting progress, then hands it to the browser as a
 * download. Progress is a fraction when the server says the size (X-File-Size, see
 * server/http/attachment.ts), otherwise null (indeterminate). Throws an ApiError with the API's
 * message on failure.
 */
export async function downloadWithProgress(url: string, onProgress: (fraction: number | null) => void): Promise<string> {
  const response = await notesApi.download(url);
  const total = Number(response.headers.get("x-file-size") ?? response.headers.get("content-length")) || 0;
  const reader = response.body!.getReader();
  const chunks: Uint8Array[] = [];
  let received = 0;
  onProgress(total ? 0 : null);
  for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) {
    chunks.push(chunk.value);
    received += chunk.value.length;
    onProgress(total ? Math.min(1, received / total) : null);
  }
  const filename = /filename="([^"]+)"/.exec(response.headers.get("content-disposition") ?? "")?.[1] ?? "marginalia-notes";
  const blob = new Blob(chunks as BlobPart[], { type: response.headers.get("content-type") ?? "application/octet-stream" });
  const link = document.createElement("a");
  link.href = URL.createObjectURL(blob);
  link.download = filename;
  link.click();
  setTimeout(() => URL.revokeObjectURL(link.href), 10_000);
  return filename;
}
