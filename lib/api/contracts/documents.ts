import { z } from "zod";
import { defineContract } from "@/lib/api/contract";
import { ZDocumentList } from "@/lib/api/responses";
import { ZDeleteReadingResult, ZLibraryQuery, ZReadingDetails, ZReadingPreview, ZUpdateReadingSchema } from "@/lib/documents/schemas";
import { ZReadingVersionCreated, ZReadingVersionList, ZVersionQuery } from "@/lib/documents/version-schemas";
import { ZDocumentSlugParams } from "./params";
import { TOO_MANY_STREAMS } from "./limits";

export const listDocumentsContract = defineContract({
  method: "GET",
  path: "/api/documents",
  summary: "The library: the readings you may read (yours, your groups', public ones), with counts of annotations you can see.",
  tag: "Documents",
  auth: "optional",
  query: ZLibraryQuery,
  responses: { 200: { description: "The readings, newest first (one page: `nextCursor` is null).", schema: ZDocumentList } },
});

const READING_UPLOAD = {
  description:
    "JSON `{ text | markdown | url, title?, author?, language?, visibility?, groupId? }`, or multipart/form-data with one `file` " +
    "(.txt, .md, .html/.htm — a saved web page, whose article is extracted — .docx, .epub or .pdf) and the same fields as text. " +
    "A `url` is fetched by the server (public addresses only, unless READING_URL_ALLOW_HOSTS names the host; redirects " +
    "re-checked) and read like a file of its media type. At most 20 MB (READING_MAX_MB); nothing is written to disk.",
  contentTypes: ["application/json", "multipart/form-data"],
  reading: true,
} as const;

const READING_ERRORS = {
  413:
    "Too large: the upload or fetched page is over READING_MAX_MB (20 MB by default), a PDF has more than READING_MAX_PAGES pages, " +
    "or a .docx/.epub unpacks to more than READING_MAX_UNZIPPED_MB (a zip bomb is refused, not unpacked).",
  415: "A file type or fetched media type that cannot be read, or a body that is neither JSON nor a form.",
  422:
    "Nothing readable came out, with what to do: an empty text or file, a page with no article, a binary file sent as text, an " +
    "encrypted, damaged or scanned (no text layer) PDF, a damaged .docx/.epub, or a URL that is private, unreachable or failing.",
} as const;

export const createReadingContract = defineContract({
  method: "POST",
  path: "/api/documents",
  summary: "Add a reading from pasted text or Markdown, an uploaded file or a web address. Private to you unless you share it.",
  description:
    "`visibility` is `private` (default), `group` (with `groupId`, a group you belong to) or `public` (only where the site allows " +
    "public readings). The document and its first version are created together or not at all.",
  tag: "Documents",
  auth: "write",
  upload: READING_UPLOAD,
  responses: { 201: { description: "The new reading, with its current version's canonical text.", schema: ZReadingDetails } },
  errors: { ...READING_ERRORS, 404: "The group to share with does not exist or you are not in it." },
});

export const previewReadingContract = defineContract({
  method: "POST",
  path: "/api/documents/preview",
  summary: "What adding this reading would make — title, metadata, canonical text — without saving anything.",
  tag: "Documents",
  auth: "write",
  upload: READING_UPLOAD,
  responses: { 200: { description: "The reading as it would be saved.", schema: ZReadingPreview } },
  errors: READING_ERRORS,
});

export const getReadingContract = defineContract({
  method: "GET",
  path: "/api/documents/{slug}",
  summary: "A reading's metadata and one version of its text (the latest, or the one ?version=N names): id, number and canonical text.",
  description: "`version.text` is the canonical text that annotations' selectors count into (UTF-16 code units).",
  tag: "Documents",
  auth: "optional",
  params: ZDocumentSlugParams,
  query: ZVersionQuery,
  responses: { 200: { description: "The reading.", schema: ZReadingDetails } },
  errors: { 404: "No such reading, or one you may not read: the two answer alike." },
});

export const updateReadingContract = defineContract({
  method: "PATCH",
  path: "/api/documents/{slug}",
  summary: "Change a reading's title, author, language or who it is shared with (its owner).",
  tag: "Documents",
  auth: "write",
  params: ZDocumentSlugParams,
  body: ZUpdateReadingSchema,
  responses: { 200: { description: "The reading as it is now.", schema: ZReadingDetails } },
  errors: {
    409:
      "Nothing was saved: `ifUnmodifiedSince` was given and the settings changed since, or the new sharing would take the reading " +
      "away from a group with an assignment set on it (naming the assignment; the group's staff delete it first).",
  },
});

