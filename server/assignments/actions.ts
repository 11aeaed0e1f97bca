"use server";
// Server actions for the assignment forms on the group and assignment pages. They work without
// JavaScript (plain form posts; Next.js checks the origin) and run on the cookie session. A refusal
// or a mistake comes back to the page as a signed ?error=… so the page can say it (server/http/signed-notice.ts).
import { formText } from "@/server/http/form-text";
import { redirect } from "next/navigation";
import { z } from "zod";
import { ZCreateAssignmentSchema, ZGradeOverrideSchema, ZUpdateAssignmentSchema } from "@/lib/assignments/schemas";
import { zonedWallTimeToDate } from "@/lib/assignments/zoned-time";
import { AppError } from "@/lib/errors";
import { requireUser } from "@/server/auth/session";
import { groupTimeZone } from "@/server/groups/group-time-zone";
import { sealNotice } from "@/server/http/signed-notice";
import { createAssignment } from "./create-assignment";
import { deleteAssignment } from "./delete-assignment";
import { getAssignment } from "./get-assignment";
import { MOVE_DIRECTIONS, moveAssignment } from "./move-assignment";
import { releaseGrades } from "./release-grades";
import { setGradeOverride } from "./set-grade-override";
import { updateAssignment } from "./update-assignment";

const text = formText;
const count = (form: FormData, name: string) => Number(text(form, name) || "0");

/** The first message a refusal or a validation error has, for the page to show. */
async function attempt(run: () => Promise<unknown>): Promise<string | null> {
  try {
    await run();
    return null;
  } catch (error) {
    if (error instanceof AppError) return error.message;
    if (error instanceof z.ZodError) return error.issues[0]?.message ?? "Check the form.";
    throw error;
  }
}

/** What the create and edit forms share: the expectations, what marks a question, the grading. */
function rulesFrom(form: FormData) {
  return {
    expectations: { annotations: count(form, "annotations"), replies: count(form, "replies"), readPercent: count(form, "readPercent") },
    questions: { color: text(form, "questionColor") || null, tag: text(form, "questionTag").trim() || null },
    grading: {
      mode: text(form, "mode"),
      points: count(form, "points"),
      count: text(form, "count"),
      latePenaltyPercent: count(form, "latePenaltyPercent"),
      rubricPercent: count(form, "rubricPercent"),
    },
  };
}

/** The page again, with the message for it to show (signed: the page shows only messages of ours). */
const withError = (path: string, message: string) => {
  const [base, hash = ""] = path.split("#");
  return `${base}${base.includes("?") ? "&" : "?"}error=${sealNotice(message)}${hash && `#${hash}`}`;
};

export async function createAssignmentAction(form: FormData): Promise<void> {
  const user = await requireUser();
  const groupId = text(form, "groupId");
  // A group with a time zone has its times typed in that zone, whatever the browser sent.
  const timeZone = (await groupTimeZone(groupId)) ?? (text(form, "timeZone") || "UTC");
  const toIso = (name: string) => zonedWallTimeToDate(text(form, name), timeZone)?.toISOString();
  let id = "";
  const error = await attempt(async () => {
    const input = ZCreateAssignmentSchema.parse({
      document: text(form, "document"),
      title: text(form, "title"),
      instructions: text(form, "instructions"),
      ...(text(form, "opensAt") && { opensAt: toIso("opensAt") ?? "" }),
      dueAt: toIso("dueAt") ?? "",
      ...rulesFrom(form),
    });
    id = (await createAssignment(user, groupId, input)).id;
  });
  redirect(error ? withError(`/groups/${encodeURIComponent(groupId)}#assignments-heading`, error) : `/assignments/${id}`);
}

export async function updateAssignmentAction(form: FormData): Promise<void> {
  const user = await requireUser();
  const id = text(form, "assignmentId");
  const error = await attempt(async () => {
    // updateAssignment decides who may (server/authz); the group's zone is read only to place the typed times.
    const { group } = await getAssignment(user, id);
    const timeZone = (await groupTimeZone(group.id)) ?? (text(form, "timeZone") || "UTC");
    // An empty time field leaves that time as it is; a typed one that is not a time is refused by the schema.
    const time = (name: string) =>
      text(form, name) ? { [name]: zonedWallTimeToDate(text(form, name), timeZone)?.toISOString() ?? "" } : {};
    const input = ZUpdateAssignmentSchema.parse({
      title: text(form, "title"),
      instructions: text(form, "instructions"),
      ...time("opensAt"),
      ...time("dueAt"),
      ...rulesFrom(form),
      closed: form.get("closed") === "on",
    });
    await updateAssignment(user, id, input);
  });
  redirect(error ? withError(`/assignments/${id}`, error) : `/assignments/${id}?saved=updated`);
}

export async function overrideGradeAction(form: FormData): Promise<void> {
  const user = await requireUser();
  const id = text(form, "assignmentId");
  const error = await attempt(async () => {
    const input = ZGradeOverrideSchema.parse({ points: Number(text(form, "points")), reason: text(form, "reason") });
    await setGradeOverride(user, id, text(form, "userId"), input);
  });
  redirect(error ? withError(`/assignments/${id}`, error) : `/assignments/${id}?saved=override`);
}

export async function releaseGradesAction(form: FormData): Promise<void> {
  const user = await requireUser();
  const id = text(form, "assignmentId");
  const error = await attempt(() => releaseGrades(user, id));
  redirect(error ? withError(`/assignments/${id}`, error) : `/assignments/${id}?saved=released`);
}

export async function deleteAssignmentAction(form: FormData): Promise<void> {
  const user = await requireUser();
  const id = text(form, "assignmentId");
  const groupId = text(form, "groupId");
  const error = await attempt(() => deleteAssignment(user, id));
  redirect(error ? withError(`/assignments/${id}`, error) : `/groups/${encodeURIComponent(groupId)}`);
}

export async function moveAssignmentAction(form: FormData): Promise<void> {
  const user = await requireUser();
  const id = text(form, "assignmentId");
  const groupId = text(form, "groupId");
  const direction = MOVE_DIRECTIONS.find((value) => value === text(form, "direction"));
  const error = await attempt(() =>
    direction ? moveAssignment(user, id, direction) : Promise.reject(new AppError("BAD_REQUEST", "Move up or down.")),
  );
  // A new query each time: the router fetches the page again rather than treating it as a jump within it.
  const page = `/groups/${encodeURIComponent(groupId)}?moved=${encodeURIComponent(id)}-${Date.now().toString(36)}`;
  redirect(error ? withError(page, error) : `${page}#assignments-heading`);
}
