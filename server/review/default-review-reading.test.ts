import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors";
import { db } from "@/server/db/client";
import { listDocuments } from "@/server/documents/list-documents";
import { annotate, createDocument, createGroup, createReading, createUser, type TestGroup, type TestUser } from "@/tests/factories";
import { defaultReviewReading } from "./default-review-reading";

const HOUR = 60 * 60 * 1000;
let teacher: TestUser;
let student: TestUser;
let seminar: TestGroup;

beforeAll(async () => {
  teacher = await createUser({ name: "Teacher" });
  student = await createUser({ name: "Student" });
  seminar = await createGroup(teacher, { name: "Default review", members: { member: [student] } });
});
afterAll(() => db.$disconnect());

/** The reading the review opens on for the teacher, among what the library lists for them. */
const opensOn = async (group = seminar) => defaultReviewReading(teacher, group.id, await listDocuments(teacher));

describe("the reading a group's review opens on", () => {
  it("is the reading the students worked on, not the reviewer's newest private upload", async () => {
    const worked = await createReading(teacher, "default-review-worked", { visibility: "group", groupId: seminar.id });
    await annotate(student, worked.slug, { group: seminar.id }, "the student's work");
    // The teacher's own notes to the group on a reading only they can open are not the class's work.
    const upload = await createReading(teacher, "default-review-private-upload");
    await annotate(teacher, upload.slug, { group: seminar.id }, "the teacher's own");
    expect((await listDocuments(teacher))[0].slug).toBe(upload.slug); // the library's first, as before
    expect(await opensOn()).toBe(worked.slug);
  });

  it("is the reading of the assignment open now before any other, then of the one due last", async () => {
    const assigned = await createDocument("default-review-assigned");
    const earlier = await createDocument("default-review-earlier");
    const assign = (documentId: string, opensAt: number, dueAt: number) =>
      db.assignment.create({
        data: {
          groupId: seminar.id,
          documentId,
          title: "Read",
          opensAt: new Date(Date.now() + opensAt),
          dueAt: new Date(Date.now() + dueAt),
        },
      });
    const past = await assign(earlier.id, -3 * HOUR, -2 * HOUR);
    expect(await opensOn()).toBe(earlier.slug);
    const open = await assign(assigned.id, -HOUR, HOUR);
    expect(await opensOn()).toBe(assigned.slug);
    // Closed assignments are done with: the reading with the students' work again.
    await db.assignment.updateMany({ where: { id: { in: [past.id, open.id] } }, data: { closedAt: new Date() } });
    expect(await opensOn()).toBe("default-review-worked");
  });

  it("is a reading shared with the group when no one has written, else the library's first", async () => {
    const quiet = await createGroup(teacher, { name: "Quiet", members: { member: [student] } });
    const shared = await createReading(student, "default-review-shared", { visibility: "group", groupId: quiet.id });
    expect(await opensOn(quiet)).toBe(shared.slug);
    const empty = await createGroup(teacher, { name: "Empty" });
    expect(await opensOn(empty)).toBe((await listDocuments(teacher))[0].slug);
  });

  it("tells a member who is not staff nothing: refused as the review is", async () => {
    const refusal = await defaultReviewReading(student, seminar.id, await listDocuments(student)).catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(AppError);
    expect((refusal as AppError).code).toBe("FORBIDDEN");
  });
});
