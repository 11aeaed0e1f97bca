import { beforeAll, describe, expect, it } from "vitest";
import { ZCreateAssignmentSchema, ZGradeOverrideSchema, ZUpdateAssignmentSchema } from "@/lib/assignments/schemas";
import { AppError, type AppErrorCode } from "@/lib/errors";
import { createAssignment } from "@/server/assignments/create-assignment";
import { deleteAssignment } from "@/server/assignments/delete-assignment";
import { exportGradebook } from "@/server/assignments/export-gradebook";
import { exportGroupGradebook } from "@/server/assignments/export-group-gradebook";
import { moveAssignment } from "@/server/assignments/move-assignment";
import { getAssignment } from "@/server/assignments/get-assignment";
import { getClassInsight } from "@/server/assignments/get-class-insight";
import { getProgress } from "@/server/assignments/get-progress";
import { listGrades } from "@/server/assignments/list-grades";
import { listMyAssignments } from "@/server/assignments/list-my-assignments";
import { releaseGrades } from "@/server/assignments/release-grades";
import { setGradeOverride } from "@/server/assignments/set-grade-override";
import { updateAssignment } from "@/server/assignments/update-assignment";
import { db } from "@/server/db/client";
import { listNotificationsNow } from "@/server/assignments/assignment-notifications";
import { createDocument, createGroup, createUsers, insertAnnotation } from "@/tests/factories";
import { canOnAssignment } from "./assignments";

/**
 * The authorization matrix for assignments (issue #13), in the shape of ./annotations.test.ts:
 * the same seven roles, each action through the server function the API and the pages call. The
 * "author" is the student whose progress and grade are in question; "member of the same group" is
 * another student of the group, who must never see the author's progress or grade.
 */
const ROLES = [
  "author",
  "member of the same group",
  "member of another group",
  "instructor of this group",
  "instructor of another group",
  "owner",
  "anonymous",
] as const;
type Role = (typeof ROLES)[number];

const ACTIONS = [
  "create",
  "view",
  "view before it opens",
  "update",
  "delete",
  "progress",
  "grades before release",
  "grades after release",
  "override the author's grade",
  "release",
  "export",
  "list as mine",
  "the author's reading progress",
  "class insight",
  "notified when it opens",
  "notified of released grades",
  "export the group's gradebook",
  "reorder",
] as const;
type Action = (typeof ACTIONS)[number];

/** "allowed"; "all" / "own": a progress or grade list holding every student / only the viewer; "listed" / "absent" for my list. */
type Outcome = "allowed" | "all" | "own" | "listed" | "absent" | AppErrorCode;
const CODES = {
  A: "allowed",
  L: "all",
  O: "own",
  M: "listed",
  X: "absent",
  N: "NOT_FOUND",
  F: "FORBIDDEN",
  U: "UNAUTHENTICATED",
} as const satisfies Record<string, Outcome>;

/** One letter per action in ACTIONS order, written from the rules in ./assignments.ts, not from the code. */
const TABLE: Record<Role, string> = {
  author: "FANFFOFOFFFMAFMMFF",
  "member of the same group": "FANFFOFOFFFMXFMMFF",
  "member of another group": "NNNNNNNNNNNXNNXXNN",
  "instructor of this group": "AAAAALLLAAAXAAXXAA",
  "instructor of another group": "NNNNNNNNNNNXNNXXNN",
  owner: "AAAAALLLAAAXAAXXAA",
  anonymous: "UUUUUUUUUUUUUUUUUU",
};
const expected = (role: Role, action: Action): Outcome => CODES[TABLE[role][ACTIONS.indexOf(action)] as keyof typeof CODES];

const HOUR = 3_600_000;
const SLUG = "assignments-authz-article";
let people: Record<Exclude<Role, "anonymous">, { id: string; email: string; name: string }>;
let group: { id: string };
let document: { id: string };

beforeAll(async () => {
  const made = await createUsers(
    ["author", "peer", "outsider", "teacher", "elsewhereTeacher", "owner"] as const,
    "assign-authz.example.edu",
  );
  people = {
    author: made.author,
    "member of the same group": made.peer,
    "member of another group": made.outsider,
    "instructor of this group": made.teacher,
    "instructor of another group": made.elsewhereTeacher,
    owner: made.owner,
  };
  group = await createGroup(made.owner, { members: { instructor: [made.teacher], member: [made.author, made.peer] } });
  await createGroup(made.elsewhereTeacher, { members: { instructor: [made.elsewhereTeacher], member: [made.outsider] } });
  document = await createDocument(SLUG);
  await insertAnnotation(made.author, document, { visibility: { group: group.id } });
  await insertAnnotation(made.peer, document, { visibility: { group: group.id } });
  // The author has read half the reading for 7 minutes: only they and the group's staff may learn it.
  await db.readingProgress.create({
    data: {
      userId: made.author.id,
      documentId: document.id,
      versionId: "v",
      furthestParagraph: 9,
      paragraphCount: 20,
      furthestPermille: 500,
    },
  });
  await db.readingSession.create({
    data: { userId: made.author.id, documentId: document.id, id: "matrix-session", activeSeconds: 7 * 60 },
  });
});

