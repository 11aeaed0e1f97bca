import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import ts from "typescript";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { ZCreateAssignmentSchema } from "@/lib/assignments/schemas";
import { createAssignment } from "@/server/assignments/create-assignment";
import { db } from "@/server/db/client";
import { openNotice } from "@/server/http/signed-notice";
import { SESSION_ENDED } from "@/lib/auth/session-ended";
import { createDocument, createGroup, createUsers } from "@/tests/factories";

// The actions ask the session who is posting; vitest has no request, so the session is whoever the
// test says (the database, the authz decisions and the actions themselves are all real).
const session = vi.hoisted(() => ({ user: null as { id: string } | null }));
vi.mock("@/server/auth/session", () => ({
  getCurrentUser: async () => session.user,
  requireUserForAction: async () => {
    if (!session.user) throw new Error("no session in this test");
    return session.user;
  },
}));

const assignmentActions = await import("@/server/assignments/actions");
const authActions = await import("@/server/auth/actions");
const preferenceActions = await import("@/server/preferences/actions");
const tokenActions = await import("@/server/tokens/actions");

const NUL_MESSAGE = "Text cannot contain the NUL character (U+0000).";
const SLUG = "server-actions-nul-article";
let users: Record<"owner" | "instructor" | "student", { id: string }>;
let group: { id: string };
let assignmentId: string;

function formOf(fields: Record<string, string>): FormData {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) form.set(name, value);
  return form;
}

/** Runs an action that ends in redirect() (Next.js's redirect signal names where it went) and returns the page's ?error message. */
async function redirectedError(run: Promise<void>): Promise<string | null> {
  const thrown = await run.then(
    () => null,
    (error: unknown) => error,
  );
  const digest = String((thrown as { digest?: string } | null)?.digest);
  expect(digest).toMatch(/^NEXT_REDIRECT;/);
  const location = new URL(digest.split(";")[2] ?? "", "http://localhost");
  const sealed = location.searchParams.get("error");
  return sealed ? openNotice(sealed) : null;
}

const rules = {
  annotations: "1",
  replies: "0",
  readPercent: "0",
  mode: "scaled",
  points: "10",
  count: "separate",
};

afterAll(() => vi.unstubAllEnvs());

beforeAll(async () => {
  // The assignment forms' refusals come back signed, and a clean checkout has no generated secret.
  vi.stubEnv("NEXTAUTH_SECRET", "server-actions-test-secret");
  users = await createUsers(["owner", "instructor", "student"], "server-actions-nul.example.edu");
  group = await createGroup(users.owner, { members: { instructor: [users.instructor], member: [users.student] } });
  await createDocument(SLUG);
  const input = ZCreateAssignmentSchema.parse({
    document: SLUG,
    title: "Week 1",
    dueAt: "2030-12-01T17:00:00.000Z",
    expectations: { annotations: 1, replies: 0, readPercent: 0 },
    grading: { mode: "scaled", points: 10, count: "separate" },
  });
  assignmentId = (await createAssignment(users.instructor, group.id, input)).id;
});

