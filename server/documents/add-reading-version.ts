import "server-only";
import { createHash } from "node:crypto";
import { readTextStructure, type TextStructure } from "@/lib/documents/structure";
import { ZBaseVersion, type ReadingVersionCreated } from "@/lib/documents/version-schemas";
import { AppError } from "@/lib/errors";
import { asOneLineLabel } from "@/lib/text/one-line-label";
import { loadDocumentFor } from "@/server/authz/documents";
import type { Viewer } from "@/server/authz/viewer-access";
import { db, Prisma } from "@/server/db/client";
import { assertReadingTextAllowed } from "@/server/limits/write-rate";
import type { ReadingUpload } from "@/server/http/read-reading-upload";
import { announceVersion } from "@/server/outbox/bus";
import { mutateAnnotations } from "@/server/outbox/mutate-annotations";
import { carryStructureIsolated } from "./isolated-worker";
import { convertReadingInput, readReadingInput, type ReadingInput } from "./read-reading-input";
import {
  countPlacedAnnotations,
  PlanOutdated,
  planReanchoring,
  reanchorOntoVersion,
  type PlannedPlacements,
} from "./reanchor-onto-version";

/** Re-anchoring a long book's thousands of annotations takes longer than Prisma's default 5 s. */
const TRANSACTION_LIMITS = { timeout: 120_000, maxWait: 30_000 };

/**
 * A new version of a reading (its owner): a corrected text or a new edition, from the same inputs
 * as adding a reading. Every annotation is re-anchored onto it in the same transaction, so readers
 * never see the new text without its annotations, and the counts say how it went. With a
 * `baseVersion` (what the in-app editor sends), a text made from a version that is no longer the
 * latest is refused (409): saving it would silently undo the versions added since. An older
 * version's text may come back (a correction reverted); only the latest's is refused as unchanged.
 */
