import { readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { describeTextRange } from "@/lib/anchoring/text-quote";
import {
  VISIBILITIES,
  ZCreateAnnotationSchema,
  ZCreateReplySchema,
  ZListAnnotationsQuery,
  ZMoveAnnotationsSchema,
  ZUpdateAnnotationSchema,
  type Visibility,
} from "@/lib/annotations/schemas";
import type { AnnotationDto } from "@/lib/annotations/types";
import { parsePlainTextArticle } from "@/lib/documents/parse-plain-text-article";
import { AppError, ERROR_STATUS, type AppErrorCode } from "@/lib/errors";
import { createAnnotation } from "@/server/annotations/create-annotation";
import { createReply } from "@/server/annotations/create-reply";
import { deleteAnnotation } from "@/server/annotations/delete-annotation";
import { exportAnnotations } from "@/server/annotations/export-annotations";
import { getAnnotation } from "@/server/annotations/get-annotation";
import { listAnnotations } from "@/server/annotations/list-annotations";
import { moveAnnotations } from "@/server/annotations/move-annotations";
import { updateAnnotation } from "@/server/annotations/update-annotation";
import { createUserWithPassword } from "@/server/auth/users";
import { db } from "@/server/db/client";
import { importDocument } from "@/server/documents/import-document";
import {
  annotationPermissions,
  assertCan,
  can,
  countReadableReplies,
  readableAnnotationsWhere,
  visibleScore,
  type AnnotationAction,
  type AnnotationAccessFields,
  type GroupRole,
  type Viewer,
  type ViewerAccess,
} from "./annotations";

const article = parsePlainTextArticle(readFileSync(path.resolve(__dirname, "../../content/taliban-ttp-and-pakistan.txt"), "utf8"));
const { slug, text } = article;

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
type SignedInRole = Exclude<Role, "anonymous">;

const ACTIONS = ["read", "list", "create", "update", "delete", "reply", "resolve", "export", "move"] as const;
type Action = (typeof ACTIONS)[number];

/** "allowed": the call succeeds and does its work; "omitted": a list or export leaves the annotation out. */
type Outcome = "allowed" | "omitted" | AppErrorCode;

const CODES = { A: "allowed", O: "omitted", N: "NOT_FOUND", F: "FORBIDDEN", U: "UNAUTHENTICATED" } as const satisfies Record<
  string,
  Outcome
>;

/**
 * Every cell, one letter per action in ACTIONS order (read list create update delete reply resolve
 * export move): A allowed, O omitted, N NOT_FOUND, F FORBIDDEN, U UNAUTHENTICATED. The group scopes
 * name the author's group, Seminar A; "create" is the viewer creating their own annotation in that
 * scope, "move" the viewer moving the annotation (POST /api/annotations/move) to another scope.
 */
const TABLE: Record<Role, Record<Visibility, string>> = {
  author: { private: "AAAAAAAAA", group: "AAAAAAAAA", instructors: "AAAAAAAAA", everyone: "AAAAAAAAA" },
  "member of the same group": { private: "NOANNNNON", group: "AAAFFAFAN", instructors: "NOANNNNON", everyone: "AAAFFAFAN" },
  "member of another group": { private: "NOANNNNON", group: "NONNNNNON", instructors: "NONNNNNON", everyone: "AAAFFAFAN" },
  "instructor of this group": { private: "NOANNNNON", group: "AAAFFAFAN", instructors: "AAAFFAFAN", everyone: "AAAFFAFAN" },
  "instructor of another group": { private: "NOANNNNON", group: "NONNNNNON", instructors: "NONNNNNON", everyone: "AAAFFAFAN" },
  owner: { private: "NOANNNNON", group: "AAAFFAFAN", instructors: "AAAFFAFAN", everyone: "AAAFFAFAN" },
  anonymous: { private: "UUUUUUUUU", group: "UUUUUUUUU", instructors: "UUUUUUUUU", everyone: "UUUUUUUUU" },
};

function expected(role: Role, visibility: Visibility, action: Action): Outcome {
  const letter = TABLE[role][visibility][ACTIONS.indexOf(action)] as keyof typeof CODES;
  return CODES[letter];
}

const users = Object.fromEntries(ROLES.filter((role) => role !== "anonymous").map((role) => [role, { id: "" }])) as Record<
  SignedInRole,
  { id: string }
>;
const groups = { seminarA: { id: "" }, seminarB: { id: "" } };

function viewerFor(role: Role): Viewer {
  return role === "anonymous" ? null : { id: users[role].id };
}

/** The API's form of a scope; the group scopes name Seminar A. */
function scopeInput(visibility: Visibility) {
  if (visibility === "group") return { group: groups.seminarA.id };
  if (visibility === "instructors") return { instructors: groups.seminarA.id };
  return visibility;
}

/** Where "move" takes an annotation of each scope. */
const MOVE_TO: Record<Visibility, Visibility> = { private: "group", group: "instructors", instructors: "everyone", everyone: "private" };

beforeAll(async () => {
  await importDocument(db, article);
  users.author = await createUserWithPassword({ name: "Author", email: "author@example.edu", password: "long enough" });
  for (const role of ROLES) {
    if (role === "anonymous" || role === "author") continue;
    users[role] = await db.user.create({ data: { name: role, email: `${role.replaceAll(" ", "-")}@example.edu` } });
  }
  groups.seminarA = await db.group.create({ data: { name: "Seminar A", joinCode: "SEMA", createdById: users.owner.id } });
  groups.seminarB = await db.group.create({
    data: { name: "Seminar B", joinCode: "SEMB", createdById: users["instructor of another group"].id },
  });
  await db.membership.createMany({
    data: [
      { groupId: groups.seminarA.id, userId: users.owner.id, role: "owner" },
      { groupId: groups.seminarA.id, userId: users.author.id, role: "member" },
      { groupId: groups.seminarA.id, userId: users["member of the same group"].id, role: "member" },
      { groupId: groups.seminarA.id, userId: users["instructor of this group"].id, role: "instructor" },
      { groupId: groups.seminarB.id, userId: users["member of another group"].id, role: "member" },
      { groupId: groups.seminarB.id, userId: users["instructor of another group"].id, role: "instructor" },
    ],
  });
});

afterAll(() => db.$disconnect());

// ---------------------------------------------------------------- helpers

/** Spans to annotate, spread over the article (cells check their own annotation by id). */
let nextSpan = 0;
function freshTarget() {
  const start = 40 + (nextSpan % 130) * 50;
  nextSpan += 1;
  const { quote, position } = describeTextRange(text, start, start + 12);
  return { selector: [quote, position] };
}

/** A new annotation by the author, so that every cell starts from an untouched one. */
function freshAnnotation(visibility: Visibility): Promise<AnnotationDto> {
  return createAnnotation(
    users.author,
    slug,
    ZCreateAnnotationSchema.parse({
      target: freshTarget(),
      body: "original body",
      tags: ["original"],
      color: "yellow",
      visibility: scopeInput(visibility),
    }),
  );
}

/** Everything a refused action must leave as it was. */
async function snapshot(id: string) {
  return {
    annotation: await db.annotation.findUnique({ where: { id }, include: { tags: { orderBy: { name: "asc" } } } }),
    replies: await db.annotation.count({ where: { parentId: id } }),
    total: await db.annotation.count(),
  };
}

async function outcomeOf(call: Promise<unknown>): Promise<{ value: unknown } | { error: unknown }> {
  return call.then(
    (value) => ({ value }),
    (error: unknown) => ({ error }),
  );
}

function expectAppErrorCode(result: { value: unknown } | { error: unknown }, code: AppErrorCode) {
  expect(result, `expected ${code}, but the call succeeded`).toHaveProperty("error");
  const { error } = result as { error: unknown };
  expect(error).toBeInstanceOf(AppError);
  expect({ code: (error as AppError).code, status: (error as AppError).status }).toEqual({ code, status: ERROR_STATUS[code] });
}

type Cell = { role: Role; viewer: Viewer; visibility: Visibility; outcome: Outcome };

/**
 * How each action is performed through the real server functions, and what "allowed" (or
 * "omitted") must be seen to mean: not just no error, but the effect in the database.
 */
const PERFORM: Record<Action, (cell: Cell) => Promise<void>> = {
  async read({ viewer, visibility, outcome }) {
    const annotation = await freshAnnotation(visibility);
    await check(
      () => getAnnotation(viewer, annotation.id),
      annotation.id,
      outcome,
      async (read) => {
        expect(read).toMatchObject({
          id: annotation.id,
          body: "original body",
          visibility,
          author: { id: users.author.id },
          ...groupOf(visibility),
        });
      },
    );
  },

  async list({ viewer, visibility, outcome }) {
    const annotation = await freshAnnotation(visibility);
    await check(
      () => listAnnotations(viewer, slug, ZListAnnotationsQuery.parse({ limit: 500 })),
      annotation.id,
      outcome,
      async (page) => {
        const listed = page.items.map((item) => item.id);
        if (outcome === "omitted") expect(listed).not.toContain(annotation.id);
        else expect(listed).toContain(annotation.id);
        expect(page.nextCursor).toBeNull();
      },
    );
  },

  async create({ viewer, visibility, outcome }) {
    const before = await db.annotation.count();
    const input = ZCreateAnnotationSchema.parse({ target: freshTarget(), body: "my own note", visibility: scopeInput(visibility) });
    const result = await outcomeOf(createAnnotation(viewer, slug, input));
    if (outcome === "allowed") {
      expect(result).toHaveProperty("value");
      const created = (result as { value: AnnotationDto }).value;
      expect(created).toMatchObject({
        author: { id: viewer!.id },
        visibility,
        body: "my own note",
        parentId: null,
        ...groupOf(visibility),
      });
      expect(await db.annotation.findUniqueOrThrow({ where: { id: created.id } })).toMatchObject({
        authorId: viewer!.id,
        visibility,
        groupId: groupOf(visibility).groupId,
      });
      expect(await db.annotation.count()).toBe(before + 1);
    } else {
      expectAppErrorCode(result, outcome as AppErrorCode);
      expect(await db.annotation.count()).toBe(before);
    }
  },

  async update({ viewer, visibility, outcome }) {
    const annotation = await freshAnnotation(visibility);
    const input = ZUpdateAnnotationSchema.parse({ body: "changed body", tags: ["changed"], color: "green" });
    await check(
      () => updateAnnotation(viewer, annotation.id, input),
      annotation.id,
      outcome,
      async (updated) => {
        expect(updated).toMatchObject({ id: annotation.id, body: "changed body", tags: ["changed"], color: "green" });
        expect(await db.annotation.findUniqueOrThrow({ where: { id: annotation.id } })).toMatchObject({
          body: "changed body",
          color: "green",
        });
      },
    );
  },

  async delete({ viewer, visibility, outcome }) {
    const annotation = await freshAnnotation(visibility);
    await check(
      () => deleteAnnotation(viewer, annotation.id),
      annotation.id,
      outcome,
      async (result) => {
        expect(result).toEqual({ id: annotation.id, isKeptForReplies: false });
        expect(await db.annotation.findUnique({ where: { id: annotation.id } })).toBeNull();
      },
    );
  },

  async reply({ viewer, visibility, outcome }) {
    const annotation = await freshAnnotation(visibility);
    await check(
      () => createReply(viewer, annotation.id, ZCreateReplySchema.parse({ body: "a reply" })),
      annotation.id,
      outcome,
      async (created) => {
        expect(created).toMatchObject({
          parentId: annotation.id,
          author: { id: viewer!.id },
          body: "a reply",
          visibility,
          groupId: groupOf(visibility).groupId,
        });
        expect(await db.annotation.count({ where: { parentId: annotation.id } })).toBe(1);
      },
    );
  },

  async resolve({ viewer, visibility, outcome }) {
    const annotation = await freshAnnotation(visibility);
    await check(
      () => updateAnnotation(viewer, annotation.id, ZUpdateAnnotationSchema.parse({ resolved: true })),
      annotation.id,
      outcome,
      async (updated) => {
        expect(updated.resolvedAt).not.toBeNull();
        expect((await db.annotation.findUniqueOrThrow({ where: { id: annotation.id } })).resolvedAt).toBeInstanceOf(Date);
      },
    );
  },

  async export({ viewer, visibility, outcome }) {
    const annotation = await freshAnnotation(visibility);
    // A reply by the author, so the export's replies are checked too.
    const authorsReply = await createReply(users.author, annotation.id, ZCreateReplySchema.parse({ body: "the author's reply" }));
    await check(
      () => exportAnnotations(viewer, slug, { onlyMine: false }),
      annotation.id,
      outcome,
      async (exported) => {
        const annotations = exported.annotations.map((item) => item.id);
        const replies = exported.replies.map((item) => item.id);
        if (outcome === "omitted") {
          expect(annotations).not.toContain(annotation.id);
          expect(replies).not.toContain(authorsReply.id);
        } else {
          expect(annotations).toContain(annotation.id);
          expect(replies).toContain(authorsReply.id);
        }
      },
    );
  },

  async move({ viewer, visibility, outcome }) {
    const annotation = await freshAnnotation(visibility);
    const authorsReply = await createReply(users.author, annotation.id, ZCreateReplySchema.parse({ body: "moves with its thread" }));
    const to = MOVE_TO[visibility];
    const input = ZMoveAnnotationsSchema.parse({ ids: [annotation.id], visibility: scopeInput(to) });
    await check(
      () => moveAnnotations(viewer, input),
      annotation.id,
      outcome,
      async (moved) => {
        expect(moved).toMatchObject([{ id: annotation.id, visibility: to, ...groupOf(to) }]);
        for (const id of [annotation.id, authorsReply.id]) {
          expect(await db.annotation.findUniqueOrThrow({ where: { id } })).toMatchObject({ visibility: to, groupId: groupOf(to).groupId });
        }
      },
    );
  },
};

function groupOf(visibility: Visibility) {
  return visibility === "group" || visibility === "instructors"
    ? { groupId: groups.seminarA.id, groupName: "Seminar A" }
    : { groupId: null, groupName: null };
}

/**
 * Runs a call on an existing annotation. On "allowed"/"omitted" the call must succeed and `verify`
 * checks its effect; otherwise it must fail with that code and leave the annotation untouched.
 */
/** `call` starts only after the snapshot, so "unchanged" compares with the state before it ran. */
async function check<T>(call: () => Promise<T>, id: string, outcome: Outcome, verify: (value: T) => Promise<void>) {
  const before = await snapshot(id);
  const result = await outcomeOf(call());
  if (outcome === "allowed" || outcome === "omitted") {
    if ("error" in result) throw result.error;
    await verify(result.value as T);
  } else {
    expectAppErrorCode(result, outcome);
    expect(await snapshot(id)).toEqual(before);
  }
}

// ---------------------------------------------------------------- the matrix, through the server

describe("annotation authorization through the server functions", () => {
  for (const role of ROLES) {
    describe(`as ${role}`, () => {
      for (const visibility of VISIBILITIES) {
        for (const action of ACTIONS) {
          const outcome = expected(role, visibility, action);
          it(`${action} on a "${visibility}" annotation → ${outcome}`, async () => {
            await PERFORM[action]({ role, viewer: viewerFor(role), visibility, outcome });
          });
        }
      }
    });
  }

  it("covers every cell of roles × actions × visibilities", () => {
    const cells = ROLES.flatMap((role) =>
      VISIBILITIES.flatMap((visibility) => ACTIONS.map((action) => expected(role, visibility, action))),
    );
    expect(VISIBILITIES).toEqual(["private", "group", "instructors", "everyone"]);
    expect(cells).toHaveLength(7 * 4 * 9);
    expect(cells).not.toContain(undefined);
    expect(cells.filter((outcome) => outcome === "UNAUTHENTICATED")).toHaveLength(36);
  });
});

// ---------------------------------------------------------------- the rules themselves

/** The actions `can` decides on one annotation; list, create and export have no annotation to ask about. */
const ANNOTATION_ACTIONS = ["read", "update", "delete", "reply", "resolve", "move"] as const satisfies readonly AnnotationAction[];
/** assertCan answers FORBIDDEN for a readable thread one may not move; the bulk move answers 404 for it (above). */
const ASSERTED_ACTIONS = ["read", "update", "delete", "reply", "resolve"] as const satisfies readonly AnnotationAction[];

function accessFields(visibility: Visibility, extra: Partial<AnnotationAccessFields> = {}): AnnotationAccessFields {
  const groupId = visibility === "group" || visibility === "instructors" ? "group-a" : null;
  return {
    authorId: "author-id",
    visibility,
    groupId,
    parentId: null,
    parent: null,
    deletedAt: null,
    hiddenAt: null,
    isFeedback: false,
    feedbackOn: null,
    ...extra,
  };
}

/** `hidden`: groups that hide until you post, with "instructor-a" as their staff. */
function unitViewer(id: string, memberships: [string, GroupRole][] = [], hidden: string[] = []): ViewerAccess {
  const gate = { staffIds: new Set(["instructor-a"]), threshold: 1, posted: 0 };
  return { id, memberships: new Map(memberships), hiddenGroups: new Map(hidden.map((groupId) => [groupId, gate])) };
}

const UNIT_VIEWERS: Record<Role, ViewerAccess | null> = {
  author: unitViewer("author-id", [["group-a", "member"]]),
  "member of the same group": unitViewer("member-a", [["group-a", "member"]]),
  "member of another group": unitViewer("member-b", [["group-b", "member"]]),
  "instructor of this group": unitViewer("instructor-a", [["group-a", "instructor"]]),
  "instructor of another group": unitViewer("instructor-b", [
    ["group-b", "instructor"],
    ["group-c", "owner"],
  ]),
  owner: unitViewer("owner-a", [["group-a", "owner"]]),
  anonymous: null,
};

describe("can()", () => {
  for (const role of ROLES) {
    for (const visibility of VISIBILITIES) {
      for (const action of ANNOTATION_ACTIONS) {
        const isAllowed = expected(role, visibility, action) === "allowed";
        it(`${role} may ${isAllowed ? "" : "not "}${action} a "${visibility}" annotation`, () => {
          expect(can(UNIT_VIEWERS[role], action, accessFields(visibility))).toBe(isAllowed);
        });
      }
    }
  }

  it("lets nobody change, delete, resolve, move or reply to a deleted annotation, though its thread still reads", () => {
    const deleted = accessFields("everyone", { deletedAt: new Date() });
    const author = UNIT_VIEWERS.author;
    expect(ANNOTATION_ACTIONS.map((action) => [action, can(author, action, deleted)])).toEqual([
      ["read", true],
      ["update", false],
      ["delete", false],
      ["reply", false],
      ["resolve", false],
      ["move", false],
    ]);
  });

  it("lets a reply's author edit and delete it but not resolve or move it: only threads do", () => {
    const reply = accessFields("everyone", {
      parentId: "root-id",
      parent: { authorId: "thread-author-id", visibility: "everyone", groupId: null, deletedAt: null, hiddenAt: null },
    });
    const author = UNIT_VIEWERS.author;
    expect(ANNOTATION_ACTIONS.map((action) => [action, can(author, action, reply)])).toEqual([
      ["read", true],
      ["update", true],
      ["delete", true],
      ["reply", true],
      ["resolve", false],
      ["move", false],
    ]);
  });

  it("leaves a removed member their own group thread to read, delete or move, but not to write in, nor the others' replies", () => {
    const removed = unitViewer("author-id", [["group-b", "member"]]); // once in group-a, now only in group-b
    const thread = accessFields("group");
    expect(ANNOTATION_ACTIONS.map((action) => [action, can(removed, action, thread)])).toEqual([
      ["read", true],
      ["update", false],
      ["delete", true],
      ["reply", false],
      ["resolve", false],
      ["move", true],
    ]);
    const parent = { authorId: "author-id", visibility: "group" as const, groupId: "group-a", deletedAt: null, hiddenAt: null };
    const peersReply = accessFields("group", { authorId: "member-a", parentId: "root-id", parent });
    const ownReply = accessFields("group", { parentId: "root-id", parent });
    expect([can(removed, "read", peersReply), can(removed, "read", ownReply), can(removed, "update", ownReply)]).toEqual([
      false,
      true,
      false,
    ]);
    // Still a member: all of it, as before.
    expect(ANNOTATION_ACTIONS.map((action) => can(UNIT_VIEWERS.author, action, thread))).toEqual([true, true, true, true, true, true]);
    expect(can(UNIT_VIEWERS.author, "read", peersReply)).toBe(true);
  });

  it("hides peers' group threads in a hidden group, but never the viewer's own, nor other scopes", () => {
    const hiddenMember = unitViewer("member-a", [["group-a", "member"]], ["group-a"]);
    expect(can(hiddenMember, "read", accessFields("group"))).toBe(false);
    expect(can(hiddenMember, "reply", accessFields("group"))).toBe(false);
    expect(can(hiddenMember, "read", accessFields("group", { authorId: "member-a" }))).toBe(true);
    expect(can(hiddenMember, "read", accessFields("everyone"))).toBe(true);
    const replyInHiddenThread = accessFields("group", {
      authorId: "member-a",
      parentId: "root-id",
      parent: { authorId: "author-id", visibility: "group", groupId: "group-a", deletedAt: null, hiddenAt: null },
    });
    expect(can(hiddenMember, "read", replyInHiddenThread)).toBe(false);
  });

  it("never hides the group's staff's writing, nor the viewer's own reply in a staff thread; peers' replies there wait", () => {
    const hiddenMember = unitViewer("member-a", [["group-a", "member"]], ["group-a"]);
    const prompt = { authorId: "instructor-a", visibility: "group", groupId: "group-a", deletedAt: null, hiddenAt: null };
    expect(can(hiddenMember, "read", accessFields("group", { authorId: "instructor-a" }))).toBe(true);
    expect(can(hiddenMember, "reply", accessFields("group", { authorId: "instructor-a" }))).toBe(true);
    const replyTo = (authorId: string) => accessFields("group", { authorId, parentId: "prompt-id", parent: prompt });
    expect(can(hiddenMember, "read", replyTo("member-a"))).toBe(true);
    expect(can(hiddenMember, "read", replyTo("instructor-a"))).toBe(true);
    expect(can(hiddenMember, "read", replyTo("author-id"))).toBe(false);
    // Once past the gate, peers' replies read as before.
    expect(can(unitViewer("member-a", [["group-a", "member"]]), "read", replyTo("author-id"))).toBe(true);
  });
});

describe("assertCan()", () => {
  for (const role of ROLES) {
    for (const visibility of VISIBILITIES) {
      for (const action of ASSERTED_ACTIONS) {
        const outcome = expected(role, visibility, action);
        it(`${role} ${action} on a "${visibility}" annotation → ${outcome === "allowed" ? "passes" : outcome}`, () => {
          let thrown: unknown = null;
          try {
            assertCan(UNIT_VIEWERS[role], action, accessFields(visibility));
          } catch (error) {
            thrown = error;
          }
          if (outcome === "allowed") {
            expect(thrown).toBeNull();
          } else {
            expect(thrown).toBeInstanceOf(AppError);
            expect((thrown as AppError).code).toBe(outcome);
          }
        });
      }
    }
  }

  it("answers NOT_FOUND for a missing annotation and UNAUTHENTICATED before anything else", () => {
    expect(() => assertCan(UNIT_VIEWERS.author, "read", null)).toThrow("No such annotation.");
    expect(() => assertCan(null, "read", null)).toThrow("Sign in to see and write annotations.");
  });
});

describe("readableAnnotationsWhere()", () => {
  it("matches nothing for anonymous readers; for signed-in ones, own, shared, and their groups' by membership in the query", () => {
    expect(readableAnnotationsWhere(null)).toEqual({ id: { in: [] } });
    const readable = {
      OR: [
        { authorId: "reader-id" },
        { visibility: "everyone" },
        { visibility: "group", group: { memberships: { some: { userId: "reader-id" } } } },
        { visibility: "instructors", group: { memberships: { some: { userId: "reader-id", role: { in: ["owner", "instructor"] } } } } },
      ],
    };
    const staff = { group: { memberships: { some: { userId: "reader-id", role: { in: ["owner", "instructor"] } } } } };
    const notHidden = { OR: [{ hiddenAt: null }, { authorId: "reader-id" }, staff] };
    const feedbackReaders = {
      OR: [{ isFeedback: false }, { authorId: "reader-id" }, { feedbackOn: { authorId: "reader-id" } }, { parent: staff }],
    };
    // A reply in a group's scope: for the group's members (its thread's author who left is not).
    const groupReplyReaders = {
      OR: [
        { authorId: "reader-id" },
        { parent: { visibility: { notIn: ["group", "instructors"] } } },
        { parent: { group: { memberships: { some: { userId: "reader-id" } } } } },
      ],
    };
    // A reply its thread's moderators hid: for its writer, the group's staff, and the author of a thread shared with everyone.
    const hiddenReplyReaders = {
      OR: [{ hiddenAt: null }, { authorId: "reader-id" }, { parent: staff }, { parent: { visibility: "everyone", authorId: "reader-id" } }],
    };
    // Threads by their own author and scope (unless hidden by an instructor); replies by their
    // thread's, and feedback replies only for the author of what they are about and the group's staff.
    const thread = { AND: [readable, notHidden] };
    // …and only on readings the viewer may read (server/authz/documents.ts), whatever the annotation's own scope.
    const onReadableDocument = {
      document: {
        OR: [
          { visibility: "public" },
          { ownerId: "reader-id", visibility: { in: ["private", "group"] } },
          { visibility: "group", group: { memberships: { some: { userId: "reader-id" } } } },
        ],
      },
    };
    expect(readableAnnotationsWhere(unitViewer("reader-id"))).toEqual({
      AND: [
        onReadableDocument,
        { OR: [{ parentId: null, ...thread }, { AND: [{ parent: thread }, feedbackReaders, groupReplyReaders, hiddenReplyReaders] }] },
      ],
    });
    const hiding = {
      AND: [readable, notHidden, { NOT: { visibility: "group", groupId: "group-a", authorId: { notIn: ["reader-id", "instructor-a"] } } }],
    };
    const peersRepliesWait = {
      NOT: { parent: { visibility: "group", groupId: "group-a" }, authorId: { notIn: ["reader-id", "instructor-a"] } },
    };
    expect(readableAnnotationsWhere(unitViewer("reader-id", [], ["group-a"]))).toEqual({
      AND: [
        onReadableDocument,
        {
          OR: [
            { parentId: null, ...hiding },
            { AND: [{ parent: hiding }, feedbackReaders, groupReplyReaders, hiddenReplyReaders, peersRepliesWait] },
          ],
        },
      ],
    });
  });

  it("judges a reply by its thread: readable when the thread is, whoever wrote the reply", () => {
    const privateThread = { authorId: "author-id", visibility: "private", groupId: null, deletedAt: null, hiddenAt: null };
    const replyByOther = accessFields("private", { authorId: "member-a", parentId: "root-id", parent: privateThread });
    const other = UNIT_VIEWERS["member of the same group"];
    expect(can(UNIT_VIEWERS.author, "read", replyByOther)).toBe(true);
    expect(can(other, "read", replyByOther)).toBe(false);
    expect(can(other, "update", replyByOther)).toBe(false);
    expect(can(UNIT_VIEWERS.author, "update", replyByOther)).toBe(false);
  });
});

describe("moderation and feedback rules", () => {
  const member = UNIT_VIEWERS["member of the same group"];
  const instructor = UNIT_VIEWERS["instructor of this group"];
  const otherInstructor = UNIT_VIEWERS["instructor of another group"];
  const author = UNIT_VIEWERS.author;

  it("a hidden thread disappears for members; its author and the group's staff still see it", () => {
    const hidden = accessFields("group", { hiddenAt: new Date() });
    expect(can(member, "read", hidden)).toBe(false);
    expect(can(author, "read", hidden)).toBe(true);
    expect(can(instructor, "read", hidden)).toBe(true);
    const replyInHidden = accessFields("group", { authorId: "member-a", parentId: "root", parent: { ...hidden } });
    expect(can(member, "read", replyInHidden)).toBe(false);
  });

  it("a hidden reply disappears for readers; its writer and its thread's moderators still see it", () => {
    const groupThread = { authorId: "author-id", visibility: "group", groupId: "group-a", deletedAt: null, hiddenAt: null };
    const hiddenInGroup = accessFields("group", { authorId: "member-a", parentId: "root", parent: groupThread, hiddenAt: new Date() });
    expect(can(author, "read", hiddenInGroup)).toBe(false);
    expect(can(member, "read", hiddenInGroup)).toBe(true);
    expect(can(instructor, "read", hiddenInGroup)).toBe(true);
    // In a group's thread the staff hide a reply; its thread's author does not, nor its writer.
    const shownInGroup = { ...hiddenInGroup, hiddenAt: null };
    expect([instructor, author, member].map((viewer) => can(viewer, "hide", shownInGroup))).toEqual([true, false, false]);
    // Shared with everyone: no group's staff, so the thread's author looks after the replies under it.
    const publicThread = { ...groupThread, visibility: "everyone", groupId: null };
    const strangers = accessFields("everyone", { authorId: "member-b", parentId: "root", parent: publicThread });
    expect([author, instructor, member].map((viewer) => can(viewer, "hide", strangers))).toEqual([true, false, false]);
    expect(can(UNIT_VIEWERS["member of another group"], "hide", strangers)).toBe(false);
    const hiddenPublic = { ...strangers, hiddenAt: new Date() };
    expect([author, UNIT_VIEWERS["member of another group"], member].map((viewer) => can(viewer, "read", hiddenPublic))).toEqual([
      true,
      true,
      false,
    ]);
    // Readers report such a reply to the note's author; the author hides it instead, its writer does neither.
    expect([member, instructor, author].map((viewer) => can(viewer, "flag", strangers))).toEqual([true, true, false]);
    expect(can(UNIT_VIEWERS["member of another group"], "flag", strangers)).toBe(false);
    expect(can(member, "flag", accessFields("everyone"))).toBe(false);
    // The author of the thread hides others' replies, not the thread itself (no one's to hide there).
    expect(can(author, "hide", accessFields("everyone"))).toBe(false);
    expect(
      countReadableReplies(member, publicThread, [
        { authorId: "member-b", isFeedback: false, hiddenAt: new Date() },
        { authorId: "member-b", isFeedback: false, hiddenAt: null },
      ]),
    ).toBe(1);
  });

  it("a feedback reply reaches only the author of what it is about, its writer and the group's staff", () => {
    const thread = { authorId: "author-id", visibility: "group", groupId: "group-a", deletedAt: null, hiddenAt: null };
    const onThread = {
      authorId: "instructor-a",
      parentId: "root",
      parent: thread,
      isFeedback: true,
      feedbackOn: { authorId: "author-id" },
    };
    const feedback = accessFields("group", onThread);
    expect(can(author, "read", feedback)).toBe(true);
    expect(can(instructor, "read", feedback)).toBe(true);
    expect(can(member, "read", feedback)).toBe(false);
    expect(can(otherInstructor, "read", feedback)).toBe(false);
    // Feedback on a member's reply in the author's thread: the member reads it, the thread's author does not.
    const onReply = accessFields("group", { ...onThread, feedbackOn: { authorId: "member-a" } });
    expect(can(member, "read", onReply)).toBe(true);
    expect(can(author, "read", onReply)).toBe(false);
    expect(can(instructor, "read", onReply)).toBe(true);
    // Feedback whose subject is gone: only its writer and the staff (fails closed).
    const orphan = accessFields("group", { ...onThread, feedbackOn: null });
    expect(can(author, "read", orphan)).toBe(false);
    expect(can(instructor, "read", orphan)).toBe(true);
    // Its recipient does not flag it: a flag goes to the staff, who wrote it (they would read their own words reported).
    expect(can(author, "flag", feedback)).toBe(false);
    expect(can(member, "flag", onReply)).toBe(false);
  });

  it("the staff score and give feedback on anyone's annotation or reply in the group, never their own nor feedback", () => {
    const thread = { authorId: "author-id", visibility: "group", groupId: "group-a", deletedAt: null, hiddenAt: null };
    const annotation = accessFields("group");
    const memberReply = accessFields("group", { authorId: "member-a", parentId: "root", parent: thread });
    const ownReply = accessFields("group", { authorId: "instructor-a", parentId: "root", parent: thread });
    const feedback = accessFields("group", { ...ownReply, isFeedback: true, feedbackOn: { authorId: "member-a" } });
    for (const item of [annotation, memberReply])
      expect(annotationPermissions(instructor, item)).toMatchObject({ score: true, feedback: true, hide: true });
    for (const item of [ownReply, feedback])
      expect(annotationPermissions(instructor, item)).toMatchObject({ score: false, feedback: false });
    expect(annotationPermissions(member, memberReply)).toMatchObject({ score: false, feedback: false });
    expect(annotationPermissions(otherInstructor, annotation)).toMatchObject({ score: false, feedback: false });
    expect(annotationPermissions(instructor, accessFields("everyone"))).toMatchObject({ score: false, feedback: false });
    expect(annotationPermissions(instructor, accessFields("instructors"))).toMatchObject({ score: true, feedback: true });
  });

  it("a score: the group's staff always; its author once released; nobody else", () => {
    const thread = { authorId: "author-id", visibility: "group", groupId: "group-a", deletedAt: null, hiddenAt: null };
    const scored = (release: string, releasedAt: Date | null, extra: Partial<AnnotationAccessFields> = {}) => ({
      ...accessFields("group", extra),
      score: { points: 2, releasedAt },
      group: { scoreRelease: release },
    });
    const unreleased = scored("manual", null);
    expect(visibleScore(instructor, unreleased)).toBe(2);
    expect(visibleScore(UNIT_VIEWERS.owner, unreleased)).toBe(2);
    expect(visibleScore(author, unreleased)).toBeNull();
    expect(visibleScore(member, unreleased)).toBeNull();
    const released = scored("manual", new Date());
    expect(visibleScore(author, released)).toBe(2);
    expect(visibleScore(member, released)).toBeNull();
    expect(visibleScore(otherInstructor, released)).toBeNull();
    expect(visibleScore(null, released)).toBeNull();
    const atOnce = scored("immediate", null);
    expect(visibleScore(author, atOnce)).toBe(2);
    expect(visibleScore(member, atOnce)).toBeNull();
    // A member's reply: the member sees its score once released, the thread's author never.
    const reply = scored("manual", new Date(), { authorId: "member-a", parentId: "root", parent: thread });
    expect(visibleScore(member, reply)).toBe(2);
    expect(visibleScore(author, reply)).toBeNull();
    // An unknown release setting is treated as "manual"; a hidden thread's score stays with its author and staff.
    expect(visibleScore(author, scored("someday", null))).toBeNull();
    expect(visibleScore(member, scored("immediate", null, { hiddenAt: new Date(), authorId: "member-a" }))).toBe(2);
    expect(visibleScore(author, { ...atOnce, score: null })).toBeNull();
  });

  it("members of the group flag and mark helpful others' annotations; only its staff moderate", () => {
    const annotation = accessFields("group");
    expect(can(member, "flag", annotation)).toBe(true);
    expect(can(member, "mark-helpful", annotation)).toBe(true);
    expect(can(author, "flag", annotation)).toBe(false); // not your own
    expect(can(UNIT_VIEWERS["member of another group"], "flag", annotation)).toBe(false);
    expect(can(member, "moderate", annotation)).toBe(false);
    expect(can(instructor, "moderate", annotation)).toBe(true);
    expect(can(otherInstructor, "moderate", annotation)).toBe(false);
    expect(can(UNIT_VIEWERS.owner, "moderate", annotation)).toBe(true);
    // An "everyone" annotation has no group: nobody moderates it through a group.
    expect(can(instructor, "moderate", accessFields("everyone"))).toBe(false);
  });
});
