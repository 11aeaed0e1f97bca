import "server-only";
import { compareVersions, reanchorOnto, type ComparedVersions, type Placement } from "@/lib/anchoring/reanchor";
import { describeTextRange } from "@/lib/anchoring/text-quote";
import { insertRows, updateRowsById } from "@/server/db/bulk-rows";
import type { Database, Prisma } from "@/server/db/client";
import { refreshSearchText } from "@/server/outbox/search-text";
import type { Tx } from "@/server/outbox/record-annotation-event";
import { comparedVersions } from "./compared-versions";
import { mapIsolated, placeIsolated, type PlacingSource } from "./isolated-worker";

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
 * `planned` (planReanchoring, run before the transaction) places every annotation still as it was
 * when planned; the rest are placed here.
 */
export async function reanchorOntoVersion(
  tx: Tx,
  documentId: string,
  version: { id: string; text: string },
  annotationIds?: readonly string[],
  planned?: PlannedPlacements,
): Promise<AnchoringCounts> {
  const annotations = await placedAnnotations(tx, documentId, version.id, annotationIds);
  const counts: AnchoringCounts = { anchored: 0, relocated: 0, orphaned: 0 };
  if (annotations.length === 0) return counts;

  // Each annotation's own version keeps a record of where it was: the old version opens with it there.
  const recorded = await tx.$queryRaw<{ annotationId: string }[]>`
    SELECT r."annotationId" FROM "AnnotationAnchor" r
    JOIN "Annotation" a ON a."id" = r."annotationId" AND a."versionId" = r."versionId"
    WHERE a."documentId" = ${documentId} AND a."parentId" IS NULL`;
  const hasRecord = new Set(recorded.map((record) => record.annotationId));
  const missing = annotations.filter((annotation) => !hasRecord.has(annotation.id));
  await insertRows(
    tx,
    "AnnotationAnchor",
    ["annotationId", "versionId", "status", "score", "exact", "prefix", "suffix", "start", "end"],
    missing.map((annotation) => ({
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
    new Date(),
  );

  const reworded: string[] = [];
  const placements: StoredPlacement[] = [];
  const sourceIds = [...new Set(annotations.map((annotation) => annotation.versionId))];
  for (const sourceId of sourceIds) {
    const group = annotations.filter((annotation) => annotation.versionId === sourceId);
    // What was planned before the transaction stands unless the annotation moved since (its author
    // moved it, or wrote it meanwhile): those few are placed now.
    const unplanned = group.filter((annotation) => planned?.placements.get(annotation.id)?.from !== placedFrom(annotation));
    const placedNow = new Map<string, Placement>();
    if (unplanned.length > 0) {
      const plannedComparison = planned?.compared.get(sourceId);
      // A note written meanwhile on a version the plan had no note on: comparing the two here would
      // run the word diff (up to ~2 s for a long reading rewritten) on the server's thread, holding
      // the write lock. The caller plans again instead (PlanOutdated), unless it says not to.
      if (planned && !planned.isLastTry && plannedComparison?.newText !== version.text) throw new PlanOutdated();
      // (Planned against this text, or it is compared now: a version may have been added in between.)
      const compared =
        plannedComparison?.newText === version.text
          ? plannedComparison
          : await comparedVersions(sourceId, version, () => versionText(tx, sourceId));
      const found = reanchorOnto(compared, unplanned.map(targetOf));
      for (const [index, annotation] of unplanned.entries()) placedNow.set(annotation.id, found[index]);
    }
    for (const annotation of group) {
      const placement = placedNow.get(annotation.id) ?? planned!.placements.get(annotation.id)!.placement;
      counts[placement.status] += 1;
      const stored = storedPlacement(annotation, version, placement);
      if (stored.exact !== annotation.exact) reworded.push(annotation.id);
      placements.push(stored);
    }
  }
  await storePlacements(tx, version.id, placements);
  // A quote the new version reworded is what a search of the notes now reads.
  await refreshSearchText(tx, reworded);
  return counts;
}

/** The transaction's client, or (planning before it) the database's. */
type Client = Tx | Database;

const PLACED_SELECT = {
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
} as const;

type PlacedAnnotation = Prisma.AnnotationGetPayload<{ select: typeof PLACED_SELECT }>;

/** The document's top-level annotations with a place on a version other than `versionId`. */
function placedAnnotations(
  client: Client,
  documentId: string,
  versionId: string | null,
  annotationIds?: readonly string[],
): Promise<PlacedAnnotation[]> {
  return client.annotation.findMany({
    where: {
      ...placedOnDocument(documentId),
      ...(versionId && { versionId: { not: versionId } }),
      ...(annotationIds && { id: { in: [...annotationIds] } }),
    },
    select: PLACED_SELECT,
  });
}

const placedOnDocument = (documentId: string) =>
  ({ documentId, parentId: null, exact: { not: null }, start: { not: null }, end: { not: null } }) satisfies Prisma.AnnotationWhereInput;

/** How many annotations a new version of the document would place, writing an anchor row for each: one count, before any placing. */
export function countPlacedAnnotations(client: Client, documentId: string): Promise<number> {
  return client.annotation.count({ where: placedOnDocument(documentId) });
}

const targetOf = (annotation: PlacedAnnotation) => ({
  exact: annotation.exact!,
  prefix: annotation.prefix ?? "",
  suffix: annotation.suffix ?? "",
  start: annotation.start!,
  end: annotation.end!,
});

/** Everything a placement was worked out from: a plan holds while this is unchanged. */
const placedFrom = (annotation: PlacedAnnotation) =>
  JSON.stringify([annotation.versionId, annotation.start, annotation.end, annotation.exact, annotation.prefix, annotation.suffix]);

async function versionText(client: Client, versionId: string): Promise<string> {
  return (await client.documentVersion.findUniqueOrThrow({ where: { id: versionId }, select: { text: true } })).text;
}

/** What was worked out before the transaction that writes the placements. */
export type PlannedPlacements = {
  /** By annotation id, with what each was worked out from. */
  placements: Map<string, { from: string; placement: Placement }>;
  /** Each source version compared with the new text, for the annotations the transaction places itself. */
  compared: Map<string, ComparedVersions>;
  /** Planned again already: a version it did not compare is compared in the transaction rather than planned a third time. */
  isLastTry?: boolean;
};

/** Thrown by reanchorOntoVersion, rolling its transaction back: a note was written meanwhile on a version the plan did not compare. */
export class PlanOutdated extends Error {
  constructor() {
    super("A note was written on another version while the new one's placements were worked out: planned again.");
  }
}

/**
 * Works out where every annotation of the document goes on `newText` before the transaction that
 * adds it as a version, in the worker process (./isolated-worker.ts, in `requesterId`'s turn). Its
 * comparisons are not kept (./compared-versions.ts keeps them by version id, and this text has none
 * yet). Placing a reading's thousands of annotations inside that transaction held the database's
 * write lock (on SQLite, every writer's) for all of it; on the server's thread, the word diff of a
 * long reading rewritten held every request for up to ~2 s in one piece, and the long quotes any
 * reader may write seconds more. reanchorOntoVersion then uses each placement whose annotation is as it
 * was, and places the rest itself.
 */
export async function planReanchoring(
  client: Client,
  documentId: string,
  newText: string,
  requesterId: string,
): Promise<PlannedPlacements> {
  const annotations = await placedAnnotations(client, documentId, null);
  const bySource = new Map<string, PlacedAnnotation[]>();
  for (const annotation of annotations) {
    const placedOnIt = bySource.get(annotation.versionId);
    if (placedOnIt) placedOnIt.push(annotation);
    else bySource.set(annotation.versionId, [annotation]);
  }
  const groups = [...bySource.entries()];
  const sources: PlacingSource[] = [];
  for (const [sourceId, placedOnIt] of groups)
    sources.push({ text: await versionText(client, sourceId), targets: placedOnIt.map(targetOf) });
  const planned: PlannedPlacements = { placements: new Map(), compared: new Map() };
  if (sources.length === 0) return planned;
  const { placements, maps } = await placeIsolated(sources, newText, requesterId);
  for (const [source, [sourceId, placedOnIt]] of groups.entries()) {
    for (const [index, annotation] of placedOnIt.entries())
      planned.placements.set(annotation.id, { from: placedFrom(annotation), placement: placements[source][index] });
    planned.compared.set(sourceId, compareVersions(sources[source].text, newText, maps[source]));
  }
  return planned;
}

/** Characters up to which two versions are compared on the server's thread (compareBeforePlacing). */
const SHORT_TEXT = 10_000;

/**
 * For a note written or moved on an older version than `latest`, before the transaction that places
 * it there: the two versions compared (./compared-versions.ts), unless kept from an earlier note;
 * by the worker in `requesterId`'s turn unless both are short. On the server's thread the word diff
 * of a long reading rewritten held every request for up to ~2 s, and notes naming one older version
 * after another (a reading of many versions) could keep it doing that.
 */
export async function compareBeforePlacing(
  source: { id: string; text: string },
  latest: { id: string; text: string },
  requesterId: string,
): Promise<PlannedPlacements> {
  // Short texts are compared here: at worst ~70 ms (10,000 characters whose every paragraph's words
  // were reordered; 28 ms for the article), less than waiting in the worker's line behind a reading.
  const isShort = source.text.length <= SHORT_TEXT && latest.text.length <= SHORT_TEXT;
  const compared = await comparedVersions(
    source.id,
    latest,
    async () => source.text,
    isShort ? undefined : (oldText, newText) => mapIsolated(oldText, newText, requesterId),
  );
  return { placements: new Map(), compared: new Map([[source.id, compared]]) };
}

/** Where one annotation stands on the new version, as it is stored (an orphan keeps its old quote). */
type StoredPlacement = {
  id: string;
  status: Placement["status"];
  score: number;
  exact: string | null;
  /** Null for an orphan: its selectors stay those of the version it was last placed on. */
  selectors: { exact: string; prefix: string; suffix: string; start: number; end: number; quoteWas: string | null } | null;
};

function storedPlacement(
  annotation: { id: string; exact: string | null; quoteWas: string | null },
  version: { text: string },
  placement: Placement,
): StoredPlacement {
  if (placement.status === "orphaned") {
    return { id: annotation.id, status: "orphaned", score: placement.score, exact: annotation.exact, selectors: null };
  }
  const { quote, position } = describeTextRange(version.text, placement.start, placement.end);
  // Found again on words a version changed ("so to speak" → "so to say"): the quote becomes the new
  // wording, and the words its author chose are kept beside it so the card can say they changed.
  // Through several versions it stays the first wording; words restored to it are unchanged again.
  const chosenWords = annotation.quoteWas ?? annotation.exact;
  // Words that differ only in how their accents are written (lib/text/nfc.ts) are the same words.
  const quoteWas = chosenWords === null || quote.exact.normalize("NFC") === chosenWords.normalize("NFC") ? null : chosenWords;
  return {
    id: annotation.id,
    status: placement.status,
    score: placement.score,
    exact: quote.exact,
    selectors: { exact: quote.exact, prefix: quote.prefix, suffix: quote.suffix, start: position.start, end: position.end, quoteWas },
  };
}

/**
 * Stores the placements twice: as each annotation's anchoring record for the new version, and on
 * the annotation itself. In a few statements whatever their number (../db/bulk-rows.ts):
 * a statement per annotation held a reading of 10,000 annotations in its write transaction for
 * ~20 s on SQLite. Re-anchoring is not an edit: the annotations keep their updatedAt.
 */
async function storePlacements(tx: Tx, versionId: string, placements: readonly StoredPlacement[]): Promise<void> {
  const none = { exact: null, prefix: null, suffix: null, start: null, end: null };
  await insertRows(
    tx,
    "AnnotationAnchor",
    ["annotationId", "versionId", "status", "score", "exact", "prefix", "suffix", "start", "end"],
    placements.map(({ id, status, score, selectors }) => {
      const { exact, prefix, suffix, start, end } = selectors ?? none;
      return { annotationId: id, versionId, status, score, exact, prefix, suffix, start, end };
    }),
    new Date(),
  );
  const placed = placements.flatMap(({ id, status, score, selectors }) =>
    selectors ? [{ id, versionId, anchorStatus: status, anchorScore: score, ...selectors }] : [],
  );
  await updateRowsById(
    tx,
    "Annotation",
    ["versionId", "anchorStatus", "anchorScore", "quoteWas", "exact", "prefix", "suffix", "start", "end"],
    placed,
  );
  const orphaned = placements.flatMap(({ id, status, score, selectors }) =>
    selectors ? [] : [{ id, anchorStatus: status, anchorScore: score }],
  );
  await updateRowsById(tx, "Annotation", ["anchorStatus", "anchorScore"], orphaned);
}