/** A fresh assignment per cell, so one cell's change never decides another's outcome. */
async function freshAssignment(fields: { opensAt?: Date; gradesReleasedAt?: Date | null } = {}): Promise<string> {
  const row = await db.assignment.create({
    data: {
      groupId: group.id,
      documentId: document.id,
      title: "Matrix",
      opensAt: fields.opensAt ?? new Date(Date.now() - HOUR),
      dueAt: new Date(Date.now() + HOUR),
      expectedAnnotations: 1,
      gradesReleasedAt: fields.gradesReleasedAt ?? null,
    },
    select: { id: true },
  });
  return row.id;
}

const snapshot = async (id: string) => ({
  assignment: await db.assignment.findUnique({ where: { id } }),
  overrides: await db.gradeOverride.findMany({ where: { assignmentId: id } }),
});

type Viewer = { id: string } | null;
async function studentIdsOutcome(viewer: Viewer, rows: Array<{ student: { id: string } }>): Promise<Outcome> {
  const ids = rows.map((row) => row.student.id).sort();
  if (viewer && ids.length === 1 && ids[0] === viewer.id) return "own";
  expect(ids).toEqual([people.author.id, people["member of the same group"].id].sort());
  return "all";
}

/** Runs the action; answers its outcome, having checked that a refused call changed nothing. */
const PERFORM: Record<Action, (viewer: Viewer) => Promise<Outcome>> = {
  create: async (viewer) => {
    const before = await db.assignment.count({ where: { groupId: group.id } });
    const input = ZCreateAssignmentSchema.parse({ document: SLUG, title: "New", dueAt: new Date(Date.now() + HOUR).toISOString() });
    const outcome = await settle(createAssignment(viewer, group.id, input).then(() => "allowed" as const));
    expect(await db.assignment.count({ where: { groupId: group.id } })).toBe(before + (outcome === "allowed" ? 1 : 0));
    return outcome;
  },
  view: async (viewer) => settle(getAssignment(viewer, await freshAssignment()).then(() => "allowed" as const)),
  "view before it opens": async (viewer) =>
    settle(getAssignment(viewer, await freshAssignment({ opensAt: new Date(Date.now() + HOUR) })).then(() => "allowed" as const)),
  update: async (viewer) =>
    unchangedUnlessAllowed(await freshAssignment(), async (id) => {
      const updated = await updateAssignment(viewer, id, ZUpdateAssignmentSchema.parse({ title: "Changed", closed: true }));
      expect(updated.title).toBe("Changed");
      return "allowed";
    }),
  delete: async (viewer) =>
    unchangedUnlessAllowed(await freshAssignment(), async (id) => {
      await deleteAssignment(viewer, id);
      expect(await db.assignment.findUnique({ where: { id } })).toBeNull();
      return "allowed";
    }),
  progress: async (viewer) => settle(getProgress(viewer, await freshAssignment()).then((rows) => studentIdsOutcome(viewer, rows))),
  "grades before release": async (viewer) =>
    settle(listGrades(viewer, await freshAssignment()).then(({ grades }) => studentIdsOutcome(viewer, grades))),
  "grades after release": async (viewer) =>
    settle(
      listGrades(viewer, await freshAssignment({ gradesReleasedAt: new Date() })).then(({ grades }) => studentIdsOutcome(viewer, grades)),
    ),
  "override the author's grade": async (viewer) =>
    unchangedUnlessAllowed(await freshAssignment(), async (id) => {
      const grade = await setGradeOverride(viewer, id, people.author.id, ZGradeOverrideSchema.parse({ points: 7, reason: "Oral" }));
      expect(grade.grade).toBe(7);
      return "allowed";
    }),
  release: async (viewer) =>
    unchangedUnlessAllowed(await freshAssignment(), async (id) => {
      await releaseGrades(viewer, id);
      expect((await db.assignment.findUniqueOrThrow({ where: { id } })).gradesReleasedAt).not.toBeNull();
      return "allowed";
    }),
  export: async (viewer) =>
    settle(
      exportGradebook(viewer, await freshAssignment(), "canvas").then(async (response) => {
        expect(await response.text()).toContain(people.author.email);
        return "allowed" as const;
      }),
    ),
  // "allowed": the author's row with their reading is in what the viewer got; "absent": it is not.
  "the author's reading progress": async (viewer) =>
    settle(
      getProgress(viewer, await freshAssignment()).then((rows) => {
        const authorRow = rows.find((row) => row.student.id === people.author.id);
        if (!authorRow) return "absent";
        expect(authorRow.reading).toEqual({ furthestPercent: 50, activeMinutes: 7 });
        return "allowed";
      }),
    ),
  "class insight": async (viewer) =>
    settle(
      getClassInsight(viewer, await freshAssignment()).then((insight) => {
        expect(insight.paragraphs.reduce((sum, paragraph) => sum + paragraph.annotations, 0)).toBeGreaterThanOrEqual(2);
        return "allowed" as const;
      }),
    ),
  "list as mine": async (viewer) => {
    const id = await freshAssignment();
    return settle(listMyAssignments(viewer).then((mine) => (mine.some((assignment) => assignment.id === id) ? "listed" : "absent")));
  },
  // Notifications are students' own: the staff set and grade the assignment.
  "notified when it opens": async (viewer) => notifiedOutcome(viewer, await freshAssignment(), "assignment_opened"),
  "notified of released grades": async (viewer) => {
    const id = await freshAssignment();
    await releaseGrades({ id: people.owner.id }, id);
    return notifiedOutcome(viewer, id, "grade_released");
  },
  "export the group's gradebook": async (viewer) =>
    settle(
      exportGroupGradebook(viewer, group.id, "moodle").then(async (response) => {
        expect(await response.text()).toContain(people.author.email);
        return "allowed" as const;
      }),
    ),
  reorder: async (viewer) =>
    unchangedUnlessAllowed(await freshAssignment(), async (id) => {
      await moveAssignment(viewer, id, "up");
      return "allowed";
    }),
};

