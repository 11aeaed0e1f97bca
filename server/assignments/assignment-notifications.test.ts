import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ZCreateAssignmentSchema, ZGradeOverrideSchema } from "@/lib/assignments/schemas";
import { createAssignment } from "@/server/assignments/create-assignment";
import { deleteAssignment } from "@/server/assignments/delete-assignment";
import { releaseGrades } from "@/server/assignments/release-grades";
import { setGradeOverride } from "@/server/assignments/set-grade-override";
import { db } from "@/server/db/client";
import { createDocument, createGroup, createUsers, insertAnnotation, TEST_IP } from "@/tests/factories";
// What pages call: the reminders come due as their reader looks.
import {
  countUnreadNotificationsNow as countUnreadNotifications,
  listNotificationsNow as listNotifications,
  syncAssignmentNotifications,
} from "./assignment-notifications";
import { markNotificationsRead } from "@/server/notifications/mark-notifications-read";
import { joinByCode } from "@/server/groups/join-by-code";
import { letBackIn } from "@/server/groups/let-back-in";
import { removeMember } from "@/server/groups/remove-member";

// Assignment notifications on the real database, through the functions the pages and the API call.
const SLUG = "assignment-notifications-article";
const HOUR = 3_600_000;
let people: Awaited<ReturnType<typeof makePeople>>;
let group: { id: string; name: string };
let document: { id: string };

const makePeople = () => createUsers(["ana", "ben", "teacher", "owner", "outsider"] as const, "assign-notify.example.edu");

beforeAll(async () => {
  people = await makePeople();
  group = await createGroup(people.owner, {
    name: "Notified seminar",
    members: { instructor: [people.teacher], member: [people.ana, people.ben] },
  });
  await createGroup(people.outsider, { members: { member: [] } });
  document = await createDocument(SLUG);
});

afterAll(() => db.$disconnect());

async function assign(fields: { opensAt?: Date; dueAt: Date; annotations?: number; title?: string }) {
  return createAssignment(
    people.teacher,
    group.id,
    ZCreateAssignmentSchema.parse({
      document: SLUG,
      title: fields.title ?? "Week",
      instructions: "Read *closely*.",
      opensAt: fields.opensAt?.toISOString(),
      dueAt: fields.dueAt.toISOString(),
      expectations: { annotations: fields.annotations ?? 1, replies: 0 },
    }),
  );
}

/** The kinds of my notifications I can follow to one assignment, oldest first. */
async function about(viewer: { id: string }, assignmentId: string, now = new Date()) {
  const { items } = await listNotifications(viewer, now);
  return items
    .filter((item) => item.assignment?.href === `/assignments/${assignmentId}`)
    .map((item) => item.kind)
    .reverse();
}

async function rowsFor(assignmentId: string) {
  return db.notification.findMany({ where: { assignmentId }, select: { userId: true, kind: true, readAt: true } });
}

describe("an assignment opening", () => {
  it("notifies each student once it opens, never before, never the staff or outsiders, and only once", async () => {
    const opensAt = new Date(Date.now() + 2 * HOUR);
    const assignment = await assign({ opensAt, dueAt: new Date(Date.now() + 7 * 24 * HOUR), title: "Opens later" });
    const before = new Date();
    for (const person of Object.values(people)) await syncAssignmentNotifications(person, before);
    expect(await rowsFor(assignment.id)).toEqual([]);

    const opened = new Date(opensAt.getTime() + 1000);
    for (const person of Object.values(people)) await countUnreadNotifications(person, opened);
    // Twice, and two page loads at once: still one each.
    await Promise.all([listNotifications(people.ana, opened), countUnreadNotifications(people.ana, opened)]);
    const rows = await rowsFor(assignment.id);
    expect(rows.map((row) => row.userId).sort()).toEqual([people.ana.id, people.ben.id].sort());
    expect(rows.every((row) => row.kind === "assignment_opened")).toBe(true);

    const { items } = await listNotifications(people.ana, opened);
    expect(items.find((item) => item.assignment?.href === `/assignments/${assignment.id}`)).toMatchObject({
      kind: "assignment_opened",
      actor: { id: people.teacher.id },
      annotation: null,
      isRead: false,
      assignment: { title: "Opens later", group: "Notified seminar", dueAt: assignment.dueAt },
    });
  });
});

