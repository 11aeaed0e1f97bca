// Work by someone no longer in the group: students.csv and the gradebooks leave them out, so
// annotations.csv and class insight must too. annotations.csv kept their rows with a blank email
// (summing it per email no longer gave students.csv) and class insight counted their threads.
import { beforeAll, describe, expect, it } from "vitest";
import { ZCreateAssignmentSchema } from "@/lib/assignments/schemas";
import { createAssignment } from "@/server/assignments/create-assignment";
import { exportGradebook } from "@/server/assignments/export-gradebook";
import { getClassInsight } from "@/server/assignments/get-class-insight";
import { removeMember } from "@/server/groups/remove-member";
import { readCsv } from "@/tests/csv";
import { annotate, createDocument, createGroup, createUser, reply, type TestUser } from "@/tests/factories";
import { streamReviewCsv } from "./review-csv-file";

const SLUG = "removed-member-work";
let ana: TestUser, ben: TestUser, cleo: TestUser, teacher: TestUser;
let group: { id: string; name: string };
let assignmentId: string;
let cleoNoteId: string;

beforeAll(async () => {
  await createDocument(SLUG);
  [ana, ben, cleo, teacher] = await Promise.all(["Ana", "Ben", "Cleo", "Teacher"].map((name) => createUser({ name })));
  group = await createGroup(teacher, { name: "Seminar R", members: { member: [ana, ben, cleo] } });
  const input = ZCreateAssignmentSchema.parse({
    document: SLUG,
    title: "Week 1",
    opensAt: new Date(Date.now() - 86_400_000).toISOString(),
    dueAt: new Date(Date.now() + 86_400_000).toISOString(),
    expectations: { annotations: 1, replies: 1, readPercent: 0 },
  });
  assignmentId = (await createAssignment(teacher, group.id, input)).id;

  const anaNote = await annotate(ana, SLUG, { group: group.id }, { body: "Ana's reading", at: [0, 20] });
  const cleoNote = await annotate(cleo, SLUG, { group: group.id }, { body: "Cleo's reading", at: [0, 20] });
  cleoNoteId = cleoNote.id;
  await reply(cleo, anaNote.id, "Cleo answers Ana");
  // Ben's reply in Cleo's thread is his work: it stays, under Cleo's thread.
  await reply(ben, cleoNote.id, "Ben answers Cleo");
  await removeMember(teacher, group.id, cleo.id);
});

describe("work by someone removed from the group", () => {
  it("has no row in annotations.csv, whose rows per email add up to students.csv and the gradebook", async () => {
    const rows = await readCsv(await streamReviewCsv(teacher, group.id, SLUG, "annotations"));
    expect(rows.map((row) => [row.kind, row.author, row.email, row.thread])).toEqual([
      ["annotation", ana.name, ana.email, expect.any(String)],
      ["reply", ben.name, ben.email, cleoNoteId],
    ]);
    const students = await readCsv(await streamReviewCsv(teacher, group.id, SLUG, "students"));
    const plain = await readCsv(await exportGradebook(teacher, assignmentId, "plain"));
    for (const summary of [students, plain]) {
      expect(summary.map((row) => row.name).sort()).toEqual([ana.name, ben.name]);
      for (const row of summary) {
        const own = rows.filter((line) => line.email === row.email);
        expect({ annotations: Number(row.annotations), replies: Number(row.replies) }, row.name).toEqual({
          annotations: own.filter((line) => line.kind === "annotation").length,
          replies: own.filter((line) => line.kind === "reply").length,
        });
      }
    }
  });

  it("is not counted in class insight: neither their thread nor their reply", async () => {
    const insight = await getClassInsight(teacher, assignmentId);
    const threads = insight.paragraphs.flatMap((paragraph) => paragraph.threads);
    expect(threads.map((thread) => [thread.author, thread.replies])).toEqual([[ana.name, 0]]);
    expect(insight.paragraphs.reduce((sum, paragraph) => sum + paragraph.annotations, 0)).toBe(1);
    expect(insight.paragraphs.reduce((sum, paragraph) => sum + paragraph.replies, 0)).toBe(0);
    expect(insight.unplaced).toBe(0);
    expect([...insight.coverage.keys()]).toEqual([ana.id]);
  });
});
