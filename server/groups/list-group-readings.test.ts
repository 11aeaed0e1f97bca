import { describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors";
import { annotate, createDocument, createGroup, createUsers } from "@/tests/factories";
import { listGroupReadings } from "./list-group-readings";

describe("listGroupReadings", () => {
  it("lists the documents the group writes on for the group, most recent first, for members only", async () => {
    const people = await createUsers(["owner", "student", "outsider"], "readings.example");
    const group = await createGroup(people.owner, { name: "Readers", members: { member: [people.student] } });
    const first = await createDocument("readings-first", undefined, { title: "First" });
    const second = await createDocument("readings-second", undefined, { title: "Second" });
    const quiet = await createDocument("readings-quiet", undefined, { title: "Private only" });
    expect(await listGroupReadings(people.student, group.id)).toEqual([]);

    await annotate(people.owner, first.slug, { group: group.id }, "read this");
    await annotate(people.student, first.slug, { group: group.id }, "done");
    await annotate(people.student, second.slug, { group: group.id }, "and this");
    // Not the group's reading list: private notes, notes to the instructors, replies.
    await annotate(people.student, quiet.slug, "private", "mine");
    await annotate(people.student, quiet.slug, { instructors: group.id }, "to the staff");

    const readings = await listGroupReadings(people.student, group.id);
    expect(readings.map((reading) => [reading.title, reading.noteCount])).toEqual([
      ["Second", 1],
      ["First", 2],
    ]);
    await expect(listGroupReadings(people.outsider, group.id)).rejects.toBeInstanceOf(AppError);
  });
});
