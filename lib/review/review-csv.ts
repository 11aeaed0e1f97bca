import { csvField } from "@/lib/exports/csv";
import { RUBRIC_LABELS } from "./rubric";
import type { MemberReview, ReviewAnnotation, ReviewReply } from "./types";

export const STUDENTS_CSV_COLUMNS = [
  "name",
  "email",
  "annotations",
  "replies",
  "words",
  "score_total",
  "scored",
  "paragraphs_engaged",
  "last_activity",
] as const;

export const ANNOTATIONS_CSV_COLUMNS = [
  "author",
  "created",
  "scope",
  "quote",
  "note",
  "tags",
  "score",
  "replies",
  "feedback",
  "helpful",
] as const;

/** What a row of annotations.csv reads of a thread: no rendered HTML, so an export need not render Markdown. */
export type ReviewCsvThread = Pick<
  ReviewAnnotation,
  "author" | "createdAt" | "visibility" | "quote" | "body" | "tags" | "score" | "helpfulCount" | "isDeleted"
> & {
  replies: Pick<ReviewReply, "author" | "body" | "isFeedback">[];
};

export type ReviewCsvStudent = Pick<
  MemberReview,
  "name" | "email" | "annotations" | "replies" | "words" | "scoreTotal" | "scored" | "paragraphsEngaged" | "lastActivity"
>;

/**
 * RFC 4180 with CRLF line ends and a UTF-8 byte order mark, so Excel reads it as UTF-8; fields are
 * formula-safe. The file is this head, then one `…Row` per line: written as the rows are read.
 */
export function reviewCsvHead(columns: readonly string[]): string {
  return `\uFEFF${csvLine(columns)}`;
}

/** One student's (role "member") row: the numbers of the review table. */
export function studentsCsvRow(student: ReviewCsvStudent): string {
  return csvLine([
    student.name,
    student.email,
    String(student.annotations),
    String(student.replies),
    String(student.words),
    String(student.scoreTotal),
    String(student.scored),
    String(student.paragraphsEngaged.length),
    student.lastActivity ?? "",
  ]);
}

/**
 * One thread's row, with its conversation: replies and feedback each as "Name: text" joined by
 * " | " (exports that drop replies lose half the discussion — hypothesis/lms#689). The score is
 * "2 Proficient"; empty when not scored.
 */
export function annotationsCsvRow(groupName: string, annotation: ReviewCsvThread): string {
  return csvLine([
    annotation.author.name,
    annotation.createdAt,
    annotation.visibility === "instructors" ? `Instructors of ${groupName}` : `Group: ${groupName}`,
    annotation.quote,
    // Deleted by its author and kept for the replies in its thread, as the notes CSV says it.
    annotation.isDeleted ? "(deleted)" : annotation.body,
    annotation.tags.join(";"),
    annotation.score === null ? "" : `${annotation.score} ${RUBRIC_LABELS[annotation.score]}`,
    conversation(annotation.replies.filter((reply) => !reply.isFeedback)),
    conversation(annotation.replies.filter((reply) => reply.isFeedback)),
    String(annotation.helpfulCount),
  ]);
}

function conversation(replies: ReviewCsvThread["replies"]): string {
  return replies.map((reply) => `${reply.author.name}: ${reply.body}`).join(" | ");
}

function csvLine(fields: readonly string[]): string {
  return `${fields.map(csvField).join(",")}\r\n`;
}
