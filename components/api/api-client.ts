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
import { readingStubsPath, type EncodedStubs } from "@/lib/annotations/annotation-stubs";
import type { ReadingVersionCreated } from "@/lib/documents/version-schemas";
import type { DeleteReadingResult, ReadingDetails, ReadingPreview, ZUpdateReadingSchema } from "@/lib/documents/schemas";
import type {
  AssignableRole,
  JoinResult,
  ZCreateGroupSchema,
  ZCreateInviteSchema,
  ZJoinByCodeSchema,
  ZUpdateGroupSchema,
  ZUpdateJoinCodeSchema,
  ZUpdateMemberRoleSchema,
} from "@/lib/groups/schemas";
import type { HelpfulDto, ZFlagAnnotationSchema } from "@/lib/moderation/schemas";
import type { ZMarkNotificationsReadSchema } from "@/lib/notifications/schemas";
import type { ZSetScoreSchema } from "@/lib/review/score-schema";
import type { ReleaseScoresResult } from "@/lib/review/score-release";
import type { ZReleaseScoresSchema } from "@/lib/review/score-release-schemas";

/**
 * The one client of our JSON API (/api/*) in the browser. Request bodies are typed from the zod
 * schemas the routes parse; every failure throws an ApiError carrying the server's error body
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
type Wording = { offline: string; failed: (status: number) => string };

const DEFAULT_WORDING: Wording = { offline: "You appear to be offline.", failed: (status) => `The server answered ${status}.` };
const GROUP_WORDING: Wording = { ...DEFAULT_WORDING, offline: "You appear to be offline. Nothing was changed; try again." };

type Body = { json: unknown } | { text: string } | undefined;

/** Sends a request and returns the response when it succeeded; throws ApiError otherwise. */
async function send(method: string, url: string, body: Body, wording: Wording): Promise<Response> {
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

async function call<T>(method: string, url: string, body?: Body, wording = DEFAULT_WORDING): Promise<T> {
  const response = await send(method, url, body, wording);
  return (await response.json().catch(() => null)) as T;
}

/** The group pages' requests always carry a JSON body (`{}` when there is nothing to say). */
function groupCall<T>(method: string, url: string, json: unknown = {}): Promise<T> {
  return call<T>(method, url, { json }, GROUP_WORDING);
}

const documentPath = (slug: string) => `/api/documents/${encodeURIComponent(slug)}`;

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
  remove: (id: string) => call<{ id: string; isKeptForReplies: boolean }>("DELETE", `/api/annotations/${id}`),
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

export const moderationApi = {
  flag: (id: string, input: z.input<typeof ZFlagAnnotationSchema>) =>
    call<{ id: string; reason: string }>("POST", `/api/annotations/${id}/flags`, { json: input }),
  hide: (id: string) => call<AnnotationDto>("POST", `/api/annotations/${id}/hide`),
  restore: (id: string) => call<AnnotationDto>("DELETE", `/api/annotations/${id}/hide`),
  setHelpful: (id: string, isHelpful: boolean) => call<HelpfulDto>(isHelpful ? "PUT" : "DELETE", `/api/annotations/${id}/helpful`),
};

export const reviewApi = {
  setScore: (annotationId: string, input: z.input<typeof ZSetScoreSchema>) =>
    groupCall("PUT", `/api/annotations/${annotationId}/score`, input),
  clearScore: (annotationId: string) => groupCall("DELETE", `/api/annotations/${annotationId}/score`),
  sendFeedback: (annotationId: string, input: z.input<typeof ZCreateReplySchema>) =>
    groupCall("POST", `/api/annotations/${annotationId}/feedback`, input),
  releaseScores: (groupId: string, input: z.input<typeof ZReleaseScoresSchema>) =>
    groupCall<ReleaseScoresResult>("POST", `/api/groups/${groupId}/score-release`, input),
};

export type CreatedInvite = { id: string; url: string; code: string; role: AssignableRole; expiresAt: string };

export const groupsApi = {
  create: (input: z.input<typeof ZCreateGroupSchema>) => groupCall<{ id: string }>("POST", "/api/groups", input),
  update: (groupId: string, input: z.input<typeof ZUpdateGroupSchema>) => groupCall("PATCH", `/api/groups/${groupId}`, input),
  joinByCode: (input: z.input<typeof ZJoinByCodeSchema>) => groupCall<JoinResult>("POST", "/api/groups/join", input),
  joinByInvite: (token: string) => groupCall<JoinResult>("POST", `/api/invites/${encodeURIComponent(token)}`),
  createInvite: (groupId: string, input: z.input<typeof ZCreateInviteSchema>) =>
    groupCall<CreatedInvite>("POST", `/api/groups/${groupId}/invites`, input),
  revokeInvite: (groupId: string, inviteId: string) => groupCall("DELETE", `/api/groups/${groupId}/invites/${inviteId}`),
  setMemberRole: (groupId: string, userId: string, input: z.input<typeof ZUpdateMemberRoleSchema>) =>
    groupCall("PATCH", `/api/groups/${groupId}/members/${userId}`, input),
  removeMember: (groupId: string, userId: string) => groupCall("DELETE", `/api/groups/${groupId}/members/${userId}`),
  updateJoinCode: (groupId: string, input: z.input<typeof ZUpdateJoinCodeSchema>) =>
    groupCall<{ joinCode: string | null }>("POST", `/api/groups/${groupId}/join-code`, input),
  letBackIn: (groupId: string, userId: string) => groupCall("DELETE", `/api/groups/${groupId}/removals/${userId}`),
};

export const notificationsApi = {
  markRead: (selection: z.input<typeof ZMarkNotificationsReadSchema>) =>
    call<{ unreadCount: number }>("POST", "/api/notifications/read", { json: selection }),
};

export type ImportSummary = {
  imported: number;
  alreadyImported: number;
  replies: number;
  orphans: { sourceId: string; quote: string; reason: string }[];
};

export const notesApi = {
  /** The file's text is sent as it is: the server reads W3C JSON-LD and Hypothesis exports. */
  importFile: (slug: string, fileText: string) =>
    call<ImportSummary>(
      "POST",
      `${documentPath(slug)}/import`,
      { text: fileText },
      { ...DEFAULT_WORDING, failed: (status) => `The import failed (${status}). Nothing was imported.` },
    ),
  /** A download's response, for reading its body with progress (see components/common/download-with-progress.ts). */
  download: (url: string) => send("GET", url, undefined, { ...DEFAULT_WORDING, failed: (status) => `The export failed (${status}).` }),
};

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
