import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/server/db/client";
import { createDocument, createGroup, createUsers } from "@/tests/factories";
import { listGroupAssignments } from "./list-group-assignments";
import { moveAssignment } from "./move-assignment";

const HOUR = 3_600_000;
let people: Record<"teacher" | "student", { id: string }>;
let group: { id: string };
let ids: Record<"a" | "b" | "c", string>;

beforeAll(async () => {
  people = await createUsers(["teacher", "student"] as const, "move-assignment.example.edu");
  group = await createGroup(people.teacher, { members: { member: [people.student] } });
  const document = await createDocument("move-assignment-article");
  const make = (title: string, position: number) =>
    db.assignment
      .create({
        data: {
          groupId: group.id,
          documentId: document.id,
          title,
          position,
          opensAt: new Date(Date.now() - HOUR),
          dueAt: new Date(Date.now() + HOUR),
        },
      })
      .then((row) => row.id);
  // Positions as the API may leave them: a gap and a tie.
  ids = { a: await make("A", 0), b: await make("B", 5), c: await make("C", 5) };
});

const titles = async () => (await listGroupAssignments(people.teacher, group.id)).map((assignment) => assignment.title);

describe("moving an assignment on the group's list", () => {
  it("swaps it with its neighbour, renumbers the list, and stays put at either end", async () => {
    expect(await titles()).toEqual(["A", "B", "C"]);
    await moveAssignment(people.teacher, ids.c, "up");
    expect(await titles()).toEqual(["A", "C", "B"]);
    expect((await listGroupAssignments(people.teacher, group.id)).map((assignment) => assignment.position)).toEqual([0, 1, 2]);
    await moveAssignment(people.teacher, ids.a, "up");
    await moveAssignment(people.teacher, ids.b, "down");
    expect(await titles()).toEqual(["A", "C", "B"]);
    await moveAssignment(people.teacher, ids.a, "down");
    expect(await titles()).toEqual(["C", "A", "B"]);
  });

  it("is refused to a student, changing nothing", async () => {
    const before = await titles();
    await expect(moveAssignment(people.student, ids.b, "up")).rejects.toMatchObject({ code: "FORBIDDEN" });
    expect(await titles()).toEqual(before);
  });
});
