import type { ScopeInput } from "@/lib/annotations/scopes";
import type { AnnotationDto, AnnotationPage, ThreadDto } from "@/lib/annotations/types";
import type { HelpfulDto } from "@/lib/moderation/schemas";

/** A failed API call: `status` 0 means the request never reached the server (offline). */
export class ApiError extends Error {
  override name = "ApiError";
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
  /** Worth retrying: the network or the server failed, not the request itself. */
  get isTransient(): boolean {
    return this.status === 0 || this.status === 429 || this.status >= 500;
  }
}

async function call<T>(method: string, url: string, body?: unknown): Promise<T> {
  let response: Response;
  try {
    response = await fetch(url, {
      method,
      headers: body === undefined ? undefined : { "Content-Type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
      cache: "no-store",
    });
  } catch {
    throw new ApiError(0, "You appear to be offline.");
  }
  const data = (await response.json().catch(() => null)) as (T & { error?: { message?: string } }) | null;
  if (!response.ok) throw new ApiError(response.status, data?.error?.message ?? `The server answered ${response.status}.`);
  return data as T;
}

export type CreateAnnotationInput = {
  target: { selector: unknown[] };
  body: string;
  tags: string[];
  color: string;
  visibility: ScopeInput;
  clientToken: string;
};

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
      const data: AnnotationPage = await call<AnnotationPage>("GET", `/api/documents/${encodeURIComponent(slug)}/annotations?${query}`);
      items.push(...data.items);
      cursor = data.nextCursor;
      if (!cursor) break;
    }
    return items;
  },
  create: (slug: string, input: CreateAnnotationInput) =>
    call<AnnotationDto>("POST", `/api/documents/${encodeURIComponent(slug)}/annotations`, input),
  update: (id: string, patch: Record<string, unknown>) => call<AnnotationDto>("PATCH", `/api/annotations/${id}`, patch),
  remove: (id: string) => call<{ id: string; isKeptForReplies: boolean }>("DELETE", `/api/annotations/${id}`),
  move: (ids: string[], visibility: unknown) => call<{ items: AnnotationDto[] }>("POST", "/api/annotations/move", { ids, visibility }),
  thread: async (id: string): Promise<ThreadDto> => {
    const { replies, ...annotation } = await call<AnnotationDto & { replies: AnnotationDto[] }>("GET", `/api/annotations/${id}`);
    return { annotation, replies };
  },
  reply: (parentId: string, body: string, clientToken: string) =>
    call<AnnotationDto>("POST", `/api/annotations/${parentId}/replies`, { body, clientToken }),
};

export const moderationApi = {
  flag: (id: string, reason: string) => call<{ id: string; reason: string }>("POST", `/api/annotations/${id}/flags`, { reason }),
  hide: (id: string) => call<AnnotationDto>("POST", `/api/annotations/${id}/hide`),
  restore: (id: string) => call<AnnotationDto>("DELETE", `/api/annotations/${id}/hide`),
  setHelpful: (id: string, isHelpful: boolean) => call<HelpfulDto>(isHelpful ? "PUT" : "DELETE", `/api/annotations/${id}/helpful`),
};

export const notificationsApi = {
  markRead: (selection: { ids: string[] } | { all: true }) => call<{ unreadCount: number }>("POST", "/api/notifications/read", selection),
};
