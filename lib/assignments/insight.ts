import type { ParagraphRange } from "@/lib/documents/canonical-text";
import { engagedParagraphs } from "@/lib/review/coverage";

/**
 * The class insight of an assignment (issue #13, Perusall's confusion report as the anchor): per
 * paragraph of the reading, how many of the group's threads, questions and replies sit on it, and
 * which threads. Pure: the server reads the threads (server/assignments/get-class-insight.ts).
 */

export type QuestionMarker = { color: string | null; tag: string | null };

export type InsightThread = {
  id: string;
  /** Over the current version's text; null for a thread with no place on it (orphaned, page notes). */
  start: number | null;
  end: number | null;
  author: { id: string; name: string };
  quote: string;
  color: string | null;
  tags: readonly string[];
  /** Replies in the thread, an instructor's private feedback left out. */
  replies: number;
};

export type ParagraphInsight = {
  index: number;
  excerpt: string;
  annotations: number;
  questions: number;
  replies: number;
  /** 0 (nothing) – 4 (the busiest paragraph): how dark the row's heat mark is; the numbers say the same in text. */
  heat: 0 | 1 | 2 | 3 | 4;
  threads: Array<{ id: string; author: string; quote: string; isQuestion: boolean; replies: number }>;
};

/** A thread is a question when it has the assignment's question colour, or its question tag (case-insensitively). */
export function isQuestion(thread: Pick<InsightThread, "color" | "tags">, marker: QuestionMarker): boolean {
  if (marker.color && thread.color === marker.color) return true;
  const tag = marker.tag?.toLowerCase();
  return !!tag && thread.tags.some((name) => name.toLowerCase() === tag);
}

const EXCERPT_LENGTH = 80;
const excerpt = (text: string) => (text.length > EXCERPT_LENGTH ? `${text.slice(0, EXCERPT_LENGTH - 1).trimEnd()}…` : text);

/** Every paragraph, in order, with what sits on it; a thread spanning two paragraphs counts on both. */
export function paragraphInsight(
  paragraphs: readonly ParagraphRange[],
  threads: readonly InsightThread[],
  marker: QuestionMarker,
): ParagraphInsight[] {
  const rows: ParagraphInsight[] = paragraphs.map((paragraph) => ({
    index: paragraph.index,
    excerpt: excerpt(paragraph.text),
    annotations: 0,
    questions: 0,
    replies: 0,
    heat: 0,
    threads: [],
  }));
  for (const thread of threads) {
    if (thread.start === null || thread.end === null) continue;
    const question = isQuestion(thread, marker);
    for (const index of engagedParagraphs(paragraphs, [{ start: thread.start, end: thread.end }])) {
      const row = rows[index];
      row.annotations += 1;
      if (question) row.questions += 1;
      row.replies += thread.replies;
      row.threads.push({
        id: thread.id,
        author: thread.author.name,
        quote: excerpt(thread.quote),
        isQuestion: question,
        replies: thread.replies,
      });
    }
  }
  const activity = (row: ParagraphInsight) => row.annotations + row.replies;
  const busiest = Math.max(0, ...rows.map(activity));
  for (const row of rows) row.heat = heatLevel(activity(row), busiest);
  return rows;
}

/** 0 for nothing, else 1–4 by quarters of the busiest paragraph's activity. */
export function heatLevel(activity: number, busiest: number): ParagraphInsight["heat"] {
  if (activity <= 0 || busiest <= 0) return 0;
  return Math.min(4, Math.max(1, Math.ceil((activity / busiest) * 4))) as ParagraphInsight["heat"];
}

/** Each author's engaged paragraphs (0-based, ascending): the review page's coverage strip, per student. */
export function coverageByAuthor(paragraphs: readonly ParagraphRange[], threads: readonly InsightThread[]): Map<string, number[]> {
  const spans = new Map<string, Array<{ start: number; end: number }>>();
  for (const thread of threads) {
    if (thread.start === null || thread.end === null) continue;
    spans.set(thread.author.id, [...(spans.get(thread.author.id) ?? []), { start: thread.start, end: thread.end }]);
  }
  return new Map([...spans].map(([authorId, list]) => [authorId, engagedParagraphs(paragraphs, list)]));
}