describe("server actions refuse text no database can store, as the JSON API does", () => {
  it("the group page's new-assignment form says so and saves nothing (it was saved, a 500 on PostgreSQL)", async () => {
    session.user = users.instructor;
    const form = formOf({ groupId: group.id, document: SLUG, title: "x\u0000y", dueAt: "2030-12-01T17:00", timeZone: "UTC", ...rules });
    // Said beside the form, which keeps what was typed (but the character).
    const refused = await assignmentActions.createAssignmentAction({ error: null, typed: {} }, form);
    expect(refused).toMatchObject({ error: NUL_MESSAGE, typed: { title: "xy", dueAt: "2030-12-01T17:00", points: "10" } });
    expect(await db.assignment.count({ where: { groupId: group.id, title: { contains: "x" } } })).toBe(0);
  });

  it("the assignment page's edit form and grade override say so and save nothing", async () => {
    session.user = users.instructor;
    const edit = formOf({ assignmentId, title: "Week\u00001", timeZone: "UTC", ...rules });
    expect(await assignmentActions.updateAssignmentAction({ error: null, typed: {} }, edit)).toMatchObject({
      error: NUL_MESSAGE,
      typed: { title: "Week1", points: "10" },
    });
    expect((await db.assignment.findUniqueOrThrow({ where: { id: assignmentId } })).title).toBe("Week 1");

    const override = formOf({ assignmentId, userId: users.student.id, points: "7", reason: "reason\u0000with NUL" });
    expect(await redirectedError(assignmentActions.overrideGradeAction(override))).toBe(NUL_MESSAGE);
    expect(await db.gradeOverride.count({ where: { assignmentId } })).toBe(0);

    // The same form without the character is saved: the refusal is about the character only.
    const fine = formOf({ assignmentId, userId: users.student.id, points: "7", reason: "reason without" });
    expect(await redirectedError(assignmentActions.overrideGradeAction(fine))).toBeNull();
    expect(await db.gradeOverride.count({ where: { assignmentId } })).toBe(1);
  });

  it("the account, token and settings forms answer with their own error state", async () => {
    session.user = users.student;
    const before = await db.user.findUniqueOrThrow({ where: { id: users.student.id }, select: { name: true } });
    expect(await authActions.changeNameAction({ status: "idle" }, formOf({ name: "A\u0000B" }))).toEqual({
      status: "invalid",
      errors: { name: NUL_MESSAGE },
    });
    expect(await db.user.findUniqueOrThrow({ where: { id: users.student.id }, select: { name: true } })).toEqual(before);

    const password = formOf({ currentPassword: "x\u0000", newPassword: "a new password here" });
    expect(await authActions.changePasswordAction({ status: "idle" }, password)).toMatchObject({ status: "invalid", message: NUL_MESSAGE });

    const token = formOf({ name: "script\u0000", scope: "read", expiresInDays: "30" });
    expect(await tokenActions.createApiTokenAction({ status: "idle" }, token)).toEqual({
      status: "invalid",
      errors: { name: NUL_MESSAGE },
    });
    expect(await db.apiToken.count({ where: { userId: users.student.id } })).toBe(0);
    expect(await tokenActions.revokeApiTokenAction("x\u0000")).toEqual({ ok: false, message: "No such token." });

    const settings = formOf({ "label-yellow": "question\u0000", "live-updates": "immediate" });
    expect(await preferenceActions.savePreferences({ status: "idle" }, settings)).toMatchObject({
      status: "invalid",
      message: NUL_MESSAGE,
    });

    expect(await authActions.confirmEmail({ status: "idle" }, formOf({ token: "t\u0000" }))).toEqual({
      status: "failed",
      message: NUL_MESSAGE,
    });
  });

  it("the sign-up and sign-in forms too, before any account is looked up or made", async () => {
    session.user = null;
    const values = { name: "New\u0000Person", email: "new-person@server-actions-nul.example.edu", password: "a long enough password" };
    expect(await authActions.signUp({ status: "idle" }, formOf(values))).toMatchObject({
      status: "invalid",
      errors: { name: NUL_MESSAGE },
    });
    expect(await db.user.count({ where: { email: values.email } })).toBe(0);
    const signIn = formOf({ email: "student@server-actions-nul.example.edu", password: "pass\u0000word" });
    expect(await authActions.signInWithoutScript({ status: "idle" }, signIn)).toEqual({
      status: "wrong-credentials",
      email: "student@server-actions-nul.example.edu",
    });
  });
});

/** Every file of the app whose first statement is "use server". */
function serverActionFiles(): string[] {
  const root = path.resolve(__dirname, "../..");
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.isDirectory()) {
        if (!["node_modules", ".next", "generated"].includes(entry.name) && !entry.name.startsWith(".")) walk(path.join(dir, entry.name));
      } else if (/\.tsx?$/.test(entry.name) && !entry.name.endsWith(".test.ts")) {
        const file = path.join(dir, entry.name);
        if (/^\s*(\/\/[^\n]*\n\s*)*["']use server["']/.test(readFileSync(file, "utf8"))) files.push(file);
      }
    }
  };
  for (const dir of ["app", "server", "lib", "components"]) walk(path.join(root, dir));
  return files;
}

// QA round 4, #5/#12: an action posted with arguments no browser sends (a script's JSON) answered 500 from a TypeError.
describe("server actions given something other than a form", () => {
  it("answer with their form's error state and save nothing", async () => {
    session.user = users.student;
    const NOT_A_FORM = /^This form did not arrive as a form: nothing was saved/;
    for (const shape of [{ name: "x" }, 42, null, "name=x"] as unknown as FormData[]) {
      expect(await authActions.changeNameAction({ status: "idle" }, shape)).toMatchObject({
        status: "invalid",
        errors: { name: expect.stringMatching(NOT_A_FORM) },
      });
      expect(await authActions.changePasswordAction({ status: "idle" }, shape)).toMatchObject({
        status: "invalid",
        message: expect.stringMatching(NOT_A_FORM),
      });
      expect(await preferenceActions.savePreferences({ status: "idle" }, shape)).toMatchObject({
        status: "invalid",
        message: expect.stringMatching(NOT_A_FORM),
      });
      expect(await redirectedError(assignmentActions.releaseGradesAction(shape))).toMatch(NOT_A_FORM);
    }
    expect(await tokenActions.revokeApiTokenAction({ id: "x" } as unknown as string)).toEqual({ ok: false, message: "No such token." });
    // "Connect GitHub" with anything but an enabled provider's id: answered, not thrown (it was a 500).
    for (const provider of ["nope", "", ["github"], null] as unknown as string[])
      expect(await authActions.startConnectingProvider(provider)).toEqual({ ok: false, message: "That sign-in service is not enabled." });
  });
});

