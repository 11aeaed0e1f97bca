import { beforeAll, describe, expect, it } from "vitest";
import { GET as exportCanvas } from "@/app/api/assignments/[id]/export/canvas.csv/route";
import { GET as exportMoodle } from "@/app/api/assignments/[id]/export/moodle.csv/route";
import { DELETE as deleteGrade, PUT as putGrade } from "@/app/api/assignments/[id]/grades/[userId]/route";
import { GET as getGrades } from "@/app/api/assignments/[id]/grades/route";
import { GET as getProgress } from "@/app/api/assignments/[id]/progress/route";
import { POST as release } from "@/app/api/assignments/[id]/release/route";
import { DELETE as deleteAssignment, PATCH as patchAssignment } from "@/app/api/assignments/[id]/route";
import { GET as listAssignments, POST as createAssignment } from "@/app/api/groups/[id]/assignments/route";
import { POST as moveRoute } from "@/app/api/annotations/move/route";
import { PATCH as patchAnnotation } from "@/app/api/annotations/[id]/route";
import { POST as importRoute } from "@/app/api/documents/[slug]/import/route";
import { GET as myAssignments } from "@/app/api/me/assignments/route";
import { db } from "@/server/db/client";
import { createApiToken } from "@/server/tokens/create-api-token";
import { createDocument, createGroup, createReading, createUsers, insertAnnotation, insertReply } from "@/tests/factories";
import { countWork } from "./grade-students";
import { selectAssignment } from "./assignment-dto";

// The API end to end on the real database: route handlers called with API tokens, as a script would.
const SLUG = "assignments-api-article";
const HOUR = 3_600_000;
// Due yesterday: on-time work is dated before it, late work is made now.
const dueAt = new Date(Date.now() - 24 * HOUR);
const opensAt = new Date(Date.now() - 72 * HOUR);
const onTime = new Date(Date.now() - 30 * HOUR);
const people = ["Ana Lima", "Ben Okafor", "Teacher", "Owner", "Outsider"] as const;
let users: Record<(typeof people)[number], { id: string; email: string }>;
let tokens: Record<string, string>;
let group: { id: string };
let otherGroup: { id: string };
let document: { id: string; slug: string };

type Json = Record<string, unknown>;
async function call(
  handler: (request: Request, context: never) => Promise<Response>,
  who: string | null,
  path: string,
  params: Record<string, string>,
  init: { method?: string; body?: unknown } = {},
): Promise<{ status: number; body: Json; text: string }> {
  const headers: Record<string, string> = who ? { authorization: `Bearer ${tokens[who]}` } : {};
  if (init.body !== undefined) headers["content-type"] = "application/json";
  const response = await handler(
    new Request(`http://localhost${path}`, {
      method: init.method ?? "GET",
      headers,
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    }),
    { params: Promise.resolve(params) } as never,
  );
  const text = await response.text();
  let body: Json = {};
  try {
    body = JSON.parse(text) as Json;
  } catch {
    // a CSV
  }
  return { status: response.status, body, text };
}

beforeAll(async () => {
  users = await createUsers(people, "assign-api.example.edu");
  tokens = Object.fromEntries(
    await Promise.all(
      people.map(async (name) => [
        name,
        (await createApiToken({ userId: users[name].id, name: "t", scope: "read-write", expiresInDays: null })).token,
      ]),
    ),
  );
  group = await createGroup(users.Owner, {
    name: "Seminar A",
    members: { instructor: [users.Teacher], member: [users["Ana Lima"], users["Ben Okafor"]] },
  });
  otherGroup = await createGroup(users.Outsider, { members: { member: [users["Ana Lima"]] } });
  document = await createDocument(SLUG);
});

