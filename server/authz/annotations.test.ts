import { readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { describeTextRange } from "@/lib/anchoring/text-quote";
import { VISIBILITIES, ZCreateAnnotationSchema, ZCreateReplySchema, ZListAnnotationsQuery, ZUpdateAnnotationSchema, type Visibility } from "@/lib/annotations/schemas";
import type { AnnotationDto } from "@/lib/annotations/types";
import { parsePlainTextArticle } from "@/lib/documents/parse-plain-text-article";
import { AppError, ERROR_STATUS, type AppErrorCode } from "@/lib/errors";
import { createAnnotation } from "@/server/annotations/create-annotation";
import { createReply } from "@/server/annotations/create-reply";
import { deleteAnnotation } from "@/server/annotations/delete-annotation";
import { exportAnnotations } from "@/server/annotations/export-annotations";
import { getAnnotation } from "@/server/annotations/get-annotation";
import { listAnnotations } from "@/server/annotations/list-annotations";
import { updateAnnotation } from "@/server/annotations/update-annotation";
import { createUserWithPassword } from "@/server/auth/users";
import { db } from "@/server/db/client";
import { importDocument } from "@/server/documents/import-document";
import { assertCan, can, readableAnnotationsWhere, type AnnotationAction, type AnnotationAccessFields, type Viewer } from "./annotations";

const article = parsePlainTextArticle(readFileSync(path.resolve(__dirname, "../../content/taliban-ttp-and-pakistan.txt"), "utf8"));
const { slug, text } = article;

const ROLES = ["author", "other reader", "anonymous"] as const;
type Role = (typeof ROLES)[number];

const ACTIONS = ["read", "list", "create", "update", "delete", "reply", "resolve", "export"] as const;
type Action = (typeof ACTIONS)[number];

/** "allowed": the call succeeds and does its work; "omitted": a list or export leaves the annotation out. */
type Outcome = "allowed" | "omitted" | AppErrorCode;

const EXPECTED: Record<Role, Record<Visibility, Record<Action, Outcome>>> = {
  author: {
    private: { read: "allowed", list: "allowed", create: "allowed", update: "allowed", delete: "allowed", reply: "allowed", resolve: "allowed", export: "allowed" },
    everyone: { read: "allowed", list: "allowed", create: "allowed", update: "allowed", delete: "allowed", reply: "allowed", resolve: "allowed", export: "allowed" },
  },
  "other reader": {
    private: { read: "NOT_FOUND", list: "omitted", create: "allowed", update: "NOT_FOUND", delete: "NOT_FOUND", reply: "NOT_FOUND", resolve: "NOT_FOUND", export: "omitted" },
    everyone: { read: "allowed", list: "allowed", create: "allowed", update: "FORBIDDEN", delete: "FORBIDDEN", reply: "allowed", resolve: "FORBIDDEN", export: "allowed" },
  },
  anonymous: {
    private: { read: "UNAUTHENTICATED", list: "UNAUTHENTICATED", create: "UNAUTHENTICATED", update: "UNAUTHENTICATED", delete: "UNAUTHENTICATED", reply: "UNAUTHENTICATED", resolve: "UNAUTHENTICATED", export: "UNAUTHENTICATED" },
    everyone: { read: "UNAUTHENTICATED", list: "UNAUTHENTICATED", create: "UNAUTHENTICATED", update: "UNAUTHENTICATED", delete: "UNAUTHENTICATED", reply: "UNAUTHENTICATED", resolve: "UNAUTHENTICATED", export: "UNAUTHENTICATED" },
  },
};

const users: Record<"author" | "other reader", { id: string }> = { author: { id: "" }, "other reader": { id: "" } };

function viewerFor(role: Role): Viewer {
  return role === "anonymous" ? null : { id: users[role].id };
}

beforeAll(async () => {
  await importDocument(db, article);
  users.author = await createUserWithPassword({ name: "Author", email: "author@example.edu", password: "long enough" });
  users["other reader"] = await db.user.create({ data: { name: "Other", email: "other@example.edu" } });
});

afterAll(() => db.$disconnect());

// ---------------------------------------------------------------- helpers

/** Spans to annotate, one per cell, so no two cells' annotations share a quote. */
let nextSpan = 0;
function freshTarget() {
  const start = 40 + nextSpan * 50;
  nextSpan += 1;
  const { quote, position } = describeTextRange(text, start, start + 12);
  return { selector: [quote, position] };
}

/** A new annotation by the author, so that every cell starts from an untouched one. */
function freshAnnotation(visibility: Visibility): Promise<AnnotationDto> {
  return createAnnotation(
    users.author,
    slug,
    ZCreateAnnotationSchema.parse({ target: freshTarget(), body: "original body", tags: ["original"], color: "yellow", visibility }),
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
    await check(getAnnotation(viewer, annotation.id), annotation.id, outcome, async (read) => {
      expect(read).toMatchObject({ id: annotation.id, body: "original body", visibility, author: { id: users.author.id } });
    });
  },

  async list({ viewer, visibility, outcome }) {
    const annotation = await freshAnnotation(visibility);
    await check(listAnnotations(viewer, slug, ZListAnnotationsQuery.parse({ limit: 500 })), annotation.id, outcome, async (page) => {
      const listed = page.items.map((item) => item.id);
      if (outcome === "omitted") expect(listed).not.toContain(annotation.id);
      else expect(listed).toContain(annotation.id);
      expect(page.nextCursor).toBeNull();
    });
  },

  async create({ viewer, visibility, outcome }) {
    const before = await db.annotation.count();
    const input = ZCreateAnnotationSchema.parse({ target: freshTarget(), body: "my own note", visibility });
    const result = await outcomeOf(createAnnotation(viewer, slug, input));
    if (outcome === "allowed") {
      expect(result).toHaveProperty("value");
      const created = (result as { value: AnnotationDto }).value;
      expect(created).toMatchObject({ author: { id: viewer!.id }, visibility, body: "my own note", parentId: null });
      expect(await db.annotation.findUniqueOrThrow({ where: { id: created.id } })).toMatchObject({ authorId: viewer!.id, visibility });
      expect(await db.annotation.count()).toBe(before + 1);
    } else {
      expectAppErrorCode(result, outcome as AppErrorCode);
      expect(await db.annotation.count()).toBe(before);
    }
  },

  async update({ viewer, visibility, outcome }) {
    const annotation = await freshAnnotation(visibility);
    const input = ZUpdateAnnotationSchema.parse({ body: "changed body", tags: ["changed"], color: "green" });
    await check(updateAnnotation(viewer, annotation.id, input), annotation.id, outcome, async (updated) => {
      expect(updated).toMatchObject({ id: annotation.id, body: "changed body", tags: ["changed"], color: "green" });
      expect(await db.annotation.findUniqueOrThrow({ where: { id: annotation.id } })).toMatchObject({ body: "changed body", color: "green" });
    });
  },

  async delete({ viewer, visibility, outcome }) {
    const annotation = await freshAnnotation(visibility);
    await check(deleteAnnotation(viewer, annotation.id), annotation.id, outcome, async (result) => {
      expect(result).toEqual({ id: annotation.id, isKeptForReplies: false });
      expect(await db.annotation.findUnique({ where: { id: annotation.id } })).toBeNull();
    });
  },

  async reply({ viewer, visibility, outcome }) {
    const annotation = await freshAnnotation(visibility);
    await check(createReply(viewer, annotation.id, ZCreateReplySchema.parse({ body: "a reply" })), annotation.id, outcome, async (created) => {
      expect(created).toMatchObject({ parentId: annotation.id, author: { id: viewer!.id }, body: "a reply", visibility });
      expect(await db.annotation.count({ where: { parentId: annotation.id } })).toBe(1);
    });
  },

  async resolve({ viewer, visibility, outcome }) {
    const annotation = await freshAnnotation(visibility);
    await check(updateAnnotation(viewer, annotation.id, ZUpdateAnnotationSchema.parse({ resolved: true })), annotation.id, outcome, async (updated) => {
      expect(updated.resolvedAt).not.toBeNull();
      expect((await db.annotation.findUniqueOrThrow({ where: { id: annotation.id } })).resolvedAt).toBeInstanceOf(Date);
    });
  },

  async export({ viewer, visibility, outcome }) {
    const annotation = await freshAnnotation(visibility);
    // A reply by the author, so the export's replies are checked too.
    const authorsReply = await createReply(users.author, annotation.id, ZCreateReplySchema.parse({ body: "the author's reply" }));
    await check(exportAnnotations(viewer, slug, { onlyMine: false }), annotation.id, outcome, async (exported) => {
      const annotations = exported.annotations.map((item) => item.id);
      const replies = exported.replies.map((item) => item.id);
      if (outcome === "omitted") {
        expect(annotations).not.toContain(annotation.id);
        expect(replies).not.toContain(authorsReply.id);
      } else {
        expect(annotations).toContain(annotation.id);
        expect(replies).toContain(authorsReply.id);
      }
    });
  },
};

/**
 * Runs a call on an existing annotation. On "allowed"/"omitted" the call must succeed and `verify`
 * checks its effect; otherwise it must fail with that code and leave the annotation untouched.
 */
async function check<T>(call: Promise<T>, id: string, outcome: Outcome, verify: (value: T) => Promise<void>) {
  const before = await snapshot(id);
  const result = await outcomeOf(call);
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
          const outcome = EXPECTED[role][visibility][action];
          it(`${action} on a "${visibility}" annotation → ${outcome}`, async () => {
            await PERFORM[action]({ role, viewer: viewerFor(role), visibility, outcome });
          });
        }
      }
    });
  }

  it("covers every cell of roles × actions × visibilities", () => {
    const cells = ROLES.flatMap((role) => VISIBILITIES.flatMap((visibility) => ACTIONS.map((action) => EXPECTED[role][visibility][action])));
    expect(cells).toHaveLength(3 * 2 * 8);
    expect(cells.filter((outcome) => outcome === "UNAUTHENTICATED")).toHaveLength(16);
  });
});

