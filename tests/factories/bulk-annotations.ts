// Thousands of annotations and replies on one document, written with createMany (no events or
// notifications), varied the way exports must cope with: every scope, colours and none, tags that
// Obsidian must clean, notes with commas, quotes, line breaks and formulas, threads that share a
// start and a creation time (order falls to the id), deleted threads with and without replies,
// deleted replies and instructors' feedback. Shared by export tests and `npm run bench:export`.
import { describeTextRange } from "@/lib/anchoring/text-quote";
import { HIGHLIGHT_COLORS } from "@/lib/annotations/colors";
import { databaseUrl } from "@/prisma/database-url";
import { backfillSearchText } from "@/scripts/db/backfill-search-text";
import { db } from "@/server/db/client";
import { tagRecord } from "@/lib/annotations/tag-key";

type Person = { id: string };

export type BulkNotes = {
  document: { id: string };
  threads: number;
  /** Threads are written by these people in turn; replies by the next one along. */
  authors: readonly Person[];
  /** The group whose "group" and "instructors" scopes some threads use, and its instructor (feedback). */
  group: { id: string; instructor: Person };
  /** Distinguishes the ids of several bulk sets in one database. */
  prefix: string;
};

const BODIES = [
  "",
  "plain note",
  'a "quoted", comma note',
  "line one\nline two\n\nafter a gap",
  "=SUM(A1:A9)",
  "ünïcode — ✓ #hash *stars*",
];
const TAGS = [[], ["term"], ["Two words", "#1984"], ["a/b/", "term"], ["term", "Two words"]];

export async function insertBulkNotes({ document, threads, authors, group, prefix }: BulkNotes): Promise<{ threadIds: string[] }> {
  const version = await db.documentVersion.findFirstOrThrow({ where: { documentId: document.id }, select: { id: true, text: true } });
  const base = Date.UTC(2026, 0, 1);
  const scopes = [
    { visibility: "everyone", groupId: null },
    { visibility: "private", groupId: null },
    { visibility: "group", groupId: group.id },
    { visibility: "instructors", groupId: group.id },
  ];
  const rows = Array.from({ length: threads }, (_, i) => {
    // Every third thread starts where the one before did, at the same instant: the id decides.
    const start = (Math.floor(i / 3) * 37) % (version.text.length - 30);
    const length = 5 + (i % 20);
    const { quote } = describeTextRange(version.text, start, start + length);
    return {
      id: `${prefix}-t-${String(i).padStart(6, "0")}`,
      documentId: document.id,
      versionId: version.id,
      authorId: authors[(i % 5) % authors.length].id,
      ...scopes[i % scopes.length],
      exact: quote.exact,
      prefix: quote.prefix,
      suffix: quote.suffix,
      start,
      end: start + length,
      body: BODIES[i % BODIES.length],
      color: i % 7 === 0 ? null : HIGHLIGHT_COLORS[i % HIGHLIGHT_COLORS.length],
      createdAt: new Date(base + Math.floor(i / 3) * 1000),
      deletedAt: i % 50 === 0 ? new Date(base) : null,
    };
  });
  await db.annotation.createMany({ data: rows });
  await db.annotationTag.createMany({
    data: rows.flatMap((row, i) => TAGS[i % TAGS.length].map((name) => ({ annotationId: row.id, ...tagRecord(name) }))),
  });
  // A reply in every third thread (so half the deleted ones keep theirs), every tenth reply deleted;
  // the group's instructor gives feedback on every eleventh group thread.
  const replies = rows.flatMap((thread, i) => {
    if (i % 3 !== 0) return [];
    const reply = {
      id: `${prefix}-r-${String(i).padStart(6, "0")}`,
      documentId: document.id,
      versionId: version.id,
      parentId: thread.id,
      authorId: authors[(i + 1) % authors.length].id,
      visibility: thread.visibility,
      groupId: thread.groupId,
      body: BODIES[(i + 2) % BODIES.length] || "a reply",
      createdAt: new Date(base + 10_000_000 + Math.floor(i / 6) * 1000),
      deletedAt: i % 30 === 0 ? new Date(base) : null,
    };
    if (thread.visibility !== "group" || i % 11 !== 0) return [reply];
    const feedback = {
      ...reply,
      id: `${prefix}-f-${String(i).padStart(6, "0")}`,
      authorId: group.instructor.id,
      isFeedback: true,
      deletedAt: null,
    };
    return [reply, feedback];
  });
  await db.annotation.createMany({ data: replies });
  // Rows written straight to the database have no searchText, as rows from before it: filled as `npm start` fills those.
  await backfillSearchText(databaseUrl());
  return { threadIds: rows.map((row) => row.id) };
}
