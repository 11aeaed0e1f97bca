import { beforeAll, describe, expect, it } from "vitest";
import { ZGradeOverrideSchema, ZRemoveGradeOverrideQuery } from "@/lib/assignments/schemas";
import { db } from "@/server/db/client";
import { createDocument, createGroup, createUsers, type TestUser } from "@/tests/factories";
import { removeGradeOverride, setGradeOverride } from "./set-grade-override";

const HOUR = 3_600_000;
let people: Record<"Prof Adams" | "TA Brook" | "Student 30", TestUser>;
let assignmentId: string;

beforeAll(async () => {
  people = await createUsers(["Prof Adams", "TA Brook", "Student 30"] as const, "grade-override.example.edu");
  const group = await createGroup(people["Prof Adams"], { members: { instructor: [people["TA Brook"]], member: [people["Student 30"]] } });
  const document = await createDocument("grade-override-article");
  ({ id: assignmentId } = await db.assignment.create({
    data: {
      groupId: group.id,
      documentId: document.id,
      title: "Week 1",
      opensAt: new Date(Date.now() - HOUR),
      dueAt: new Date(),
      points: 10,
    },
    select: { id: true },
  }));
});

// As the PUT route and the assignment page's form do: the body through the schema, then the server function.
const override = (who: TestUser, body: { points: number; reason: string; ifUnmodifiedSince?: string }) =>
  setGradeOverride(who, assignmentId, people["Student 30"].id, ZGradeOverrideSchema.parse(body));
const refusal = (call: Promise<unknown>) =>
  call.then(
    () => null,
    (error: unknown) => error as Error & { code: string; status: number },
  );
const stored = () =>
  db.gradeOverride.findUnique({
    where: { assignmentId_userId: { assignmentId, userId: people["Student 30"].id } },
    select: { points: true, reason: true },
  });
const tick = () => new Promise((resolve) => setTimeout(resolve, 5)); // two saves in one millisecond would look the same

describe("two instructors overriding one student's grade at once", () => {
  it("refuses the later page's override (409, nothing saved), saying who set the grade to what", async () => {
    // Both pages were opened while Student 30 had no override.
    const first = await override(people["Prof Adams"], { points: 6, reason: "Discussed in class", ifUnmodifiedSince: "none" });
    expect(first.grade).toBe(6);

    const stale = await refusal(override(people["TA Brook"], { points: 9, reason: "Good replies", ifUnmodifiedSince: "none" }));
    expect(stale).toMatchObject({ code: "CONFLICT", status: 409 });
    expect(stale?.message).toBe(
      "Prof Adams overrode Student 30's grade to 6 (“Discussed in class”) since this page was opened. " +
        "Nothing was saved. Reload the page to see the grade as it is now, then override it again if you still mean to.",
    );
    expect(await stored()).toEqual({ points: 6, reason: "Discussed in class" });

    // Reloaded, the TA's page carries the override it now shows, and the change goes through.
    await tick();
    const second = await override(people["TA Brook"], { points: 9, reason: "Good replies", ifUnmodifiedSince: first.override!.at });
    expect(await stored()).toEqual({ points: 9, reason: "Good replies" });

    // The professor's page, still showing 6, is refused in turn.
    const again = await refusal(override(people["Prof Adams"], { points: 7, reason: "Revised", ifUnmodifiedSince: first.override!.at }));
    expect(again?.message).toContain("TA Brook overrode Student 30's grade to 9 (“Good replies”) since this page was opened.");
    expect(await stored()).toEqual({ points: 9, reason: "Good replies" });

    // An override taken back since is not put back unseen either.
    await removeGradeOverride(people["TA Brook"], assignmentId, people["Student 30"].id);
    const takenBack = await refusal(
      override(people["Prof Adams"], { points: 7, reason: "Revised", ifUnmodifiedSince: second.override!.at }),
    );
    expect(takenBack?.message).toContain("Someone took back the override of Student 30's grade since this page was opened");
    expect(await stored()).toBeNull();
  });

  it("still overrides without a precondition, as API scripts written before it do", async () => {
    await override(people["TA Brook"], { points: 5, reason: "First" });
    await override(people["Prof Adams"], { points: 4, reason: "Second" });
    expect(await stored()).toEqual({ points: 4, reason: "Second" });
  });

  it('takes the override\'s time or "none" as the precondition, and nothing else', () => {
    expect(ZGradeOverrideSchema.safeParse({ points: 1, reason: "x", ifUnmodifiedSince: "none" }).success).toBe(true);
    expect(ZGradeOverrideSchema.safeParse({ points: 1, reason: "x", ifUnmodifiedSince: "2026-12-01T17:00:00.000Z" }).success).toBe(true);
    expect(ZGradeOverrideSchema.safeParse({ points: 1, reason: "x", ifUnmodifiedSince: "yesterday" }).success).toBe(false);
  });
});

// As the DELETE route and the page's "Use the computed grade" form do: the query through the schema, then the server function.
const takeBack = (who: TestUser, ifUnmodifiedSince?: string) =>
  removeGradeOverride(who, assignmentId, people["Student 30"].id, ZRemoveGradeOverrideQuery.parse({ ifUnmodifiedSince }));

describe("taking an override back while another instructor changes it", () => {
  it("refuses to take back an override changed since (409, the override stays), saying who set it to what", async () => {
    await removeGradeOverride(people["Prof Adams"], assignmentId, people["Student 30"].id);
    // Both pages show the professor's 6.
    const shown = await override(people["Prof Adams"], { points: 6, reason: "Discussed in class", ifUnmodifiedSince: "none" });
    await tick();
    await override(people["TA Brook"], { points: 9, reason: "Good replies", ifUnmodifiedSince: shown.override!.at });

    const stale = await refusal(takeBack(people["Prof Adams"], shown.override!.at));
    expect(stale).toMatchObject({ code: "CONFLICT", status: 409 });
    expect(stale?.message).toBe(
      "TA Brook overrode Student 30's grade to 9 (“Good replies”) since this page was opened. " +
        "Nothing was saved. Reload the page to see the grade as it is now, then take the override back again if you still mean to.",
    );
    expect(await stored()).toEqual({ points: 9, reason: "Good replies" });

    // A page that showed no override takes back none, and not one set since either.
    const unseen = await refusal(takeBack(people["Prof Adams"], "none"));
    expect(unseen?.message).toContain("TA Brook overrode Student 30's grade to 9");
    expect(await stored()).toEqual({ points: 9, reason: "Good replies" });
  });

  it("takes back the override the page showed, and answers the computed grade when someone took it back first", async () => {
    await removeGradeOverride(people["Prof Adams"], assignmentId, people["Student 30"].id);
    const shown = await override(people["TA Brook"], { points: 4, reason: "Missed the seminar", ifUnmodifiedSince: "none" });

    const grade = await takeBack(people["TA Brook"], shown.override!.at);
    expect(grade.override).toBeNull();
    expect(grade.grade).toBe(grade.computed);
    expect(await stored()).toBeNull();

    // The professor's page, opened before, asked for what is already so: no refusal.
    const again = await takeBack(people["Prof Adams"], shown.override!.at);
    expect(again.override).toBeNull();
    expect(await stored()).toBeNull();
  });

  it("still takes an override back without a precondition, and refuses one that is no time", async () => {
    await override(people["TA Brook"], { points: 3, reason: "Scripted" });
    await takeBack(people["Prof Adams"]);
    expect(await stored()).toBeNull();
    expect(ZRemoveGradeOverrideQuery.safeParse({ ifUnmodifiedSince: "yesterday" }).success).toBe(false);
  });
});