describe("due within a day", () => {
  it("reminds only the students whose part is not done, once, within a day of the due time", async () => {
    const dueAt = new Date(Date.now() + 30 * HOUR);
    const assignment = await assign({ dueAt, annotations: 1, title: "Due soon" });
    await insertAnnotation(people.ben, document, { visibility: { group: group.id } }); // Ben is done

    const dayAndMore = new Date(dueAt.getTime() - 25 * HOUR);
    await countUnreadNotifications(people.ana, dayAndMore);
    expect(await about(people.ana, assignment.id, dayAndMore)).toEqual(["assignment_opened"]);

    const withinDay = new Date(dueAt.getTime() - 23 * HOUR);
    for (const person of [people.ana, people.ben, people.teacher]) {
      await countUnreadNotifications(person, withinDay);
      await countUnreadNotifications(person, withinDay);
    }
    expect(await about(people.ana, assignment.id, withinDay)).toEqual(["assignment_opened", "assignment_due_soon"]);
    expect(await about(people.ben, assignment.id, withinDay)).toEqual(["assignment_opened"]);
    expect(await about(people.teacher, assignment.id, withinDay)).toEqual([]);

    // Read, then loaded again: not written again (once per student per assignment).
    await markNotificationsRead(people.ana, { all: true });
    expect(await countUnreadNotifications(people.ana, withinDay)).toBe(0);
  });

  it("does not remind about a closed assignment or one already past due", async () => {
    const closed = await assign({ opensAt: new Date(Date.now() - 3 * HOUR), dueAt: new Date(Date.now() + HOUR), title: "Closed" });
    await db.assignment.update({ where: { id: closed.id }, data: { closedAt: new Date() } });
    const past = await assign({ opensAt: new Date(Date.now() - 3 * HOUR), dueAt: new Date(Date.now() - HOUR), title: "Past" });
    await countUnreadNotifications(people.ana);
    expect(await rowsFor(closed.id)).toEqual([]);
    expect(await rowsFor(past.id)).toEqual([]);
  });
});

