// Part of the API client (components/api/api-client.ts: its errors, wording and requests), kept
// apart so that pages which make none of these requests, the reading page among them, do not load them.
import type { z } from "zod";
import type { ReadingVersionCreated } from "@/lib/documents/version-schemas";
import type { DeleteReadingResult, ReadingDetails, ReadingPreview, ZUpdateReadingSchema } from "@/lib/documents/schemas";
import { ApiError, call, documentPath, GROUP_WORDING, readApiError } from "./api-client";

/** What adding a reading sends: a file, or pasted text or Markdown, with metadata and sharing. */
export type ReadingSubmission = {
  file?: File;
  text?: string;
  markdown?: string;
  url?: string;
  /** "true" with `text` or a .txt `file`: each line stays a line. */
  keepLineBreaks?: "true";
  title?: string;
  author?: string;
  language?: string;
  visibility: "private" | "group" | "public";
  groupId?: string;
};

/** How far a reading's request has got: its body going up (a fraction, when the browser knows), then the server converting. */
export type ReadingProgress = { phase: "upload"; fraction: number | null } | { phase: "convert" };

/**
 * Sends a reading as a form. XMLHttpRequest rather than fetch: only it reports upload progress,
 * which a 20 MB PDF on a slow connection needs; once the body is up, the server is converting.
 */
function sendReading<T>(
  url: string,
  submission: ReadingSubmission | Record<string, string | File | undefined>,
  onProgress?: (progress: ReadingProgress) => void,
): Promise<T> {
  const form = new FormData();
  for (const [name, value] of Object.entries(submission)) {
    if (value instanceof File) form.append(name, value, value.name);
    else if (typeof value === "string" && value !== "") form.append(name, value);
  }
  return new Promise<T>((resolve, reject) => {
    const request = new XMLHttpRequest();
    request.open("POST", url);
    request.upload.onprogress = (event) =>
      onProgress?.({ phase: "upload", fraction: event.lengthComputable ? event.loaded / event.total : null });
    request.upload.onload = () => onProgress?.({ phase: "convert" });
    request.onerror = () => reject(new ApiError(0, "offline", GROUP_WORDING.offline));
    request.onload = () => {
      const response = new Response(request.status === 204 ? null : request.responseText, {
        status: request.status,
        headers: {
          "content-type": request.getResponseHeader("content-type") ?? "",
          "retry-after": request.getResponseHeader("retry-after") ?? "",
        },
      });
      if (response.ok) resolve(response.json() as Promise<T>);
      else readApiError(response, GROUP_WORDING).then(reject, reject);
    };
    onProgress?.({ phase: "upload", fraction: 0 });
    request.send(form);
  });
}

export const readingsApi = {
  get: (slug: string) => call<ReadingDetails>("GET", documentPath(slug)),
  preview: (submission: ReadingSubmission, onProgress?: (progress: ReadingProgress) => void) =>
    sendReading<ReadingPreview>("/api/documents/preview", submission, onProgress),
  create: (submission: ReadingSubmission, onProgress?: (progress: ReadingProgress) => void) =>
    sendReading<ReadingDetails>("/api/documents", submission, onProgress),
  update: (slug: string, patch: z.input<typeof ZUpdateReadingSchema>) =>
    call<ReadingDetails>("PATCH", documentPath(slug), { json: patch }, GROUP_WORDING),
  remove: (slug: string) => call<DeleteReadingResult>("DELETE", documentPath(slug), undefined, GROUP_WORDING),
  /**
   * A corrected text as a new version: every annotation is re-anchored onto it. `baseVersion` is the
   * version the text was made from: if another was added since, nothing is saved (409).
   */
  addVersion: (slug: string, text: string, baseVersion: number) =>
    call<ReadingVersionCreated>(
      "POST",
      `${documentPath(slug)}/versions`,
      // The editor shows the reading's own text: a line inside a paragraph (a poem's, a code block's) stays one.
      { json: { text, baseVersion, keepLineBreaks: true } },
      GROUP_WORDING,
    ),
  /** A changed file (a new edition, a corrected PDF) as a new version, converted as adding a reading converts it. */
  addVersionFromFile: (slug: string, file: File, baseVersion: number, onProgress?: (progress: ReadingProgress) => void) =>
    sendReading<ReadingVersionCreated>(`${documentPath(slug)}/versions`, { file, baseVersion: String(baseVersion) }, onProgress),
};
