import "server-only";
import { createHash } from "node:crypto";
import { carryStructure } from "@/lib/documents/carry-structure";
import { readTextStructure } from "@/lib/documents/structure";
import type { ReadingVersionCreated } from "@/lib/documents/version-schemas";
import { AppError } from "@/lib/errors";
import { loadDocumentFor } from "@/server/authz/documents";
import type { Viewer } from "@/server/authz/viewer-access";
import type { ReadingUpload } from "@/server/http/read-reading-upload";
import { announceVersion } from "@/server/outbox/bus";
import { mutateAnnotations } from "@/server/outbox/mutate-annotations";
import { convertReadingInput, readReadingInput } from "./read-reading-input";
import { reanchorOntoVersion } from "./reanchor-onto-version";

/** Re-anchoring a long book's thousands of annotations takes longer than Prisma's default 5 s. */
const TRANSACTION_LIMITS = { timeout: 120_000, maxWait: 30_000 };

/**
 * A new version of a reading (its owner): a corrected text or a new edition, from the same inputs
 * as adding a reading. Every annotation is re-anchored onto it in the same transaction, so readers
 * never see the new text without its annotations, and the counts say how it went.
 */
export async function addReadingVersion(viewer: Viewer, slug: string, upload: ReadingUpload): Promise<ReadingVersionCreated> {
  const { document } = await loadDocumentFor(viewer, slug, "update", {
    title: true,
    versions: { orderBy: { number: "desc" }, take: 1, select: { id: true, number: true, textHash: true, text: true, structure: true } },
  });
  const input = readReadingInput(upload);
  // The reading keeps its title: without one, the converter would take the text's first line for it.
  const draft = await convertReadingInput({ ...input, metadata: { title: document.title, ...input.metadata } });
  const latest = document.versions[0];
  // Plain text is what the in-app editor sends: a correction of the latest version, which keeps its
  // headings, lists and marks where its words survive rather than falling back to plain paragraphs.
  const structure =
    draft.structure ??
    (input.source.kind === "pasted" && input.source.format === "text" && latest
      ? carryStructure(latest.text, readTextStructure(latest.structure, latest.text), draft.text)
      : null);
  const textHash = createHash("sha256").update(draft.text).digest("hex");
  if (latest?.textHash === textHash) {
    throw new AppError("CONFLICT", `This text is the same as version ${latest.number}: nothing changed, so no new version was made.`);
  }

  const created = await mutateAnnotations({ actorId: viewer!.id, transaction: TRANSACTION_LIMITS }, async (tx) => {
    const version = await tx.documentVersion.create({
      data: {
        documentId: document.id,
        number: (latest?.number ?? 0) + 1,
        text: draft.text,
        textHash,
        structure: structure && JSON.stringify(structure),
      },
      select: { id: true, number: true, createdAt: true },
    });
    const anchoring = await reanchorOntoVersion(tx, document.id, { id: version.id, text: draft.text });
    await tx.document.update({ where: { id: document.id }, data: { readingMinutes: draft.readingMinutes } });
    return { version: { id: version.id, number: version.number, createdAt: version.createdAt.toISOString() }, anchoring };
  });
  // After the commit: readers with the reading open are told a newer version exists (a lost
  // announcement only waits for the next heartbeat, which checks too).
  await announceVersion(document.id);
  return created;
}