// ---------------------------------------------------------------- the rules themselves

/** The actions `can` decides on one annotation; list, create and export have no annotation to ask about. */
const ANNOTATION_ACTIONS = ["read", "update", "delete", "reply", "resolve"] as const satisfies readonly AnnotationAction[];

function accessFields(visibility: Visibility, extra: Partial<AnnotationAccessFields> = {}): AnnotationAccessFields {
  return { authorId: "author-id", visibility, parentId: null, deletedAt: null, ...extra };
}

const UNIT_VIEWERS: Record<Role, Viewer> = { author: { id: "author-id" }, "other reader": { id: "other-id" }, anonymous: null };

describe("can()", () => {
  for (const role of ROLES) {
    for (const visibility of VISIBILITIES) {
      for (const action of ANNOTATION_ACTIONS) {
        const expected = EXPECTED[role][visibility][action] === "allowed";
        it(`${role} may ${expected ? "" : "not "}${action} a "${visibility}" annotation`, () => {
          expect(can(UNIT_VIEWERS[role], action, accessFields(visibility))).toBe(expected);
        });
      }
    }
  }

  it("lets nobody change, delete, resolve or reply to a deleted annotation, though its thread still reads", () => {
    const deleted = accessFields("everyone", { deletedAt: new Date() });
    const author = UNIT_VIEWERS.author;
    expect(ANNOTATION_ACTIONS.map((action) => [action, can(author, action, deleted)])).toEqual([
      ["read", true],
      ["update", false],
      ["delete", false],
      ["reply", false],
      ["resolve", false],
    ]);
  });

  it("lets a reply's author edit and delete it but not resolve it: only threads resolve", () => {
    const reply = accessFields("everyone", {
      parentId: "root-id",
      parent: { authorId: "thread-author-id", visibility: "everyone", deletedAt: null },
    });
    const author = UNIT_VIEWERS.author;
    expect(ANNOTATION_ACTIONS.map((action) => [action, can(author, action, reply)])).toEqual([
      ["read", true],
      ["update", true],
      ["delete", true],
      ["reply", true],
      ["resolve", false],
    ]);
  });
});

