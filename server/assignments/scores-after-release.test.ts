import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/server/db/client";
import { getGroupReview } from "@/server/review/get-group-review";
import { releaseScores } from "@/server/review/release-scores";
import { createDocument, createGroup, createUsers, insertAnnotation, insertScore, type TestUser } from "@/tests/factories";
import { listGrades } from "./list-grades";
import { countScoresWaitingForRelease, releaseGrades } from "./release-grades";

// After the first release of grades the assignment page had no release left, and said nothing of
// scores given since: only the review page did. It now says what the review page says, from the same count.
const SLUG = "scores-after-release-article";
const HOUR = 3_600_000;
let people: Record<"Teacher" | "Ana Lima" | "Ben Okafor", TestUser>;
let group: { id: string };
let document: { id: string };

beforeAll(async () => {
  people = await createUsers(["Teacher", "Ana Lima", "Ben Okafor"] as const, "scores-after-release.example.edu");
  group = await createGroup(people.Teacher, { members: { member: [people["Ana Lima"], people["Ben Okafor"]] } });
  document = await createDocument(SLUG);
});

async function assign(title: string) {
  return db.assignment.create({
    data: {
      groupId: group.id,
      documentId: document.id,
      title,
      opensAt: new Date(Date.now() - 2 * HOUR),
      dueAt: new Date(Date.now() - HOUR),
      expectedAnnotations: 1,
      expectedReplies: 0,
      rubricPercent: 50,
    },
    select: { id: true },
  });
}

describe("scores given after grades are released", () => {
  it("are counted for the assignment page as the review page counts them, until released there", async () => {
    const { id } = await assign("Week 1");
    const anaNote = await insertAnnotation(people["Ana Lima"], document, { visibility: { group: group.id }, body: "On time" });
    await insertScore(anaNote, people.Teacher, 3);
    await releaseGrades(people.Teacher, id);
    expect(await countScoresWaitingForRelease(people.Teacher, id)).toBe(0);

    const benNote = await insertAnnotation(people["Ben Okafor"], document, { visibility: { group: group.id }, body: "Also mine" });
    await insertScore(benNote, people.Teacher, 3);
    expect(await countScoresWaitingForRelease(people.Teacher, id)).toBe(1);
    expect((await getGroupReview(people.Teacher, group.id, SLUG)).unreleasedScores).toBe(1);
    // Out of Ben's grade until released: his rubric part is nothing yet.
    const benGrade = async () =>
      (await listGrades(people.Teacher, id)).grades.find((grade) => grade.student.id === people["Ben Okafor"].id);
    expect((await benGrade())?.rubric).toBeNull();

    // The same release the review page's "Release scores" makes.
    expect(await releaseScores(people.Teacher, group.id, SLUG)).toEqual({ released: 1 });
    expect(await countScoresWaitingForRelease(people.Teacher, id)).toBe(0);
    expect((await benGrade())?.rubric).toBe(3);
  });

  it("wait for nothing where the group shows each score as it is given", async () => {
    await db.group.update({ where: { id: group.id }, data: { scoreRelease: "immediate" } });
    const { id } = await assign("Week 2");
    await releaseGrades(people.Teacher, id);
    const note = await insertAnnotation(people["Ana Lima"], document, { visibility: { group: group.id }, body: "Later" });
    await insertScore(note, people.Teacher, 2);
    expect(await countScoresWaitingForRelease(people.Teacher, id)).toBe(0);
    await db.group.update({ where: { id: group.id }, data: { scoreRelease: "manual" } });
  });

  it("are counted for the group's staff only", async () => {
    const { id } = await assign("Week 3");
    await expect(countScoresWaitingForRelease(people["Ana Lima"], id)).rejects.toMatchObject({ status: 403 });
  });
});