describe("counting a student's work on the real database", () => {
  it("counts annotations and replies in the group's scopes on the reading, on time and late, and nothing else", async () => {
    const elsewhere = await createDocument(`${SLUG}-elsewhere`);
    const row = await db.assignment.create({
      data: {
        groupId: group.id,
        documentId: document.id,
        title: "Counting",
        opensAt: new Date(Date.now() - HOUR),
        dueAt,
        expectedAnnotations: 2,
        expectedReplies: 1,
      },
      select: { id: true },
    });
    const ana = users["Ana Lima"];
    const ben = users["Ben Okafor"];
    const benThread = await insertAnnotation(ben, document, { visibility: { group: group.id }, createdAt: onTime });
    // Counted for Ana: a group note, an instructors-only note (late), a reply in Ben's thread.
    await insertAnnotation(ana, document, { visibility: { group: group.id }, createdAt: onTime });
    await insertAnnotation(ana, document, { visibility: { instructors: group.id } });
    await insertReply(ana, benThread, { createdAt: onTime });
    // Not counted: private, public, another group's, deleted, on another reading, feedback, a reply in a public thread.
    await insertAnnotation(ana, document, { visibility: "private" });
    const publicThread = await insertAnnotation(ben, document, { visibility: "everyone" });
    await insertAnnotation(ana, document, { visibility: { group: otherGroup.id } });
    await insertAnnotation(ana, document, { visibility: { group: group.id }, deletedAt: new Date() });
    await insertAnnotation(ana, elsewhere, { visibility: { group: group.id } });
    await insertReply(ana, publicThread);
    await insertReply(users.Teacher, benThread, { isFeedback: true });

    const assignment = (await selectAssignment(row.id))!;
    const work = await countWork(assignment, [ana.id, ben.id, users.Teacher.id]);
    const summary = (id: string) => (work.get(id) ?? []).map((item) => `${item.kind}${item.handedInAt > dueAt ? " (late)" : ""}`).sort();
    expect(summary(ana.id)).toEqual(["annotation", "annotation (late)", "reply"]);
    expect(summary(ben.id)).toEqual(["annotation"]);
    expect(summary(users.Teacher.id)).toEqual([]);
    await db.assignment.delete({ where: { id: row.id } });
    await db.annotation.deleteMany({ where: { documentId: document.id } });
  });

  // QA round 6: three empty highlights and a reply to one of them met "3 annotations and 1 reply" in full.
  it("counts only work that says something: a highlight once it has a comment, a reply once it answers someone", async () => {
    const reading = await createDocument(`${SLUG}-says-something`);
    const row = await db.assignment.create({
      data: { groupId: group.id, documentId: reading.id, title: "Empty work", opensAt, dueAt, expectedAnnotations: 3, expectedReplies: 1 },
      select: { id: true },
    });
    try {
      const ana = users["Ana Lima"];
      const ben = users["Ben Okafor"];
      const inGroup = { visibility: { group: group.id } };
      // Not counted: bare highlights (an empty body is what a comment of spaces or zero-width characters
      // is stored as), and replies in Ana's own thread written before anyone else wrote there.
      const bare = await insertAnnotation(ana, reading, { ...inGroup, body: "" });
      await insertAnnotation(ana, reading, { ...inGroup, body: "" });
      await insertReply(ana, bare, { body: "ok", createdAt: new Date(Date.now() - 3 * HOUR) });
      const mine = await insertAnnotation(ana, reading, { ...inGroup, body: "My reading of it." });
      await insertReply(ana, mine, { body: "And another thought.", createdAt: new Date(Date.now() - 3 * HOUR) });
      const work = async () =>
        ((await countWork((await selectAssignment(row.id))!, [ana.id, ben.id])).get(ana.id) ?? []).map((item) => item.kind).sort();
      expect(await work()).toEqual(["annotation"]);

      // Counted: her answer in her own thread once Ben has written there (his reply counts for him), a reply
      // in Ben's thread, and an answer to the teacher's feedback in her thread.
      await insertReply(ben, mine, { body: "I read it otherwise.", createdAt: new Date(Date.now() - 2 * HOUR) });
      await insertReply(ana, mine, { body: "Why?", createdAt: new Date(Date.now() - HOUR) });
      const bens = await insertAnnotation(ben, reading, { ...inGroup, body: "A question." });
      await insertReply(ana, bens, { body: "An answer." });
      const another = await insertAnnotation(ana, reading, { ...inGroup, body: "A second note." });
      await insertReply(users.Teacher, another, { isFeedback: true, body: "Say more.", createdAt: new Date(Date.now() - 2 * HOUR) });
      await insertReply(ana, another, { body: "More.", createdAt: new Date(Date.now() - HOUR) });
      expect(await work()).toEqual(["annotation", "annotation", "reply", "reply", "reply"]);
      expect(((await countWork((await selectAssignment(row.id))!, [ben.id])).get(ben.id) ?? []).map((item) => item.kind).sort()).toEqual([
        "annotation",
        "reply",
      ]);
    } finally {
      await db.assignment.delete({ where: { id: row.id } });
    }
  });

  it("counts work as handed in when it reached the group: an import dated before the due time, or a private note, shared after it is late", async () => {
    const reading = await createDocument(`${SLUG}-handed-in`);
    const row = await db.assignment.create({
      data: { groupId: group.id, documentId: reading.id, title: "Handed in", opensAt, dueAt, expectedAnnotations: 3, expectedReplies: 0 },
      select: { id: true },
    });
    // Removed however the test ends: the other tests list the group's assignments.
    try {
      const ana = users["Ana Lima"];
      const handedIn = async () => {
        const work = (await countWork((await selectAssignment(row.id))!, [ana.id])).get(ana.id)!;
        return work.map((item) => (item.handedInAt > dueAt ? "late" : "on time")).sort();
      };
      // Made in the group before the due time (as an older database's rows, handed in when made): on time.
      await insertAnnotation(ana, reading, { visibility: { group: group.id }, createdAt: onTime });
      // A file from another tool, its annotation dated before the due time, imported (private) now...
      const exact = "divergent interests";
      const file = {
        export_date: onTime.toISOString(),
        annotations: [
          {
            id: "forged-1",
            created: onTime.toISOString(),
            updated: onTime.toISOString(),
            user: "acct:ana@hypothes.is",
            uri: "https://www.example.com/article",
            text: "Written, it says, before the due time.",
            tags: [],
            target: [{ source: "https://www.example.com/article", selector: [{ type: "TextQuoteSelector", exact }] }],
          },
        ],
      };
      const imported = await call(
        importRoute,
        "Ana Lima",
        `/api/documents/${reading.slug}/import`,
        { slug: reading.slug },
        {
          method: "POST",
          body: file,
        },
      );
      expect(imported.status, imported.text).toBe(200);
      expect(imported.body).toMatchObject({ imported: 1 });
      const importedId = (await db.annotation.findFirstOrThrow({ where: { documentId: reading.id, body: { startsWith: "Written" } } })).id;
      expect((await db.annotation.findUniqueOrThrow({ where: { id: importedId } })).createdAt).toEqual(onTime);
      // ...and a private note written before the due time.
      const privateNote = await insertAnnotation(ana, reading, { visibility: "private", createdAt: onTime });
      expect(await handedIn()).toEqual(["on time"]);

      // Both shared with the group now, after the due time: late, whatever their own dates say.
      const moved = await call(
        moveRoute,
        "Ana Lima",
        "/api/annotations/move",
        {},
        {
          method: "POST",
          body: { ids: [importedId], visibility: { group: group.id } },
        },
      );
      expect(moved.status, moved.text).toBe(200);
      const patched = await call(
        patchAnnotation,
        "Ana Lima",
        `/api/annotations/${privateNote.id}`,
        { id: privateNote.id },
        {
          method: "PATCH",
          body: { visibility: { group: group.id } },
        },
      );
      expect(patched.status, patched.text).toBe(200);
      expect(await handedIn()).toEqual(["late", "late", "on time"]);

      // Between the group's own scopes, it stays as handed in: the on-time note moved to the instructors only is still on time.
      const onTimeNote = await db.annotation.findFirstOrThrow({
        where: { documentId: reading.id, authorId: ana.id, createdAt: onTime, sharedAt: null },
      });
      const toInstructors = await call(
        patchAnnotation,
        "Ana Lima",
        `/api/annotations/${onTimeNote.id}`,
        { id: onTimeNote.id },
        {
          method: "PATCH",
          body: { visibility: { instructors: group.id } },
        },
      );
      expect(toInstructors.status, toInstructors.text).toBe(200);
      expect(await handedIn()).toEqual(["late", "late", "on time"]);
    } finally {
      await db.assignment.delete({ where: { id: row.id } });
    }
  });

  it("counts a text rewritten after the due time as handed in then: a placeholder written later is late, a new colour is not", async () => {
    const reading = await createDocument(`${SLUG}-rewritten`);
    const row = await db.assignment.create({
      data: { groupId: group.id, documentId: reading.id, title: "Rewritten", opensAt, dueAt, expectedAnnotations: 3, expectedReplies: 1 },
      select: { id: true },
    });
    try {
      const ana = users["Ana Lima"];
      const handedIn = async () => {
        const work = (await countWork((await selectAssignment(row.id))!, [ana.id])).get(ana.id)!;
        return work.map((item) => `${item.kind} ${item.handedInAt > dueAt ? "late" : "on time"}`).sort();
      };
      const patch = async (id: string, body: Json) => {
        const response = await call(patchAnnotation, "Ana Lima", `/api/annotations/${id}`, { id }, { method: "PATCH", body });
        expect(response.status, response.text).toBe(200);
      };
      // Posted before the due time as they are handed in: a placeholder, a reply, a note, a private note.
      const placeholder = await insertAnnotation(ana, reading, { visibility: { group: group.id }, body: ".", createdAt: onTime });
      const bensThread = await insertAnnotation(users["Ben Okafor"], reading, { visibility: { group: group.id }, createdAt: onTime });
      const reply = await insertReply(ana, bensThread, { body: "+1", createdAt: onTime });
      const recoloured = await insertAnnotation(ana, reading, { visibility: { group: group.id }, body: "Done.", createdAt: onTime });
      const privateNote = await insertAnnotation(ana, reading, { visibility: "private", body: "Mine.", createdAt: onTime });
      expect(await handedIn()).toEqual(["annotation on time", "annotation on time", "reply on time"]);

      // Now, after the due time: the placeholder and the reply are written; the note is recoloured, retagged and
      // sent again with the text it has; the private note is rewritten where only its author reads it.
      await patch(placeholder.id, { body: "The real answer, written after the due time." });
      await patch(reply.id, { body: "A real reply." });
      await patch(recoloured.id, { body: "Done.", color: "green", tags: ["week-1"] });
      await patch(privateNote.id, { body: "Still mine." });
      expect(await handedIn()).toEqual(["annotation late", "annotation on time", "reply late"]);
      expect((await db.annotation.findUniqueOrThrow({ where: { id: privateNote.id } })).sharedAt).toBeNull();
    } finally {
      await db.assignment.delete({ where: { id: row.id } });
    }
  });
});

