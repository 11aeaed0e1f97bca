import "server-only";
import { reanchorTargets, type Placement } from "@/lib/anchoring/reanchor";
import { describeTextRange } from "@/lib/anchoring/text-quote";
import { refreshSearchText } from "@/server/outbox/search-text";
import type { Tx } from "@/server/outbox/record-annotation-event";

export type AnchoringCounts = { anchored: number; relocated: number; orphaned: number };

/**
 * Carries every top-level annotation of a document onto its new version (inside the caller's
 * transaction). Each annotation is placed from its last place — for an orphan, the version it
 * last had one on, so a passage that comes back brings its annotations back — and the result is
 * kept twice: as the annotation's anchoring record for the new version, and on the annotation
 * itself (its selectors then count into the new version; an orphan keeps its old ones, the quote
 * and context its author needs to find it a new place). Replies, scores, tags and history hang on
 * the annotation's id and are untouched. `annotationIds` narrows it to those annotations: undoing a
 * delete brings one back that missed the versions added meanwhile (server/annotations/undo-delete.ts).
 */
export async function reanchorOntoVersion(
  tx: Tx,
  documentId: string,
  version: { id: string; text: string },
  annotationIds?: readonly string[],
): Promise<AnchoringCounts> {
  const annotations = await tx.annotation.findMany({
    where: {
      documentId,
      parentId: null,
      exact: { not: null },
      start: { not: null },
      end: { not: null },
      versionId: { not: version.id },
      ...(annotationIds && { id: { in: [...annotationIds] } }),
    },
    select: {
      id: true,
      versionId: true,
      exact: true,
      prefix: true,
      suffix: true,
      start: true,
      end: true,
      anchorStatus: true,
      anchorScore: true,
      quoteWas: true,
      updatedAt: true,
    },
  });
  const counts: AnchoringCounts = { anchored: 0, relocated: 0, orphaned: 0 };
  if (annotations.length === 0) return counts;

  // Each annotation's own version keeps a record of where it was: the old version opens with it there.
  const recorded = await tx.annotationAnchor.findMany({
    where: { annotationId: { in: annotations.map((annotation) => annotation.id) } },
    select: { annotationId: true, versionId: true },
  });
  const hasRecord = new Set(recorded.map((record) => `${record.annotationId} ${record.versionId}`));
  const missing = annotations.filter((annotation) => !hasRecord.has(`${annotation.id} ${annotation.versionId}`));
  if (missing.length > 0) {
    await tx.annotationAnchor.createMany({
      data: missing.map((annotation) => ({
        annotationId: annotation.id,
        versionId: annotation.versionId,
        status: annotation.anchorStatus === "relocated" ? "relocated" : "anchored",
        score: annotation.anchorScore,
        exact: annotation.exact,
        prefix: annotation.prefix,
        suffix: annotation.suffix,
        start: annotation.start,
        end: annotation.end,
      })),
    });
  }

  const reworded: string[] = [];
  const sourceIds = [...new Set(annotations.map((annotation) => annotation.versionId))];
  const sources = await tx.documentVersion.findMany({ where: { id: { in: sourceIds } }, select: { id: true, text: true } });
  for (const source of sources) {
    const group = annotations.filter((annotation) => annotation.versionId === source.id);
    const targets = group.map((annotation) => ({
      exact: annotation.exact!,
      prefix: annotation.prefix ?? "",
      suffix: annotation.suffix ?? "",
      start: annotation.start!,
      end: annotation.end!,
    }));
    const placements = reanchorTargets(source.text, version.text, targets);
    for (const [index, annotation] of group.entries()) {
      const placement = placements[index];
      counts[placement.status] += 1;
      const quote = await storePlacement(tx, annotation, version, placement);
      if (quote !== annotation.exact) reworded.push(annotation.id);
    }
  }
  // A quote the new version reworded is what a search of the notes now reads.
  await refreshSearchText(tx, reworded);
  return counts;
}

/** Stores where the annotation stands on the new version; returns its quote there (its old one for an orphan). */
async function storePlacement(
  tx: Tx,
  annotation: { id: string; updatedAt: Date; exact: string | null; quoteWas: string | null },
  version: { id: string; text: string },
  placement: Placement,
): Promise<string | null> {
  // Re-anchoring is not an edit: the annotation keeps its updatedAt.
  const unchanged = { updatedAt: annotation.updatedAt };
  if (placement.status === "orphaned") {
    await tx.annotationAnchor.create({
      data: { annotationId: annotation.id, versionId: version.id, status: "orphaned", score: placement.score },
    });
    await tx.annotation.update({
      where: { id: annotation.id },
      data: { anchorStatus: "orphaned", anchorScore: placement.score, ...unchanged },
    });
    return annotation.exact;
  }
  const { quote, position } = describeTextRange(version.text, placement.start, placement.end);
  const selectors = { exact: quote.exact, prefix: quote.prefix, suffix: quote.suffix, start: position.start, end: position.end };
  // Found again on words a version changed ("so to speak" → "so to say"): the quote becomes the new
  // wording, and the words its author chose are kept beside it so the card can say they changed.
  // Through several versions it stays the first wording; words restored to it are unchanged again.
  const chosenWords = annotation.quoteWas ?? annotation.exact;
  // Words that differ only in how their accents are written (lib/text/nfc.ts) are the same words.
  const quoteWas = chosenWords === null || quote.exact.normalize("NFC") === chosenWords.normalize("NFC") ? null : chosenWords;
  await tx.annotationAnchor.create({
    data: { annotationId: annotation.id, versionId: version.id, status: placement.status, score: placement.score, ...selectors },
  });
  await tx.annotation.update({
    where: { id: annotation.id },
    data: { versionId: version.id, anchorStatus: placement.status, anchorScore: placement.score, quoteWas, ...selectors, ...unchanged },
  });
  return quote.exact;
}
