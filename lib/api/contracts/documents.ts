import { z } from "zod";
import { defineContract } from "@/lib/api/contract";
import { ZDocumentList } from "@/lib/api/responses";
import { ZDocumentSlugParams } from "./params";
import { TOO_MANY_STREAMS } from "./limits";

export const listDocumentsContract = defineContract({
  method: "GET",
  path: "/api/documents",
  summary: "The library: every document, for anyone.",
  tag: "Documents",
  auth: "public",
  responses: { 200: { description: "Every document, newest first (one page: `nextCursor` is null).", schema: ZDocumentList } },
});

export const documentEventsContract = defineContract({
  method: "GET",
  path: "/api/documents/{slug}/events",
  summary: "The document's live stream of changes you may see (Server-Sent Events).",
  description:
    "Events: `annotation` (created/updated/deleted, each re-authorized for you), `removed` (something you could see is gone for you), " +
    "`presence` (readers per group of yours) and `reset` (too much missed: reload). Event ids are monotonic: reconnect with " +
    "`Last-Event-ID` (or `?since=<id>`) to replay what was missed. A comment line every 15 s keeps proxies from closing the stream. " +
    "See lib/live/protocol.ts.",
  tag: "Documents",
  auth: "read",
  params: ZDocumentSlugParams,
  // Read by server/live/read-cursor.ts together with the Last-Event-ID header.
  queryReadByServer: z.object({ since: z.string().optional().meta({ description: "Replay events after this id (like Last-Event-ID)." }) }),
  responses: { 200: { description: "A stream that stays open.", otherContent: { "text/event-stream": null } } },
  errors: { 429: TOO_MANY_STREAMS },
});