describe("assertCan()", () => {
  for (const role of ROLES) {
    for (const visibility of VISIBILITIES) {
      for (const action of ANNOTATION_ACTIONS) {
        const outcome = EXPECTED[role][visibility][action];
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
  it("matches nothing for anonymous readers, and own or shared annotations for signed-in ones", () => {
    expect(readableAnnotationsWhere(null)).toEqual({ id: { in: [] } });
    const ownOrShared = { OR: [{ authorId: "reader-id" }, { visibility: "everyone" }] };
    // Threads by their own author and visibility; replies by their thread's.
    expect(readableAnnotationsWhere({ id: "reader-id" })).toEqual({
      OR: [{ parentId: null, ...ownOrShared }, { parent: ownOrShared }],
    });
  });

  it("judges a reply by its thread: readable when the thread is, whoever wrote the reply", () => {
    const privateThread = { authorId: "author-id", visibility: "private", deletedAt: null };
    const replyByOther = accessFields("private", { authorId: "other-id", parentId: "root-id", parent: privateThread });
    expect(can(UNIT_VIEWERS.author, "read", replyByOther)).toBe(true);
    expect(can(UNIT_VIEWERS["other reader"], "read", replyByOther)).toBe(false);
    expect(can(UNIT_VIEWERS["other reader"], "update", replyByOther)).toBe(false);
    expect(can(UNIT_VIEWERS.author, "update", replyByOther)).toBe(false);
  });
});
