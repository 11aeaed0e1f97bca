import { csvField } from "@/lib/exports/csv";
import { RUBRIC_LABELS, type RubricPoints } from "./rubric";
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

/**
 * One row per piece of work: a thread's annotation, then each reply in it (`kind`), so a reply's
 * score is on its own row and summing `points` per `email` gives students.csv's `score_total`.
 * `thread` is the annotation's id on all of its rows; `feedback` is the instructors' feedback on that
 * row's item only.
 */
export const ANNOTATIONS_CSV_COLUMNS = [
  "thread",
  "kind",
  "author",
  "email",
  "created",
  "scope",
  "quote",
  "note",
  "tags",
  "score",
  "points",
  "feedback",
  "helpful",
] as const;

/** What annotations.csv reads of a thread: no rendered HTML, so an export need not render Markdown. */
export type ReviewCsvThread = Pick<
  ReviewAnnotation,
  "id" | "author" | "createdAt" | "visibility" | "quote" | "body" | "tags" | "score" | "helpfulCount" | "isDeleted"
> & {
  replies: Pick<ReviewReply, "id" | "author" | "body" | "isFeedback" | "feedbackOnId" | "score" | "createdAt">[];
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
 * A thread's rows: its annotation, then its replies in order, each with its own score and the
 * feedback on it ("Name: text" joined by " | "; feedback has no row of its own: it is about a row).
 * The score is "2 Proficient" and `points` its number; both empty when not scored. `emailOf` gives
 * a writer's address, null for someone no longer in the group: their work has no row, as they
 * have no row in students.csv nor the gradebooks (so each email's rows still add up to its
 * students.csv row). A member's reply in such a thread keeps its row, under the thread's id and quote.
 */
export function annotationsCsvRows(groupName: string, annotation: ReviewCsvThread, emailOf: (userId: string) => string | null): string {
  const scope = annotation.visibility === "instructors" ? `Instructors of ${groupName}` : `Group: ${groupName}`;
  const feedback = annotation.replies.filter((reply) => reply.isFeedback);
  const feedbackOn = (id: string) =>
    feedback
      .filter((item) => item.feedbackOnId === id)
      .map((item) => `${item.author.name}: ${item.body}`)
      .join(" | ");
  const row = (
    kind: "annotation" | "reply",
    item: { id: string; author: { id: string; name: string }; createdAt: string; score: RubricPoints | null },
    note: string,
    tags: string,
    helpful: string,
  ) => {
    const email = emailOf(item.author.id);
    if (email === null) return "";
    return csvLine([
      annotation.id,
      kind,
      item.author.name,
      email,
      item.createdAt,
      scope,
      annotation.quote,
      note,
      tags,
      item.score === null ? "" : `${item.score} ${RUBRIC_LABELS[item.score]}`,
      item.score === null ? "" : String(item.score),
      feedbackOn(item.id),
      helpful,
    ]);
  };
  return [
    // Deleted by its author and kept for the replies in its thread, as the notes CSV says it.
    row(
      "annotation",
      annotation,
      annotation.isDeleted ? "(deleted)" : annotation.body,
      annotation.tags.join(";"),
      String(annotation.helpfulCount),
    ),
    ...annotation.replies.filter((reply) => !reply.isFeedback).map((reply) => row("reply", reply, reply.body, "", "")),
  ].join("");
}

function csvLine(fields: readonly string[]): string {
  return `${fields.map(csvField).join(",")}\r\n`;
}
