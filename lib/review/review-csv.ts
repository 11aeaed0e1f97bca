import { csvField } from "@/lib/exports/csv";
import { RUBRIC_LABELS } from "./rubric";
import type { GroupReview, ReviewReply } from "./types";

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

/** One row per student (role "member"): the numbers of the review table. */
export function toStudentsCsv(review: GroupReview): string {
  return toCsv([
    [...STUDENTS_CSV_COLUMNS],
    ...review.students.map((student) => [
      student.name,
      student.email,
      String(student.annotations),
      String(student.replies),
      String(student.words),
      String(student.scoreTotal),
      String(student.scored),
      String(student.paragraphsEngaged.length),
      student.lastActivity ?? "",
    ]),
  ]);
}

/**
 * One row per thread, with its conversation: replies and feedback each as "Name: text" joined by
 * " | " (exports that drop replies lose half the discussion — hypothesis/lms#689). The score is
 * "2 Proficient"; empty when not scored.
 */
export function toAnnotationsCsv(review: GroupReview): string {
  return toCsv([
    [...ANNOTATIONS_CSV_COLUMNS],
    ...review.annotations.map((annotation) => [
      annotation.author.name,
      annotation.createdAt,
      annotation.visibility === "instructors" ? `Instructors of ${review.group.name}` : `Group: ${review.group.name}`,
      annotation.quote,
      annotation.body,
      annotation.tags.join(";"),
      annotation.score === null ? "" : `${annotation.score} ${RUBRIC_LABELS[annotation.score]}`,
      conversation(annotation.replies.filter((reply) => !reply.isFeedback)),
      conversation(annotation.replies.filter((reply) => reply.isFeedback)),
      String(annotation.helpfulCount),
    ]),
  ]);
}

function conversation(replies: ReviewReply[]): string {
  return replies.map((reply) => `${reply.author.name}: ${reply.body}`).join(" | ");
}

/** RFC 4180 with CRLF line ends and a UTF-8 byte order mark, so Excel reads it as UTF-8; fields are formula-safe. */
function toCsv(rows: string[][]): string {
  return `\uFEFF${rows.map((row) => row.map(csvField).join(",")).join("\r\n")}\r\n`;
}