export async function addReadingVersion(viewer: Viewer, slug: string, upload: ReadingUpload): Promise<ReadingVersionCreated> {
  const { document } = await loadDocumentFor(viewer, slug, "update", {
    title: true,
    versions: { orderBy: { number: "desc" }, take: 1, select: { id: true, number: true, textHash: true, text: true, structure: true } },
  });
  refuseSharing(upload);
  const { baseVersion, reading } = readBaseVersion(upload);
  const latest = document.versions[0];
  if (baseVersion !== null) assertIsLatest(baseVersion, latest?.number ?? 0);
  const input = readReadingInput(reading);
  // The reading keeps its title: without one, the converter would take the text's first line for it.
  // A text sent in the shape a reading is created from (its title line first, then a byline) is read
  // that way: given the title, its title line stayed as the first paragraph, the title shown twice.
  const metadata = opensWithTitleLine(input, document.title) ? input.metadata : { title: document.title, ...input.metadata };
  const draft = await convertReadingInput({ ...input, metadata }, viewer!.id);
  const textHash = createHash("sha256").update(draft.text).digest("hex");
  if (latest?.textHash === textHash) {
    throw sameAs(latest.number);
  }
  await assertReadingTextAllowed(viewer!.id, draft.text, await countPlacedAnnotations(db, document.id));
  const structure = await structureOf(document.id, draft, input, latest, textHash, viewer!.id);
  // Where every annotation goes, worked out before the write transaction (which then holds only the
  // writing); again, once, when a note was written meanwhile on a version the plan did not compare.
  const writeVersion = async (isLastTry: boolean) => {
    const planned: PlannedPlacements = { ...(await planReanchoring(db, document.id, draft.text, viewer!.id)), isLastTry };
    // (The second try is the same change: it counted against the owner's write rate once.)
    return mutateAnnotations({ actorId: viewer!.id, transaction: TRANSACTION_LIMITS, isOutsideWriteRate: isLastTry }, async (tx) => {
      // The text was judged against `latest`, read before converting (which may take seconds): one
      // added meanwhile is a conflict, not a version to overwrite. Two requests that both pass this on
      // PostgreSQL meet at the unique version number, answered alike below.
      const current = await tx.documentVersion.findFirst({
        where: { documentId: document.id },
        orderBy: { number: "desc" },
        select: { number: true, textHash: true },
      });
      if (current && current.number !== (latest?.number ?? 0)) {
        // The same text sent twice at once (a double click, a retried upload): the first made it.
        if (current.textHash === textHash) throw sameAs(current.number);
        throw changedSince(current.number);
      }
      const version = await tx.documentVersion.create({
        data: {
          documentId: document.id,
          number: (latest?.number ?? 0) + 1,
          text: draft.text,
          textHash,
          structure,
        },
        select: { id: true, number: true, createdAt: true },
      });
      const anchoring = await reanchorOntoVersion(tx, document.id, { id: version.id, text: draft.text }, undefined, planned);
      await tx.document.update({ where: { id: document.id }, data: { readingMinutes: draft.readingMinutes } });
      return { version: { id: version.id, number: version.number, createdAt: version.createdAt.toISOString() }, anchoring };
    }).catch(async (error: unknown) => {
      if (!(error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002")) throw error;
      const newest = await db.documentVersion.findFirst({
        where: { documentId: document.id },
        orderBy: { number: "desc" },
        select: { number: true, textHash: true },
      });
      // Only a version added meanwhile is a conflict; any other unique clash is a fault.
      if (!newest || newest.number === (latest?.number ?? 0)) throw error;
      throw newest.textHash === textHash ? sameAs(newest.number) : changedSince(newest.number);
    });
  };
  const created = await writeVersion(false).catch((error: unknown) => {
    if (error instanceof PlanOutdated) return writeVersion(true);
    throw error;
  });
  // After the commit: readers with the reading open are told a newer version exists (a lost
  // announcement only waits for the next heartbeat, which checks too).
  await announceVersion(document.id);
  return created;
}

/**
 * `baseVersion` apart from the reading's own inputs (which refuse fields they do not know): a
 * number in JSON, digits in a form; absent, the text is taken as made from whatever is latest.
 */
function readBaseVersion(upload: ReadingUpload): { baseVersion: number | null; reading: ReadingUpload } {
  let given: unknown;
  let reading = upload;
  if (upload.kind === "form") {
    const { baseVersion, ...fields } = upload.fields;
    given = baseVersion;
    reading = { ...upload, fields };
  } else if (typeof upload.body === "object" && upload.body !== null && !Array.isArray(upload.body) && "baseVersion" in upload.body) {
    const { baseVersion, ...body } = upload.body as Record<string, unknown>;
    given = baseVersion;
    reading = { kind: "json", body };
  }
  if (given === undefined) return { baseVersion: null, reading };
  const parsed = ZBaseVersion.safeParse(given);
  if (!parsed.success) throw new AppError("BAD_REQUEST", "`baseVersion` is the number of the version the text was made from (1, 2, …).");
  return { baseVersion: parsed.data, reading };
}

/** Sharing belongs to the reading, not to a version: sent with one, it was accepted and ignored, so the sender thought it had changed. */
const SHARING_FIELDS = ["visibility", "groupId"];

function refuseSharing(upload: ReadingUpload): void {
  const fields = upload.kind === "form" ? upload.fields : upload.body;
  if (typeof fields !== "object" || fields === null || Array.isArray(fields)) return;
  const sent = SHARING_FIELDS.filter((field) => field in fields);
  if (sent.length === 0) return;
  throw new AppError(
    "BAD_REQUEST",
    `A version has its reading's sharing: \`${sent.join("` and `")}\` cannot be sent with one. Change who may read it in the reading's settings (PATCH /api/documents/{slug}); nothing was added.`,
  );
}

function assertIsLatest(baseVersion: number, latestNumber: number): void {
  if (baseVersion > latestNumber) {
    throw new AppError("UNPROCESSABLE", `This reading has no version ${baseVersion}: its latest is version ${latestNumber}.`);
  }
  if (baseVersion < latestNumber) throw changedSince(latestNumber);
}

function sameAs(latestNumber: number): AppError {
  return new AppError("CONFLICT", `This text is the same as version ${latestNumber}: nothing changed, so no new version was made.`);
}

function changedSince(latestNumber: number): AppError {
  return new AppError(
    "CONFLICT",
    `The reading changed since you opened it: version ${latestNumber} is now the latest; reload to see it. Nothing was saved.`,
  );
}

/**
 * The new version's structure, as JSON (null: plain paragraphs). Plain text is what the in-app
 * editor sends: a correction of the latest version, which keeps its headings, lists and marks where
 * its words survive rather than falling back to what plain text shows (at most its chapters' headings)
 * — or, when the text is exactly an older version's (a correction reverted), that version's structure as it was.
 */
async function structureOf(
  documentId: string,
  draft: { text: string; structure: TextStructure | null },
  input: ReadingInput,
  latest: { text: string; structure: string | null } | undefined,
  textHash: string,
  requesterId: string,
): Promise<string | null> {
  const drafted = draft.structure && JSON.stringify(draft.structure);
  if (!latest || input.source.kind !== "pasted" || input.source.format !== "text") return drafted;
  const earlier = await db.documentVersion.findFirst({
    where: { documentId, textHash },
    orderBy: { number: "desc" },
    select: { text: true, structure: true },
  });
  if (earlier?.text === draft.text) return earlier.structure;
  // What the corrected version had (an EPUB's chapters, a Word file's lists and marks) before what
  // plain text alone shows of it (its chapter headings): read afresh, the rest would be lost.
  // By the worker: the word diff it takes held the server's thread up to ~2 s for a long reading.
  const structure = readTextStructure(latest.structure, latest.text);
  const carried = structure && (await carryStructureIsolated(latest.text, structure, draft.text, requesterId));
  return carried ? JSON.stringify(carried) : drafted;
}

/** Plain text, no title of its own given, whose first line is the reading's title. */
function opensWithTitleLine({ source, metadata }: ReadingInput, title: string): boolean {
  if (source.kind !== "pasted" || source.format !== "text" || metadata.title !== undefined) return false;
  const firstLine = source.text.trimStart().split(/\r?\n/, 1)[0] ?? "";
  return asOneLineLabel(firstLine) === title;
}