describe("the assignments API", () => {
  let id: string;
  const body = () => ({
    document: SLUG,
    title: "Week 1: the opening",
    instructions: "Annotate **two** claims and reply once.",
    opensAt: opensAt.toISOString(),
    dueAt: dueAt.toISOString(),
    expectations: { annotations: 2, replies: 1 },
    grading: { mode: "scaled", points: 10, count: "separate", latePenaltyPercent: 50 },
  });

  it("lets the staff assign a reading the group can read, and no one else", async () => {
    const base = `/api/groups/${group.id}/assignments`;
    expect((await call(createAssignment, "Ana Lima", base, { id: group.id }, { method: "POST", body: body() })).status).toBe(403);
    expect((await call(createAssignment, "Outsider", base, { id: group.id }, { method: "POST", body: body() })).status).toBe(404);
    // Anonymous callers are refused in server/authz/assignments.test.ts: outside Next there is no session to look up.
    const privateReading = await createReading(users.Teacher, `${SLUG}-private`);
    const refused = await call(
      createAssignment,
      "Teacher",
      base,
      { id: group.id },
      { method: "POST", body: { ...body(), document: privateReading.slug } },
    );
    expect(refused.status).toBe(404);
    const backwards = await call(
      createAssignment,
      "Teacher",
      base,
      { id: group.id },
      { method: "POST", body: { ...body(), opensAt: new Date().toISOString(), dueAt: dueAt.toISOString() } },
    );
    expect(backwards.status).toBe(400);

    const created = await call(createAssignment, "Teacher", base, { id: group.id }, { method: "POST", body: body() });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      title: "Week 1: the opening",
      document: { slug: SLUG },
      expectations: { annotations: 2, replies: 1 },
      grading: { mode: "scaled", points: 10, count: "separate", latePenaltyPercent: 50 },
      gradesReleasedAt: null,
    });
    id = created.body.id as string;
    // A later one, not open yet: the staff see it, students do not.
    const later = await call(
      createAssignment,
      "Owner",
      base,
      { id: group.id },
      {
        method: "POST",
        body: {
          ...body(),
          title: "Week 2",
          opensAt: new Date(Date.now() + 24 * HOUR).toISOString(),
          dueAt: new Date(Date.now() + 48 * HOUR).toISOString(),
        },
      },
    );
    expect(later.status).toBe(201);
    const titles = async (who: string) =>
      ((await call(listAssignments, who, base, { id: group.id })).body.assignments as Array<{ title: string }>).map((a) => a.title);
    expect(await titles("Teacher")).toEqual(["Week 1: the opening", "Week 2"]);
    expect(await titles("Ana Lima")).toEqual(["Week 1: the opening"]);
    expect((await call(listAssignments, "Outsider", base, { id: group.id })).status).toBe(404);
  });

  it("shows progress: everyone's to the staff, only their own to a student, and grades only once released", async () => {
    const ana = users["Ana Lima"];
    const ben = users["Ben Okafor"];
    // Ana: two annotations and a reply (to her teacher's question) on time. Ben: one annotation late.
    const question = await insertAnnotation(users.Teacher, document, { visibility: { group: group.id }, createdAt: onTime });
    await insertAnnotation(ana, document, { visibility: { group: group.id }, createdAt: onTime });
    await insertAnnotation(ana, document, { visibility: { group: group.id }, createdAt: onTime });
    await insertReply(ana, question, { createdAt: onTime });
    await insertAnnotation(ben, document, { visibility: { group: group.id } });

    const path = `/api/assignments/${id}/progress`;
    const staffView = (await call(getProgress, "Teacher", path, { id })).body.progress as Array<Json>;
    expect(staffView.map((row) => [(row.student as Json).name, row.status, row.remainingText])).toEqual([
      ["Ana Lima", "done", ""],
      ["Ben Okafor", "late", "1 more annotation and 1 more reply"],
    ]);
    const anaView = (await call(getProgress, "Ana Lima", path, { id })).body.progress as Array<Json>;
    expect(anaView.map((row) => (row.student as Json).id)).toEqual([ana.id]);
    expect((await call(getProgress, "Outsider", path, { id })).status).toBe(404);

    const grades = `/api/assignments/${id}/grades`;
    expect((await call(getGrades, "Ana Lima", grades, { id })).status).toBe(403);
    const staffGrades = (await call(getGrades, "Teacher", grades, { id })).body;
    // Ben: 1 of 2 annotations late = a quarter of the grade (2.5), halved by the 50 % penalty.
    expect((staffGrades.grades as Array<Json>).map((row) => [row.email, row.computed, row.grade])).toEqual([
      [ana.email, 10, 10],
      [ben.email, 1.25, 1.25],
    ]);

    const override = await call(
      putGrade,
      "Teacher",
      `${grades}/${ben.id}`,
      { id, userId: ben.id },
      { method: "PUT", body: { points: 4, reason: "Presented in class" } },
    );
    expect(override.status).toBe(200);
    expect(override.body).toMatchObject({ computed: 1.25, grade: 4, override: { points: 4, reason: "Presented in class", by: "Teacher" } });
    expect(
      (
        await call(
          putGrade,
          "Ana Lima",
          `${grades}/${ana.id}`,
          { id, userId: ana.id },
          { method: "PUT", body: { points: 10, reason: "me" } },
        )
      ).status,
    ).toBe(403);
    expect(
      (
        await call(
          putGrade,
          "Teacher",
          `${grades}/${users.Owner.id}`,
          { id, userId: users.Owner.id },
          { method: "PUT", body: { points: 1, reason: "x" } },
        )
      ).status,
    ).toBe(404);

    expect((await call(release, "Ben Okafor", `/api/assignments/${id}/release`, { id }, { method: "POST" })).status).toBe(403);
    expect((await call(release, "Teacher", `/api/assignments/${id}/release`, { id }, { method: "POST" })).status).toBe(200);
    const benGrades = (await call(getGrades, "Ben Okafor", grades, { id })).body;
    expect(benGrades.released).toBe(true);
    expect((benGrades.grades as Array<Json>).map((row) => [(row.student as Json).id, row.grade, row.email])).toEqual([[ben.id, 4, null]]);

    const mine = (await call(myAssignments, "Ben Okafor", "/api/me/assignments", {})).body.assignments as Array<Json>;
    expect(mine.map((row) => [row.title, row.grade, (row.progress as Json).status])).toEqual([["Week 1: the opening", 4, "late"]]);
  });

  it("exports exactly the rows Canvas and Moodle import, for the staff only", async () => {
    const ana = users["Ana Lima"];
    const ben = users["Ben Okafor"];
    const canvas = await call(exportCanvas, "Teacher", `/api/assignments/${id}/export/canvas.csv`, { id });
    expect(canvas.status).toBe(200);
    expect(canvas.text.split("\r\n")).toEqual([
      "Student,ID,SIS User ID,SIS Login ID,Section,Week 1: the opening",
      "Points Possible,,,,,10",
      `"Lima, Ana",,,${ana.email},,10`,
      `"Okafor, Ben",,,${ben.email},,4`,
      "",
    ]);
    const moodle = await call(exportMoodle, "Owner", `/api/assignments/${id}/export/moodle.csv`, { id });
    expect(moodle.text.split("\r\n")).toEqual(["email,Week 1: the opening", `${ana.email},10`, `${ben.email},4`, ""]);
    expect((await call(exportCanvas, "Ana Lima", `/api/assignments/${id}/export/canvas.csv`, { id })).status).toBe(403);
  });

  it("lets the staff take an override back (the computed grade again), and no one else", async () => {
    const ben = users["Ben Okafor"];
    const url = `/api/assignments/${id}/grades/${ben.id}`;
    const params = { id, userId: ben.id };
    expect((await call(deleteGrade, "Ben Okafor", url, params, { method: "DELETE" })).status).toBe(403);
    const removed = await call(deleteGrade, "Teacher", url, params, { method: "DELETE" });
    expect(removed.status).toBe(200);
    expect(removed.body).toMatchObject({ computed: 1.25, grade: 1.25, override: null });
    // Taking back none changes nothing; a student of no group here is 404.
    expect((await call(deleteGrade, "Teacher", url, params, { method: "DELETE" })).body).toMatchObject({ grade: 1.25, override: null });
    const owner = { id, userId: users.Owner.id };
    expect(
      (await call(deleteGrade, "Teacher", `/api/assignments/${id}/grades/${users.Owner.id}`, owner, { method: "DELETE" })).status,
    ).toBe(404);
    // As it was for the tests after this one.
    await call(putGrade, "Teacher", url, params, { method: "PUT", body: { points: 4, reason: "Presented in class" } });
  });

  it("closes, edits and deletes for the staff; closing stops later work counting", async () => {
    const path = `/api/assignments/${id}`;
    expect((await call(patchAssignment, "Ana Lima", path, { id }, { method: "PATCH", body: { title: "Mine now" } })).status).toBe(403);
    const closed = await call(
      patchAssignment,
      "Teacher",
      path,
      { id },
      { method: "PATCH", body: { closed: true, title: "Week 1 (closed)" } },
    );
    expect(closed.body).toMatchObject({ title: "Week 1 (closed)" });
    expect(closed.body.closedAt).toEqual(expect.any(String));
    const afterClosing = new Date(Date.now() + 1000);
    const anaThread = await insertAnnotation(users["Ana Lima"], document, { visibility: { group: group.id }, createdAt: afterClosing });
    await insertReply(users["Ben Okafor"], anaThread, { createdAt: afterClosing });
    const progress = (await call(getProgress, "Ben Okafor", `${path}/progress`, { id })).body.progress as Array<Json>;
    expect(progress[0].counts).toEqual({ annotations: 1, replies: 0 });

    expect((await call(deleteAssignment, "Ben Okafor", path, { id }, { method: "DELETE" })).status).toBe(403);
    const deleted = await call(deleteAssignment, "Owner", path, { id }, { method: "DELETE" });
    expect(deleted.body).toEqual({ deleted: id, overridesDeleted: 1 });
    expect((await call(getProgress, "Teacher", `${path}/progress`, { id })).status).toBe(404);
    // The students' writing stays.
    expect(await db.annotation.count({ where: { documentId: document.id, authorId: users["Ben Okafor"].id } })).toBeGreaterThan(0);
  });
});
