import type { z } from "zod";
import type {
  ZCreateAnnotationSchema,
  ZCreateReplySchema,
  ZMoveAnnotationsSchema,
  ZUpdateAnnotationSchema,
} from "@/lib/annotations/schemas";
import type { ErrorBody } from "@/lib/api/error-body";
import { readErrorBody } from "@/lib/api/read-error-body";
import type { AnnotationDto, AnnotationPage, ThreadDto } from "@/lib/annotations/types";
import type { EncodedStubs } from "@/lib/annotations/annotation-stubs";
import { readingStubsPath } from "@/lib/annotations/reading-stubs-path";
/**
 * The one client of our JSON API (/api/*) in the browser: this module, with the reading page's
 * requests, and its siblings with other pages' (groups-api.ts, readings-api.ts, notes-api.ts,
 * moderation-api.ts, notifications-api.ts), so a page's first load carries only the requests it can make (Turbopack
 * builds a module once for every page, with every export some page uses: perf/js-budget.json).
 * Request bodies are typed from the zod schemas the routes parse; every failure throws an ApiError carrying the server's error body
 * (lib/api/error-body.ts), or status 0 when the request never reached the server.
 */
export class ApiError extends Error {
  override name = "ApiError";
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** For a request that failed validation: which field and why. */
    readonly issues: NonNullable<ErrorBody["error"]["issues"]> = [],
    /** From `Retry-After` (429, 503): how long the server asks us to wait before trying again. */
    readonly retryAfterSeconds: number | null = null,
  ) {
    super(message);
  }

  /** Worth retrying: the network or the server failed, not the request itself. */
  get isTransient(): boolean {
    return this.status === 0 || this.status === 429 || this.status >= 500;
  }
}

/** What a form shows for a failure: the server's message, or `fallback` for anything that is not an API error. */
export function errorMessage(caught: unknown, fallback = "That did not work. Try again."): string {
  return caught instanceof ApiError ? caught.message : fallback;
}

/** The words for a failure the server did not describe; some pages say more about what it means for them. */
export type Wording = { offline: string; failed: (status: number) => string };

export const DEFAULT_WORDING: Wording = { offline: "You appear to be offline.", failed: (status) => `The server answered ${status}.` };
export const GROUP_WORDING: Wording = { ...DEFAULT_WORDING, offline: "You appear to be offline. Nothing was changed; try again." };

export type Body = { json: unknown } | { text: string } | undefined;

/** Sends a request and returns the response when it succeeded; throws ApiError otherwise. */
export async function send(method: string, url: string, body: Body, wording: Wording): Promise<Response> {
  let response: Response;
  try {
    response = await fetch(url, {
      method,
      headers: body === undefined ? undefined : { "Content-Type": "application/json" },
      body: body === undefined ? undefined : "json" in body ? JSON.stringify(body.json) : body.text,
      cache: "no-store",
    });
  } catch {
    throw new ApiError(0, "offline", wording.offline);
  }
  if (!response.ok) throw await readApiError(response, wording);
  return response;
}

/** The ApiError a failed response stands for: the server's error body (lib/api/error-body.ts), or words for a status alone. */
export async function readApiError(response: Response, wording = DEFAULT_WORDING): Promise<ApiError> {
  const retryAfterSeconds = readRetryAfter(response.headers.get("retry-after"));
  const body = readErrorBody(await response.json().catch(() => null));
  if (!body) return new ApiError(response.status, "unknown", wording.failed(response.status), [], retryAfterSeconds);
  const { code, message, issues } = body.error;
  return new ApiError(response.status, code, message, issues, retryAfterSeconds);
}

/** `Retry-After` in seconds (we never send the date form); null when absent or unreadable. */
export function readRetryAfter(header: string | null): number | null {
  if (header === null || !/^\d+$/.test(header.trim())) return null;
  return Number(header.trim());
}

/** Sends a request and returns its JSON body; for this module's siblings (groups-api.ts, readings-api.ts, …). */
export async function call<T>(method: string, url: string, body?: Body, wording = DEFAULT_WORDING): Promise<T> {
  const response = await send(method, url, body, wording);
  return (await response.json().catch(() => null)) as T;
}

export const documentPath = (slug: string) => `/api/documents/${encodeURIComponent(slug)}`;

export type CreateAnnotationBody = z.input<typeof ZCreateAnnotationSchema>;
export type UpdateAnnotationBody = z.input<typeof ZUpdateAnnotationSchema>;

/** A reload after the live stream said `reset` walks the pages; a document with more is asked to filter. */
const LIST_PAGE_SIZE = 500;
const LIST_MAX_PAGES = 10;

export const annotationsApi = {
  /** Every annotation of the document the reader may see, in document order. */
  listAll: async (slug: string): Promise<AnnotationDto[]> => {
    const items: AnnotationDto[] = [];
    let cursor: string | null = null;
    for (let page = 0; page < LIST_MAX_PAGES; page++) {
      const query = new URLSearchParams({ limit: String(LIST_PAGE_SIZE), ...(cursor && { cursor }) });
      const data: AnnotationPage = await call<AnnotationPage>("GET", `${documentPath(slug)}/annotations?${query}`);
      items.push(...data.items);
      cursor = data.nextCursor;
      if (!cursor) break;
    }
    return items;
  },
  /** A window of a large reading's sidebar: these annotations (at most 100), those the reader may see, in document order. */
  window: async (slug: string, ids: readonly string[]): Promise<AnnotationDto[]> => {
    const query = new URLSearchParams({ ids: ids.join(","), limit: String(ids.length) });
    return (await call<AnnotationPage>("GET", `${documentPath(slug)}/annotations?${query}`)).items;
  },
  /** A large reading's stubs: all of them, or those matching a search (stubs carry no words to search). */
  stubs: (slug: string, query: { q?: string } = {}) =>
    call<EncodedStubs>("GET", `${readingStubsPath(slug)}${query.q ? `?${new URLSearchParams({ q: query.q })}` : ""}`),
  create: (slug: string, input: CreateAnnotationBody) => call<AnnotationDto>("POST", `${documentPath(slug)}/annotations`, { json: input }),
  update: (id: string, patch: UpdateAnnotationBody) => call<AnnotationDto>("PATCH", `/api/annotations/${id}`, { json: patch }),
  /** `ifUnmodifiedSince`: a delete queued offline, refused (409) if the annotation changed since. */
  remove: (id: string, ifUnmodifiedSince?: string) =>
    call<{ id: string; isKeptForReplies: boolean }>(
      "DELETE",
      `/api/annotations/${id}${ifUnmodifiedSince ? `?ifUnmodifiedSince=${encodeURIComponent(ifUnmodifiedSince)}` : ""}`,
    ),
  undelete: (id: string) => call<AnnotationDto>("POST", `/api/annotations/${id}/undelete`),
  move: (input: z.input<typeof ZMoveAnnotationsSchema>) =>
    call<{ items: AnnotationDto[] }>("POST", "/api/annotations/move", { json: input }),
  thread: async (id: string): Promise<ThreadDto> => {
    const { replies, ...annotation } = await call<AnnotationDto & { replies: AnnotationDto[] }>("GET", `/api/annotations/${id}`);
    return { annotation, replies };
  },
  reply: (parentId: string, input: z.input<typeof ZCreateReplySchema>) =>
    call<AnnotationDto>("POST", `/api/annotations/${parentId}/replies`, { json: input }),
};