describe("every server action reads its form through readForm (server/http/form-text.ts)", () => {
  it("never touches a FormData itself, and looks at the refusal before using it", () => {
    const files = serverActionFiles();
    expect(files.length).toBeGreaterThanOrEqual(4);
    const problems: string[] = [];
    for (const file of files) {
      const source = ts.createSourceFile(file, readFileSync(file, "utf8"), ts.ScriptTarget.Latest, true);
      const functions = new Map<string, { node: ts.FunctionDeclaration; exported: boolean }>();
      source.forEachChild((node) => {
        if (ts.isFunctionDeclaration(node) && node.name)
          functions.set(node.name.text, { node, exported: !!node.modifiers?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword) });
      });
      /** Whether a function, or one of this file's functions it calls, looks at a form's refusal. */
      const looksAtRefusal = (name: string, seen = new Set<string>()): boolean => {
        const entry = functions.get(name);
        if (!entry || seen.has(name)) return false;
        seen.add(name);
        if (/\.refusal\b/.test(entry.node.getText())) return true;
        let found = false;
        const visit = (node: ts.Node) => {
          if (ts.isCallExpression(node) && ts.isIdentifier(node.expression) && looksAtRefusal(node.expression.text, seen)) found = true;
          node.forEachChild(visit);
        };
        entry.node.forEachChild(visit);
        return found;
      };
      for (const [name, { node, exported }] of functions) {
        const formParams = node.parameters
          .filter((param) => param.type?.getText() === "FormData" && ts.isIdentifier(param.name))
          .map((param) => (param.name as ts.Identifier).text);
        let readsForm = false;
        const visit = (child: ts.Node) => {
          const isName =
            (ts.isPropertyAccessExpression(child.parent) && child.parent.name === child) ||
            (ts.isPropertyAssignment(child.parent) && child.parent.name === child) ||
            ts.isParameter(child.parent);
          if (ts.isIdentifier(child) && formParams.includes(child.text) && !isName) {
            // Allowed: handing the FormData, as it is, to readForm or to another function of this file.
            const call = child.parent;
            const handedOn = ts.isCallExpression(call) && call.arguments.includes(child) && ts.isIdentifier(call.expression);
            if (!handedOn || !(call.expression.text === "readForm" || functions.has(call.expression.text)))
              problems.push(`${path.relative(process.cwd(), file)}: ${name} reads its FormData without readForm`);
            readsForm = true;
          }
          child.forEachChild(visit);
        };
        node.body?.forEachChild(visit);
        if (exported && readsForm && !looksAtRefusal(name))
          problems.push(`${path.relative(process.cwd(), file)}: ${name} never looks at readForm's refusal`);
      }
    }
    expect([...new Set(problems)]).toEqual([]);
  });
});

describe("the assignment forms when the session has ended meanwhile", () => {
  it("say so beside the form and keep everything typed, saving nothing (it was a 500 and the page's error boundary)", async () => {
    session.user = null;
    const typed = {
      groupId: group.id,
      document: SLUG,
      title: "Week 9",
      instructions: "Read **twice**.",
      dueAt: "2030-12-01T17:00",
      timeZone: "UTC",
      ...rules,
    };
    expect(await assignmentActions.createAssignmentAction({ error: null, typed: {} }, formOf(typed))).toMatchObject({
      error: SESSION_ENDED,
      typed: { title: "Week 9", instructions: "Read **twice**.", dueAt: "2030-12-01T17:00", points: "10" },
    });
    expect(await db.assignment.count({ where: { groupId: group.id, title: "Week 9" } })).toBe(0);
    const edit = formOf({ assignmentId, title: "Renamed while signed out", timeZone: "UTC", ...rules });
    expect(await assignmentActions.updateAssignmentAction({ error: null, typed: {} }, edit)).toMatchObject({
      error: SESSION_ENDED,
      typed: { title: "Renamed while signed out" },
    });
    expect((await db.assignment.findUniqueOrThrow({ where: { id: assignmentId } })).title).toBe("Week 1");
  });
});

// QA round 6: the override form posted without its points (a script; the page's field is required)
// saved a grade of 0.
describe("the grade override form", () => {
  it("refuses a form without points, saving nothing, and takes a grade to the hundredth", async () => {
    session.user = users.instructor;
    await db.gradeOverride.deleteMany({ where: { assignmentId } });
    for (const points of ["", "  ", "ten"]) {
      const form = formOf({ assignmentId, userId: users.student.id, points, reason: "Presented in class" });
      expect(await redirectedError(assignmentActions.overrideGradeAction(form)), JSON.stringify(points)).toBe(
        "Give the points as a number.",
      );
    }
    expect(await db.gradeOverride.count({ where: { assignmentId } })).toBe(0);
    const form = formOf({ assignmentId, userId: users.student.id, points: "1.67", reason: "Kept the computed grade" });
    expect(await redirectedError(assignmentActions.overrideGradeAction(form))).toBeNull();
    expect((await db.gradeOverride.findFirstOrThrow({ where: { assignmentId } })).points).toBe(1.67);
  });
});
