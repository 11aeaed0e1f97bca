import "server-only";
import { ACCESS_FIELDS, type AnnotationAccessFields } from "@/server/authz/annotations";
import { db, provider, type Database, type Prisma } from "@/server/db/client";

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

export type AnnotationEventKind = "created" | "updated" | "deleted";

export type AnnotationEventInput = {
  documentId: string;
  annotationId: string;
  kind: AnnotationEventKind;
  actorId: string;
  /** The access fields as they were, for changes that can hide the annotation from someone. */
  before?: AnnotationAccessFields | null;
};

/** What `before` stores: the access fields of the annotation and of its thread. */
export const BEFORE_FIELDS = ACCESS_FIELDS;

type AccessRow = Prisma.AnnotationGetPayload<{ select: typeof BEFORE_FIELDS }>;

export async function recordAnnotationEvent(tx: Tx, event: AnnotationEventInput): Promise<void> {
  await recordAnnotationEvents(tx, [event]);
}

/** Several events in one transaction (a bulk move, an import): one lock per document, one insert. */
export async function recordAnnotationEvents(tx: Tx, events: AnnotationEventInput[]): Promise<void> {
  if (events.length === 0) return;
  await lockDocumentsForEvents(tx, events.map((event) => event.documentId));
  await tx.annotationEvent.createMany({
    data: events.map((event) => ({
      documentId: event.documentId,
      annotationId: event.annotationId,
      kind: event.kind,
      actorId: event.actorId,
      before: event.before ? serializeAccessFields(event.before) : null,
    })),
  });
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

/** The access fields of these annotations as they are now, for `before`, by id. */
export async function loadAccessSnapshots(tx: Tx | typeof db, ids: string[]): Promise<Map<string, AccessRow>> {
  const rows = await tx.annotation.findMany({ where: { id: { in: ids } }, select: BEFORE_FIELDS });
  return new Map(rows.map((row) => [row.id, row]));
}

type ThreadFieldsJson = { authorId: string; visibility: string; groupId: string | null; deletedAt: string | null; hiddenAt: string | null };
type AccessFieldsJson = ThreadFieldsJson & { parentId: string | null; isFeedback: boolean; parent: ThreadFieldsJson | null };

function threadToJson(fields: { authorId: string; visibility: string; groupId: string | null; deletedAt: Date | null; hiddenAt?: Date | null }): ThreadFieldsJson {
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
    isFeedback: fields.isFeedback ?? false,
    parent: fields.parent ? threadToJson(fields.parent) : null,
  };
  return JSON.stringify(json);
}

function threadFromJson(json: ThreadFieldsJson) {
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
    return { ...threadFromJson(json), parentId: json.parentId, isFeedback: json.isFeedback, parent: json.parent ? threadFromJson(json.parent) : null };
  } catch {
    return null;
  }
}
