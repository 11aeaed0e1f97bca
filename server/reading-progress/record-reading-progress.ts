import "server-only";
import { paragraphRanges } from "@/lib/documents/canonical-text";
import { AppError } from "@/lib/errors";
import { furthestWithinPace, wordsBeforeEachParagraph } from "@/lib/reading-progress/pace";
import { furthestPermille, type TRecordReadingProgressSchema } from "@/lib/reading-progress/schemas";
import { canReadDocument, DOCUMENT_ACCESS_FIELDS } from "@/server/authz/documents";
import { assertSignedIn, type Viewer } from "@/server/authz/groups";
import { loadViewerAccess } from "@/server/authz/viewer-access";
import { db, Prisma } from "@/server/db/client";
import { WriteRateLimiter } from "@/server/limits/write-rate";
import { ACTIVE_TIME_SLACK_MS, bookActiveSeconds } from "./active-time-ledger";
import { isReadingProgressOn } from "./reading-progress-switch";

/**
 * Beacons per reader, in their own bucket: one reading tab sends two a minute; this leaves room for
 * several tabs and for the page-hide beacons of quick back-and-forth, and stops a script.
 */
const PROGRESS_RATE = { burst: 20, perMinute: 12 };

/** Versions are immutable, so their paragraphs' word counts can be remembered (bounded: oldest forgotten first). */
const paragraphWords = new Map<string, number[]>();
const MAX_REMEMBERED_VERSIONS = 500;

/**
 * Records what the reading page saw: the furthest paragraph (only ever moves further, and only as far
 * as the reader's active time on this reading allows at a generous pace: lib/reading-progress/pace.ts)
 * and this page view's running total of active seconds (only ever grows, and never past the time the session has
 * existed plus a minute of slack (two batch intervals) — so a forged or replayed total cannot add more than the
 * wall clock allows; and over all of a reader's page views at once, no more than the wall clock
 * either: ./active-time-ledger.ts). Both are idempotent: the same batch sent twice, or batches out of order, give
 * the same rows. Any reader who may read the document records their own progress; who may *see* it
 * is decided in server/authz/assignments.ts.
 */
export async function recordReadingProgress(
  viewer: Viewer,
  slug: string,
  input: TRecordReadingProgressSchema,
  now = new Date(),
): Promise<void> {
  if (!isReadingProgressOn()) throw new AppError("NOT_FOUND", "Reading progress is not recorded on this server.");
  assertSignedIn(viewer, "record reading progress");
  const userId = viewer!.id;
  const document = await db.document.findUnique({ where: { slug }, select: DOCUMENT_ACCESS_FIELDS });
  if (!document || !canReadDocument(await loadViewerAccess(viewer, { documentId: document.id }), document)) {
    throw new AppError("NOT_FOUND", `No document "${slug}".`);
  }
  const wordsBefore = await wordsBeforeParagraphs(document.id, input.version);
  if (wordsBefore === null) throw new AppError("NOT_FOUND", "No such version of this document.");

  const verdict = await new WriteRateLimiter().take(userId, PROGRESS_RATE, "reading-progress");
  if (!verdict.isAllowed) {
    throw new AppError("RATE_LIMITED", "Reading progress is sent too often; nothing was recorded.", {
      retryAfterSeconds: verdict.retryAfterSeconds,
    });
  }

  // Time first: how far the reader can have got depends on it.
  if (input.activeSeconds > 0) await recordActiveSeconds(userId, document.id, input, now);

  // Over every page view of this reading (each capped by the clock and booked once by the ledger).
  const activeSeconds =
    (await db.readingSession.aggregate({ where: { userId, documentId: document.id }, _sum: { activeSeconds: true } }))._sum.activeSeconds ??
    0;
  const paragraphCount = wordsBefore.length;
  // Past the end is the last paragraph; further than the time spent allows waits for more time.
  const furthestParagraph = Math.max(
    0,
    Math.min(input.furthestParagraph, paragraphCount - 1, furthestWithinPace(wordsBefore, activeSeconds)),
  );
  const permille = furthestPermille(furthestParagraph, paragraphCount);
  const progress = { versionId: input.version, furthestParagraph, paragraphCount, furthestPermille: permille };
  await onceEvenIfRacing(async () => {
    const { count } = await db.readingProgress.updateMany({
      where: { userId, documentId: document.id, furthestPermille: { lt: permille } },
      data: progress,
    });
    if (count === 0 && !(await db.readingProgress.findUnique({ where: { userId_documentId: { userId, documentId: document.id } } }))) {
      await db.readingProgress.create({ data: { userId, documentId: document.id, ...progress } });
    }
  });
}

/** Adds what is new in this page view's running total, as far as the clock and the ledger allow. */
async function recordActiveSeconds(userId: string, documentId: string, input: TRecordReadingProgressSchema, now: Date): Promise<void> {
  const sessionKey = { userId, documentId, id: input.session };
  await onceEvenIfRacing(async () => {
    const session = await db.readingSession.findUnique({
      where: { userId_documentId_id: sessionKey },
      select: { createdAt: true, activeSeconds: true },
    });
    const startedAt = session?.createdAt ?? now;
    const counted = session?.activeSeconds ?? 0;
    // A session's first batch comes at most one interval after the page opened; later ones claim
    // no more than the time it has existed. The ledger then books what is new, once over all of
    // this reader's page views.
    const claimable = session
      ? Math.floor((now.getTime() - startedAt.getTime() + ACTIVE_TIME_SLACK_MS) / 1000)
      : ACTIVE_TIME_SLACK_MS / 1000;
    const booked = await bookActiveSeconds(userId, Math.min(input.activeSeconds, claimable) - counted, startedAt, now);
    if (!session) {
      await db.readingSession.create({ data: { ...sessionKey, createdAt: startedAt, activeSeconds: booked } });
      return;
    }
    if (booked === 0) return;
    // Conditional: a batch of the same page view that landed meanwhile already moved the total,
    // and the total only ever grows (a lost race counts less, never twice).
    await db.readingSession.updateMany({ where: { ...sessionKey, activeSeconds: counted }, data: { activeSeconds: counted + booked } });
  });
}

async function wordsBeforeParagraphs(documentId: string, versionId: string): Promise<number[] | null> {
  // Keyed by both: a version id must also be a version of this document.
  const key = `${documentId}/${versionId}`;
  const known = paragraphWords.get(key);
  if (known !== undefined) return known;
  const version = await db.documentVersion.findFirst({ where: { id: versionId, documentId }, select: { text: true } });
  if (!version) return null;
  const wordsBefore = wordsBeforeEachParagraph(paragraphRanges(version.text).map((paragraph) => paragraph.text));
  if (paragraphWords.size >= MAX_REMEMBERED_VERSIONS) paragraphWords.delete(paragraphWords.keys().next().value!);
  paragraphWords.set(key, wordsBefore);
  return wordsBefore;
}

/** Two first batches racing both try to create the row; the loser's update then applies as usual. */
async function onceEvenIfRacing(write: () => Promise<void>): Promise<void> {
  try {
    await write();
  } catch (error) {
    if (!(error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002")) throw error;
    await write();
  }
}
