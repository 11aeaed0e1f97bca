import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ZCreateReplySchema, ZMoveAnnotationsSchema, ZUpdateAnnotationSchema } from "@/lib/annotations/schemas";
import type { AnnotationPermissions } from "@/lib/annotations/types";
import { AppError } from "@/lib/errors";
import { ZFlagAnnotationSchema } from "@/lib/moderation/schemas";
import { createReply } from "@/server/annotations/create-reply";
import { deleteAnnotation } from "@/server/annotations/delete-annotation";
import { getAnnotation } from "@/server/annotations/get-annotation";
import { moveAnnotations } from "@/server/annotations/move-annotations";
import { updateAnnotation } from "@/server/annotations/update-annotation";
import { db } from "@/server/db/client";
import { annotate, createDocument, createUsers } from "@/tests/factories";
import { flagAnnotation } from "@/server/moderation/flag-annotation";
import { hideAnnotation } from "@/server/moderation/hide-annotation";
import { markHelpful } from "@/server/moderation/mark-helpful";
import { restoreAnnotation } from "@/server/moderation/restore-annotation";
import { stopListening } from "@/server/outbox/bus";
import { createFeedbackReply } from "@/server/review/create-feedback-reply";
import { setScore } from "@/server/review/set-score";

/**
 * The permissions on a DTO must be what the operations themselves enforce. The oracle is the
 * operations: for each role, read the annotation as that viewer, then attempt every action for
 * real through the same functions the API routes call, and compare "it succeeded" with the flag.
 */
type Person = "author" | "member" | "teacher" | "owner" | "outsider";
const PEOPLE: Person[] = ["author", "member", "teacher", "owner", "outsider"];

let people: Record<Person, { id: string }>;
let seminar: { id: string };
let doc: { id: string; slug: string };

beforeAll(async () => {
  doc = await createDocument("dto-permissions");
  people = await createUsers(PEOPLE, "permissions.example");
  seminar = await db.group.create({ data: { name: "Seminar P", joinCode: "PERMDTO1", createdById: people.owner.id } });
  await db.membership.createMany({
    data: [
      { groupId: seminar.id, userId: people.owner.id, role: "owner" },
      { groupId: seminar.id, userId: people.teacher.id, role: "instructor" },
      { groupId: seminar.id, userId: people.author.id, role: "member" },
      { groupId: seminar.id, userId: people.member.id, role: "member" },
    ],
  });
});

afterAll(async () => {
  await stopListening();
  await db.$disconnect();
});

async function succeeds(action: () => Promise<unknown>): Promise<boolean> {
  try {
    await action();
    return true;
  } catch (error) {
    if (error instanceof AppError) return false;
    throw error;
  }
}

/** Every permission, found out by trying it (hide then restore; delete last, since it ends the annotation). */
async function tryEverything(viewer: { id: string }, id: string): Promise<AnnotationPermissions> {
  const note = await db.annotation.findUniqueOrThrow({ where: { id }, select: { visibility: true, groupId: true } });
  const sameScope = note.groupId ? { group: note.groupId } : note.visibility;
  const hide = await succeeds(() => hideAnnotation(viewer, id));
  if (hide) await restoreAnnotation(viewer, id);
  return {
    hide,
    edit: await succeeds(() => updateAnnotation(viewer, id, ZUpdateAnnotationSchema.parse({ body: "the same words" }))),
    resolve: await succeeds(() => updateAnnotation(viewer, id, ZUpdateAnnotationSchema.parse({ resolved: false }))),
    move: await succeeds(() => moveAnnotations(viewer, ZMoveAnnotationsSchema.parse({ ids: [id], visibility: sameScope }))),
    reply: await succeeds(() => createReply(viewer, id, ZCreateReplySchema.parse({ body: "a reply" }))),
    flag: await succeeds(() => flagAnnotation(viewer, id, ZFlagAnnotationSchema.parse({ reason: "checking" }))),
    markHelpful: await succeeds(() => markHelpful(viewer, id)),
    score: await succeeds(() => setScore(viewer, id, 1)),
    feedback: await succeeds(() => createFeedbackReply(viewer, id, ZCreateReplySchema.parse({ body: "feedback" }))),
    delete: await succeeds(() => deleteAnnotation(viewer, id)),
  };
}

describe("the permissions on each DTO match what the operations allow", () => {
  for (const visibility of [{ group: "seminar" }, "everyone"] as const) {
    const label = typeof visibility === "string" ? visibility : "group";
    for (const person of PEOPLE) {
      it(`${person}, on a "${label}" annotation`, async () => {
        const scope = typeof visibility === "string" ? visibility : { group: seminar.id };
        const note = await annotate(people.author, doc.slug, scope, "what the permissions are about");
        const dto = await getAnnotation(people[person], note.id).catch((error: unknown) => error);
        if (dto instanceof AppError) {
          // Not readable: no DTO to carry permissions, and every operation refuses.
          expect(dto.code).toBe("NOT_FOUND");
          expect(Object.values(await tryEverything(people[person], note.id)).some(Boolean)).toBe(false);
          return;
        }
        const permissions = (dto as Awaited<ReturnType<typeof getAnnotation>>).permissions;
        expect(await tryEverything(people[person], note.id)).toEqual(permissions);
      });
    }
  }

  it("the DTOs some viewers get agree with a few decisions written out by hand", async () => {
    const note = await annotate(people.author, doc.slug, { group: seminar.id });
    expect((await getAnnotation(people.author, note.id)).permissions).toMatchObject({ edit: true, delete: true, flag: false, hide: false });
    expect((await getAnnotation(people.member, note.id)).permissions).toMatchObject({
      edit: false,
      flag: true,
      markHelpful: true,
      hide: false,
    });
    expect((await getAnnotation(people.teacher, note.id)).permissions).toMatchObject({
      edit: false,
      hide: true,
      score: true,
      feedback: true,
    });
  });
});