async function notifiedOutcome(viewer: Viewer, id: string, kind: string): Promise<Outcome> {
  return settle(
    listNotificationsNow(viewer).then(({ items }) =>
      items.some((item) => item.kind === kind && item.assignment?.href === `/assignments/${id}`) ? "listed" : "absent",
    ),
  );
}

async function settle(call: Promise<Outcome>): Promise<Outcome> {
  try {
    return await call;
  } catch (error) {
    if (error instanceof AppError) return error.code;
    throw error;
  }
}

async function unchangedUnlessAllowed(id: string, call: (id: string) => Promise<Outcome>): Promise<Outcome> {
  const before = await snapshot(id);
  const outcome = await settle(call(id));
  if (outcome !== "allowed") expect(await snapshot(id)).toEqual(before);
  return outcome;
}

describe("assignment authorization through the server functions", () => {
  for (const role of ROLES) {
    describe(`as ${role}`, () => {
      for (const action of ACTIONS) {
        const outcome = expected(role, action);
        it(`${action} → ${outcome}`, async () => {
          const viewer = role === "anonymous" ? null : { id: people[role].id };
          expect(await PERFORM[action](viewer)).toBe(outcome);
        });
      }
    });
  }

  it("shows the author's reading to the author through every way they see their work, never to a peer", async () => {
    const id = await freshAssignment({ gradesReleasedAt: new Date() });
    const peer = { id: people["member of the same group"].id };
    const [own] = (await listGrades({ id: people.author.id }, id)).grades;
    expect(own.reading).toEqual({ furthestPercent: 50, activeMinutes: 7 });
    expect((await listGrades(peer, id)).grades.map((grade) => grade.student.id)).toEqual([peer.id]);
    const mine = await listMyAssignments(peer);
    expect(mine.find((assignment) => assignment.id === id)!.progress.student.id).toBe(peer.id);
  });

  it("covers every cell of roles × actions", () => {
    const cells = ROLES.flatMap((role) => ACTIONS.map((action) => expected(role, action)));
    expect(cells).toHaveLength(7 * 18);
    expect(cells).not.toContain(undefined);
  });
});

describe("canOnAssignment()", () => {
  const opened = { groupId: "g", opensAt: new Date(Date.now() - HOUR), gradesReleasedAt: null };
  const student = { userId: "s", role: "member" as const };

  it("shows a student their own grade only once released, and never before the release time", () => {
    expect(canOnAssignment(student, "see-grade", opened, "s")).toBe(false);
    expect(canOnAssignment(student, "see-grade", { ...opened, gradesReleasedAt: new Date() }, "s")).toBe(true);
    expect(canOnAssignment(student, "see-grade", { ...opened, gradesReleasedAt: new Date() }, "other")).toBe(false);
    expect(canOnAssignment(student, "see-progress", opened, "other")).toBe(false);
  });

  it("hides an assignment from students until it opens, never from the staff", () => {
    const later = { ...opened, opensAt: new Date(Date.now() + HOUR) };
    expect(canOnAssignment(student, "view", later)).toBe(false);
    expect(canOnAssignment({ userId: "t", role: "instructor" }, "view", later)).toBe(true);
    expect(canOnAssignment(null, "view", opened)).toBe(false);
  });
});
