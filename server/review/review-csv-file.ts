import "server-only";
import { paragraphRanges } from "@/lib/documents/canonical-text";
import { AppError } from "@/lib/errors";
import { groupFileStem } from "@/lib/exports/notes-file";
import { toByteStream, type NotesFileStream } from "@/lib/exports/notes-file-stream";
import { isPlainMemberRole } from "@/lib/groups/roles";
import { MemberTally } from "@/lib/review/member-tally";
import { ANNOTATIONS_CSV_COLUMNS, annotationsCsvRows, reviewCsvHead, STUDENTS_CSV_COLUMNS, studentsCsvRow } from "@/lib/review/review-csv";
import type { Viewer } from "@/server/authz/groups";
import { EXPORT_BATCH_SIZE } from "@/server/annotations/stream-notes-export";
import { db } from "@/server/db/client";
import { attachmentStreamResponse } from "@/server/http/attachment";
import { assertExportSize } from "@/server/limits/export-size";
import {
  countReviewItems,
  findReviewMembers,
  loadReviewScope,
  reviewThreadPages,
  toReviewThread,
  type ReviewScope,
} from "./review-threads";

export type ReviewCsvKind = "students" | "annotations";

/**
 * A review export as a download, for GET /api/groups/{id}/export/{students,annotations}.csv: the
 * same numbers and threads as the review page, for the same people (owner and instructors).
 */
export async function reviewCsvResponse(viewer: Viewer, groupId: string, request: Request, kind: ReviewCsvKind): Promise<Response> {
  const slug = new URL(request.url).searchParams.get("document");
  if (!slug) throw new AppError("BAD_REQUEST", "Say which document: ?document=<slug>.");
  return attachmentStreamResponse(await streamReviewCsv(viewer, groupId, slug, kind));
}

/**
 * The review's CSV, written while the group's threads are read `batchSize` at a time
 * (reviewThreadPages), like the notes exports (server/annotations/stream-notes-export.ts): who may
 * export and the EXPORT_MAX_ANNOTATIONS limit (413) are decided before the stream exists, and a
 * failing database afterwards errors the stream rather than ending the file as if complete.
 * annotations.csv writes each page's rows (a thread's annotation, then each of its replies) as it is read; students.csv adds every page up into one
 * entry per member (MemberTally) and writes its rows at the end.
 */
export async function streamReviewCsv(
  viewer: Viewer,
  groupId: string,
  documentSlug: string,
  kind: ReviewCsvKind,
  batchSize = EXPORT_BATCH_SIZE,
): Promise<NotesFileStream> {
  const scope = await loadReviewScope(viewer, groupId, documentSlug);
  assertExportSize(await countReviewItems(scope), "Ask the operator to raise EXPORT_MAX_ANNOTATIONS.");
  const group = await db.group.findUniqueOrThrow({ where: { id: groupId }, select: { name: true } });
  return {
    filename: `${groupFileStem(group.name, scope.document.slug)}-${kind}.csv`,
    contentType: "text/csv; charset=utf-8",
    body: toByteStream(kind === "students" ? studentsCsvChunks(scope, batchSize) : annotationsCsvChunks(scope, group.name, batchSize)),
  };
}

async function* annotationsCsvChunks(scope: ReviewScope, groupName: string, batchSize: number): AsyncGenerator<string> {
  yield reviewCsvHead(ANNOTATIONS_CSV_COLUMNS);
  const emailOf = await reviewEmails(scope.groupId);
  for await (const rows of reviewThreadPages(scope, batchSize))
    yield rows.map((row) => annotationsCsvRows(groupName, toReviewThread(row), emailOf)).join("");
}

/**
 * The members' addresses, so annotations.csv's rows add up per student as students.csv's do (by
 * email); null for someone no longer a member, whose rows are left out (lib/review/review-csv.ts).
 */
export async function reviewEmails(groupId: string): Promise<(userId: string) => string | null> {
  const byId = new Map((await findReviewMembers(groupId)).map(({ user }) => [user.id, user.email]));
  return (userId) => byId.get(userId) ?? null;
}

async function* studentsCsvChunks(scope: ReviewScope, batchSize: number): AsyncGenerator<string> {
  yield reviewCsvHead(STUDENTS_CSV_COLUMNS);
  const members = await findReviewMembers(scope.groupId);
  const tally = new MemberTally(paragraphRanges(scope.document.version.text));
  for await (const rows of reviewThreadPages(scope, batchSize)) for (const row of rows) tally.add(row);
  const students = members.filter((member) => isPlainMemberRole(member.role));
  yield students.map(({ user }) => studentsCsvRow({ name: user.name, email: user.email, ...tally.of(user.id) })).join("");
}
