import "server-only";
import { ANNOTATION_CHANGES, liveKindOf, type AnnotationChange } from "@/lib/live/protocol";
import { ACCESS_FIELDS, type AnnotationAccessFields, type ThreadAccessFields } from "@/server/authz/annotations";
import { provider, type Database } from "@/server/db/client";

/**
 * The outbox of the live stream: every change to an annotation writes an AnnotationEvent row in
 * the same transaction as the change, so an event exists exactly when its change committed
 * (nothing announced that then rolled back, nothing changed that the stream never hears of).
 *
 * Event ids are the stream's cursor, so per document they must be in commit order: a reader
 * that has seen event 6 must never later find a 5 committed after it. SQLite has one writer at a
 * time, so that holds by itself. PostgreSQL sequences hand out ids at insert time, not commit
 * time; a transaction-scoped advisory lock on the document serializes the writers of one
 * document from the event insert to the commit, which makes the ids commit-ordered per document
 * (documents do not wait for each other).
 *
 * `before` keeps the fields that decided who could read the annotation before a change that can
 * take it out of someone's sight (move, hide, delete): the hub tells exactly those readers it is
 * gone, and nobody else learns that it ever existed.
 */
export type Tx = Parameters<Parameters<Database["$transaction"]>[0]>[0];

export type AnnotationEventInput = {
  documentId: string;
  annotationId: string;
  change: AnnotationChange;
  actorId: string;
  /** The creating request's client token, on a "created" event. */
  clientToken?: string | null;
  /** The access fields as they were, for changes that can hide the annotation from someone. */
  before?: AnnotationAccessFields | null;
};

/** What `before` stores: the access fields of the annotation and of its thread. */
export const BEFORE_FIELDS = ACCESS_FIELDS;

/**
 * Several events in one transaction (a bulk move, an import): one lock per document, one insert.
 * Mutations do not call this themselves: they record through `mutateAnnotations` (./mutate-annotations.ts).
 */
export async function recordAnnotationEvents(tx: Tx, events: AnnotationEventInput[]): Promise<void> {
  if (events.length === 0) return;
  await lockDocumentsForEvents(
    tx,
    events.map((event) => event.documentId),
  );
  const rows = events.map((event) => ({
    documentId: event.documentId,
    annotationId: event.annotationId,
    kind: liveKindOf(event.change),
    change: event.change,
    actorId: event.actorId,
    clientToken: event.clientToken ?? null,
    before: event.before ? serializeAccessFields(event.before) : null,
  }));
  if (rows.length > 1) {
    await tx.annotationEvent.createMany({ data: rows });
    return;
  }
  // Most changes record one event: one raw statement, not Prisma's createMany compiled anew on
  // every call (~1 ms of server CPU against 1.5–3 ms). createdAt is given as Prisma would give it.
  const [row] = rows;
  await tx.$executeRaw`
    INSERT INTO "AnnotationEvent" ("documentId", "annotationId", "kind", "change", "actorId", "clientToken", "before", "createdAt")
    VALUES (${row.documentId}, ${row.annotationId}, ${row.kind}, ${row.change}, ${row.actorId}, ${row.clientToken}, ${row.before}, ${new Date()})`;
}

/**
 * PostgreSQL only: holds each document's advisory lock until this transaction ends, so the next
 * writer of the same document draws its event id after this one commits. Sorted, so two
 * transactions touching the same documents always lock in the same order (no deadlock).
 */
async function lockDocumentsForEvents(tx: Tx, documentIds: string[]): Promise<void> {
  if (provider !== "postgresql") return;
  for (const documentId of [...new Set(documentIds)].sort()) {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${documentId}))`;
  }
}

type ThreadFieldsJson = { authorId: string; visibility: string; groupId: string | null; deletedAt: string | null; hiddenAt: string | null };
type AccessFieldsJson = ThreadFieldsJson & {
  parentId: string | null;
  isFeedback: boolean;
  parent: ThreadFieldsJson | null;
  feedbackOn?: { authorId: string } | null;
};

function threadToJson(fields: ThreadAccessFields): ThreadFieldsJson {
  return {
    authorId: fields.authorId,
    visibility: fields.visibility,
    groupId: fields.groupId,
    deletedAt: fields.deletedAt?.toISOString() ?? null,
    hiddenAt: fields.hiddenAt?.toISOString() ?? null,
  };
}

export function serializeAccessFields(fields: AnnotationAccessFields): string {
  const json: AccessFieldsJson = {
    ...threadToJson(fields),
    parentId: fields.parentId,
    isFeedback: fields.isFeedback,
    parent: fields.parent ? threadToJson(fields.parent) : null,
    feedbackOn: fields.feedbackOn ? { authorId: fields.feedbackOn.authorId } : null,
  };
  return JSON.stringify(json);
}

function threadFromJson(json: ThreadFieldsJson): ThreadAccessFields {
  return {
    authorId: json.authorId,
    visibility: json.visibility,
    groupId: json.groupId,
    deletedAt: json.deletedAt ? new Date(json.deletedAt) : null,
    hiddenAt: json.hiddenAt ? new Date(json.hiddenAt) : null,
  };
}

/** `before` back to what `can()` judges; null when absent or unreadable (then nobody is told). */
export function parseAccessFields(before: string | null): AnnotationAccessFields | null {
  if (!before) return null;
  try {
    const json = JSON.parse(before) as AccessFieldsJson;
    // Rows written before `isFeedback` was stored have none: such a row was not feedback.
    return {
      ...threadFromJson(json),
      parentId: json.parentId,
      isFeedback: json.isFeedback ?? false,
      parent: json.parent ? threadFromJson(json.parent) : null,
      // Feedback recorded before it named its subject was about its thread.
      feedbackOn: json.feedbackOn ?? (json.isFeedback && json.parent ? { authorId: json.parent.authorId } : null),
    };
  } catch {
    return null;
  }
}

/**
 * The specific change of a stored event. Events written before `change` existed have only the
 * kind: "created" and "deleted" say it; "updated" was always some edit, so it reads as "edited".
 */
export function readChange(event: { kind: string; change: string | null }): AnnotationChange {
  if (event.change !== null && (ANNOTATION_CHANGES as readonly string[]).includes(event.change)) return event.change as AnnotationChange;
  return event.kind === "created" || event.kind === "deleted" ? event.kind : "edited";
}