export const deleteReadingContract = defineContract({
  method: "DELETE",
  path: "/api/documents/{slug}",
  summary: "Delete a reading with its owner's annotations on it; others' stay theirs, the reading opens to no one (its owner).",
  tag: "Documents",
  auth: "write",
  params: ZDocumentSlugParams,
  responses: { 200: { description: "What was deleted.", schema: ZDeleteReadingResult } },
  errors: { 409: "An assignment is set on the reading (named): nothing was deleted; the group's staff delete the assignment first." },
});

export const documentEventsContract = defineContract({
  method: "GET",
  path: "/api/documents/{slug}/events",
  summary: "The document's live stream of changes you may see (Server-Sent Events).",
  description:
    "Events: `annotation` (created/updated/deleted, each re-authorized for you), `removed` (something you could see is gone for you), " +
    "`presence` (readers per group of yours), `reset` (too much missed: reload) and `version` (a newer version of the reading exists). Event ids are monotonic: reconnect with " +
    "`Last-Event-ID` (or `?since=<id>`) to replay what was missed. A comment line every 15 s keeps proxies from closing the stream. " +
    "See lib/live/protocol.ts.",
  tag: "Documents",
  auth: "read",
  params: ZDocumentSlugParams,
  // Read by server/live/read-cursor.ts together with the Last-Event-ID header.
  queryReadByServer: z.object({
    since: z.string().optional().meta({ description: "Replay events after this id (like Last-Event-ID)." }),
    version: z
      .string()
      .optional()
      .meta({ description: "The version number the page shows: a `version` event says when a newer one exists." }),
  }),
  responses: { 200: { description: "A stream that stays open.", otherContent: { "text/event-stream": null } } },
  errors: { 429: TOO_MANY_STREAMS },
});

export const listReadingVersionsContract = defineContract({
  method: "GET",
  path: "/api/documents/{slug}/versions",
  summary: "A reading's versions, newest first.",
  tag: "Documents",
  auth: "optional",
  params: ZDocumentSlugParams,
  responses: { 200: { description: "Its versions.", schema: ZReadingVersionList } },
  errors: { 404: "No such reading, or one you may not read: the two answer alike." },
});

export const createReadingVersionContract = defineContract({
  method: "POST",
  path: "/api/documents/{slug}/versions",
  summary: "A new version of a reading (its owner): a corrected text or a new edition. Every annotation is re-anchored onto it.",
  description:
    "The same inputs as adding a reading (sharing fields are ignored; the reading keeps its title). Each top-level annotation " +
    "is placed on the new version — `anchored` where its position still holds, `relocated` where its words were found again " +
    "(by the diff of the two versions, then its quote and context, exactly then approximately), `orphaned` where no place is " +
    "good enough (never a guess). Orphans keep their old quote and context for their author to give them a new place " +
    "(`PATCH /api/annotations/{id}` with a `target`). Replies, scores, tags and history stay with their annotation.",
  tag: "Documents",
  auth: "write",
  params: ZDocumentSlugParams,
  upload: {
    ...READING_UPLOAD,
    description:
      `${READING_UPLOAD.description} Also \`baseVersion\` (optional): the number of the version the text was made from (a number ` +
      "in JSON, digits in a form). When another version has been added since, nothing is saved (409), so two corrections started " +
      "from the same version cannot silently undo each other; without it the text replaces whatever is latest. An older " +
      "version's text may be sent again (a correction reverted): it becomes a new version.",
  },
  responses: { 201: { description: "The new version and how the annotations went onto it.", schema: ZReadingVersionCreated } },
  errors: {
    ...READING_ERRORS,
    400: "The request failed validation (`issues` says which field and why), or a `baseVersion` that is not a version number.",
    403: "Only the reading's owner adds versions.",
    409:
      "The text is the same as the latest version's (no version was made), or the reading changed since `baseVersion`: a newer " +
      "version is the latest (reload it, then make the change again).",
    422:
      `${READING_ERRORS[422]} Or a \`baseVersion\` the reading does not have yet. Or placing the reading's annotations on ` +
      "the new text took longer than READING_PLACING_TIMEOUT_MS (60 s by default): nothing was changed.",
  },
});