describe("grades released and feedback", () => {
  it("tells each student when grades are released, and a student when their grade gets feedback after release", async () => {
    const assignment = await assign({ dueAt: new Date(Date.now() + 48 * HOUR), title: "Graded" });
    // Feedback before release: nobody hears yet (the grade is not theirs to see).
    await setGradeOverride(people.teacher, assignment.id, people.ana.id, ZGradeOverrideSchema.parse({ points: 8, reason: "Good start" }));
    expect((await rowsFor(assignment.id)).filter((row) => row.kind === "grade_feedback")).toEqual([]);

    await releaseGrades(people.teacher, assignment.id);
    await releaseGrades(people.owner, assignment.id); // releasing again does not notify again
    const released = (await rowsFor(assignment.id)).filter((row) => row.kind === "grade_released");
    expect(released.map((row) => row.userId).sort()).toEqual([people.ana.id, people.ben.id].sort());

    await setGradeOverride(people.teacher, assignment.id, people.ana.id, ZGradeOverrideSchema.parse({ points: 9, reason: "Better" }));
    await markNotificationsRead(people.ana, { all: true });
    await setGradeOverride(people.teacher, assignment.id, people.ana.id, ZGradeOverrideSchema.parse({ points: 9.5, reason: "Best" }));
    const feedback = (await rowsFor(assignment.id)).filter((row) => row.kind === "grade_feedback");
    // One row, unread again after the new feedback.
    expect(feedback).toEqual([{ userId: people.ana.id, kind: "grade_feedback", readAt: null }]);
    // The same points and reason saved again are nothing new: read stays read.
    await markNotificationsRead(people.ana, { all: true });
    await setGradeOverride(people.teacher, assignment.id, people.ana.id, ZGradeOverrideSchema.parse({ points: 9.5, reason: "Best" }));
    const again = (await rowsFor(assignment.id)).filter((row) => row.kind === "grade_feedback");
    expect(again).toEqual([{ userId: people.ana.id, kind: "grade_feedback", readAt: expect.any(Date) }]);
    // (The "opened" one is written at the first page load, here after the release.)
    expect((await about(people.ana, assignment.id)).sort()).toEqual(["assignment_opened", "grade_feedback", "grade_released"]);
    expect((await about(people.ben, assignment.id)).sort()).toEqual(["assignment_opened", "grade_released"]);
  });

  it("a release whose telling was cut short is finished by the next release; those told are not told again", async () => {
    const assignment = await assign({ dueAt: new Date(Date.now() + 48 * HOUR), title: "Cut short" });
    await releaseGrades(people.teacher, assignment.id);
    await markNotificationsRead(people.ana, { all: true });
    // The server died after telling Ana only (the notifications are written after the release's commit).
    await db.notification.deleteMany({ where: { assignmentId: assignment.id, kind: "grade_released", userId: people.ben.id } });

    await releaseGrades(people.teacher, assignment.id);
    const released = (await rowsFor(assignment.id)).filter((row) => row.kind === "grade_released");
    expect(
      released.map(({ userId, readAt }) => ({ userId, isRead: readAt !== null })).sort((a, b) => a.userId.localeCompare(b.userId)),
    ).toEqual(
      [
        { userId: people.ana.id, isRead: true },
        { userId: people.ben.id, isRead: false },
      ].sort((a, b) => a.userId.localeCompare(b.userId)),
    );
  });

  it("shows a grade notification as unavailable once the grade is no longer the student's to see, and drops all with the assignment", async () => {
    const assignment = await assign({ dueAt: new Date(Date.now() + 48 * HOUR), title: "Unreleased" });
    await releaseGrades(people.teacher, assignment.id);
    await db.assignment.update({ where: { id: assignment.id }, data: { gradesReleasedAt: null } });
    const { items } = await listNotifications(people.ana);
    const released = items.filter((item) => item.kind === "grade_released" && item.assignment === null);
    expect(released.length).toBeGreaterThanOrEqual(1);
    expect(JSON.stringify(released)).not.toContain("Unreleased");

    await deleteAssignment(people.teacher, assignment.id);
    expect(await rowsFor(assignment.id)).toEqual([]);
  });

  it("tells a student let back in after the release, once; one told before being removed is not told again", async () => {
    const assignment = await assign({ dueAt: new Date(Date.now() + 48 * HOUR), title: "Let back in" });
    const { joinCode } = await db.group.findUniqueOrThrow({ where: { id: group.id }, select: { joinCode: true } });
    const rejoin = async (who: { id: string }) => {
      await letBackIn(people.owner, group.id, who.id);
      await joinByCode(who, { code: joinCode! }, TEST_IP);
    };
    const releasedTo = async () =>
      (await rowsFor(assignment.id))
        .filter((row) => row.kind === "grade_released")
        .map(({ userId, readAt }) => ({ userId, isRead: readAt !== null }))
        .sort((a, b) => a.userId.localeCompare(b.userId));
    const byId = (rows: Array<{ userId: string; isRead: boolean }>) => rows.sort((a, b) => a.userId.localeCompare(b.userId));

    // Ben is away when grades are released; Ana is told, reads it, and is removed after.
    await removeMember(people.owner, group.id, people.ben.id);
    await releaseGrades(people.teacher, assignment.id);
    await markNotificationsRead(people.ana, { all: true });
    await removeMember(people.owner, group.id, people.ana.id);
    expect(await releasedTo()).toEqual([{ userId: people.ana.id, isRead: true }]);

    await rejoin(people.ben);
    await rejoin(people.ana);
    expect(await releasedTo()).toEqual(
      byId([
        { userId: people.ana.id, isRead: true },
        { userId: people.ben.id, isRead: false },
      ]),
    );
    // From whoever released, as the others heard it; and a page load adds nothing more.
    const [bens] = await db.notification.findMany({
      where: { assignmentId: assignment.id, kind: "grade_released", userId: people.ben.id },
      select: { actorId: true },
    });
    expect(bens.actorId).toBe(people.teacher.id);
    expect((await about(people.ben, assignment.id)).filter((kind) => kind === "grade_released")).toEqual(["grade_released"]);
    await releaseGrades(people.teacher, assignment.id);
    expect(await releasedTo()).toHaveLength(2);
  });

  it("never lets a student who left the group follow it", async () => {
    const assignment = await assign({ dueAt: new Date(Date.now() + 48 * HOUR), title: "Left" });
    await countUnreadNotifications(people.ben);
    expect(await about(people.ben, assignment.id)).toEqual(["assignment_opened"]);
    await db.membership.delete({ where: { groupId_userId: { groupId: group.id, userId: people.ben.id } } });
    try {
      expect(await about(people.ben, assignment.id)).toEqual([]);
    } finally {
      await db.membership.create({ data: { groupId: group.id, userId: people.ben.id, role: "member" } });
    }
  });
});
