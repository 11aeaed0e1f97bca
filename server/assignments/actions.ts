"use server";
// Server actions for the assignment forms on the group and assignment pages. They work without
// JavaScript (plain form posts; Next.js checks the origin) and run on the cookie session. The new and
// edit forms get a refusal back as their state, with what was typed; the others come back to the
// page as a signed ?error=… so the page can say it (server/http/signed-notice.ts).
import { redirect } from "next/navigation";
import { z } from "zod";
import type { AssignmentFormState } from "@/lib/assignments/assignment-form-state";
import {
  ZCreateAssignmentSchema,
  ZGradeOverrideSchema,
  ZRemoveGradeOverrideQuery,
  ZUpdateAssignmentSchema,
} from "@/lib/assignments/schemas";
import { typedWallTime } from "@/lib/assignments/zoned-time";
import { AppError } from "@/lib/errors";
import { SESSION_ENDED } from "@/lib/auth/session-ended";
import { getCurrentUser, requireUserForAction } from "@/server/auth/session";
import { groupTimeZone } from "@/server/assignments/group-time-zone";
import { type ActionForm, readForm } from "@/server/http/form-text";
import { sealNotice } from "@/server/http/signed-notice";
import { createAssignment } from "./create-assignment";
import { deleteAssignment } from "./delete-assignment";
import { getAssignment } from "./get-assignment";
import { MOVE_DIRECTIONS, moveAssignment } from "./move-assignment";
import { releaseGrades } from "./release-grades";
import { removeGradeOverride, setGradeOverride } from "./set-grade-override";
import { updateAssignment } from "./update-assignment";

const count = (form: ActionForm, name: string) => Number(form.text(name) || "0");

/**
 * The first message a refusal or a validation error has, for the page to show. A form field no
 * database can store (readForm) is refused before anything runs.
 */
async function attempt(form: ActionForm, run: () => Promise<unknown>): Promise<string | null> {
  if (form.refusal) return form.refusal.message;
  try {
    await run();
    return null;
  } catch (error) {
    if (error instanceof AppError) return error.message;
    if (error instanceof z.ZodError) return error.issues[0]?.message ?? "Check the form.";
    throw error;
  }
}

/** A time typed into the form, as the API takes it (typedWallTime: one that does not exist is refused in the form's words). */
function typedTime(form: ActionForm, name: "opensAt" | "dueAt", timeZone: string): string {
  return typedWallTime(form.text(name), name === "opensAt" ? "The opening time" : "The due time", timeZone);
}

/** What the create and edit forms share: the expectations, what marks a question, the grading. */
function rulesFrom(form: ActionForm) {
  return {
    expectations: { annotations: count(form, "annotations"), replies: count(form, "replies"), readPercent: count(form, "readPercent") },
    questions: { color: form.text("questionColor") || null, tag: form.text("questionTag").trim() || null },
    grading: {
      mode: form.text("mode"),
      points: count(form, "points"),
      count: form.text("count"),
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

/** What the new and edit forms share, as typed, to fill them again. */
const RULE_FIELDS = [
  "title",
  "instructions",
  "opensAt",
  "dueAt",
  "annotations",
  "replies",
  "readPercent",
  "questionColor",
  "questionTag",
  "mode",
  "count",
  "points",
  "latePenaltyPercent",
  "rubricPercent",
];

/** The form refused with why, and its fields as typed, less any NUL (refused by readForm, and no text a page can hold). */
const refusedWith = (error: string, form: ActionForm, fields: readonly string[]): AssignmentFormState => ({
  error,
  typed: Object.fromEntries(fields.map((name) => [name, form.text(name).replaceAll("\u0000", "")])),
});

/** The group page's new-assignment form: to the new assignment, or back to the form with why and what was typed. */
export async function createAssignmentAction(_previous: AssignmentFormState, data: FormData): Promise<AssignmentFormState> {
  const user = await getCurrentUser();
  const form = readForm(data);
  if (!user) return refusedWith(SESSION_ENDED, form, ["document", ...RULE_FIELDS]);
  const groupId = form.text("groupId");
  let id = "";
  const error = await attempt(form, async () => {
    // A group with a time zone has its times typed in that zone, whatever the browser sent.
    const timeZone = (await groupTimeZone(groupId)) ?? (form.text("timeZone") || "UTC");
    const input = ZCreateAssignmentSchema.parse({
      document: form.text("document"),
      title: form.text("title"),
      instructions: form.text("instructions"),
      ...(form.text("opensAt") && { opensAt: typedTime(form, "opensAt", timeZone) }),
      dueAt: form.text("dueAt") ? typedTime(form, "dueAt", timeZone) : "",
      ...rulesFrom(form),
    });
    id = (await createAssignment(user, groupId, input)).id;
  });
  if (error) return refusedWith(error, form, ["document", ...RULE_FIELDS]);
  redirect(`/assignments/${id}?saved=created`);
}

/** The assignment page's edit form: to the page saying it is saved, or back to the form with why and what was typed. */
export async function updateAssignmentAction(_previous: AssignmentFormState, data: FormData): Promise<AssignmentFormState> {
  const user = await getCurrentUser();
  const form = readForm(data);
  if (!user) return refusedWith(SESSION_ENDED, form, [...RULE_FIELDS, "closed", "changeReleasedGrades"]);
  const id = form.text("assignmentId");
  const error = await attempt(form, async () => {
    // updateAssignment decides who may (server/authz); the group's zone is read only to place the typed times.
    const { group } = await getAssignment(user, id);
    const timeZone = (await groupTimeZone(group.id)) ?? (form.text("timeZone") || "UTC");
    // An empty time field leaves that time as it is; a typed one that is not a time is refused by the schema.
    const time = (name: "opensAt" | "dueAt") => (form.text(name) ? { [name]: typedTime(form, name, timeZone) } : {});
    const input = ZUpdateAssignmentSchema.parse({
      title: form.text("title"),
      instructions: form.text("instructions"),
      ...time("opensAt"),
      ...time("dueAt"),
      ...rulesFrom(form),
      closed: form.checked("closed"),
      changeReleasedGrades: form.checked("changeReleasedGrades"),
      ...(form.text("ifUnmodifiedSince") && { ifUnmodifiedSince: form.text("ifUnmodifiedSince") }),
    });
    await updateAssignment(user, id, input);
  });
  // The checkboxes are typed back as "on" when ticked, "" when not.
  if (error) return refusedWith(error, form, [...RULE_FIELDS, "closed", "changeReleasedGrades"]);
  redirect(`/assignments/${id}?saved=updated`);
}

export async function overrideGradeAction(data: FormData): Promise<void> {
  const user = await requireUserForAction();
  const form = readForm(data);
  const id = form.text("assignmentId");
  const error = await attempt(form, async () => {
    // An empty field is no number (Number("") would be a grade of 0).
    const points = form.text("points").trim();
    const input = ZGradeOverrideSchema.parse({
      points: points === "" ? Number.NaN : Number(points),
      reason: form.text("reason"),
      // The override the page showed ("none" for none): a grade someone else set since is not replaced unseen.
      ...(form.text("ifUnmodifiedSince") && { ifUnmodifiedSince: form.text("ifUnmodifiedSince") }),
    });
    await setGradeOverride(user, id, form.text("userId"), input);
  });
  redirect(error ? withError(`/assignments/${encodeURIComponent(id)}`, error) : `/assignments/${id}?saved=override`);
}

export async function removeGradeOverrideAction(data: FormData): Promise<void> {
  const user = await requireUserForAction();
  const form = readForm(data);
  const id = form.text("assignmentId");
  // The override the page showed: one set or changed since by someone else is not taken back unseen.
  const since = form.text("ifUnmodifiedSince");
  const error = await attempt(form, () =>
    removeGradeOverride(user, id, form.text("userId"), since ? ZRemoveGradeOverrideQuery.parse({ ifUnmodifiedSince: since }) : {}),
  );
  redirect(error ? withError(`/assignments/${encodeURIComponent(id)}`, error) : `/assignments/${id}?saved=override-removed`);
}

export async function releaseGradesAction(data: FormData): Promise<void> {
  const user = await requireUserForAction();
  const form = readForm(data);
  const id = form.text("assignmentId");
  const error = await attempt(form, () => releaseGrades(user, id));
  redirect(error ? withError(`/assignments/${encodeURIComponent(id)}`, error) : `/assignments/${id}?saved=released`);
}

export async function deleteAssignmentAction(data: FormData): Promise<void> {
  const user = await requireUserForAction();
  const form = readForm(data);
  const id = form.text("assignmentId");
  const groupId = form.text("groupId");
  const error = await attempt(form, () => deleteAssignment(user, id));
  redirect(error ? withError(`/assignments/${encodeURIComponent(id)}`, error) : `/groups/${encodeURIComponent(groupId)}`);
}

export async function moveAssignmentAction(data: FormData): Promise<void> {
  const user = await requireUserForAction();
  const form = readForm(data);
  const id = form.text("assignmentId");
  const groupId = form.text("groupId");
  const direction = MOVE_DIRECTIONS.find((value) => value === form.text("direction"));
  const error = await attempt(form, () =>
    direction ? moveAssignment(user, id, direction) : Promise.reject(new AppError("BAD_REQUEST", "Move up or down.")),
  );
  // A new query each time: the router fetches the page again rather than treating it as a jump within it.
  const page = `/groups/${encodeURIComponent(groupId)}?moved=${encodeURIComponent(id)}-${Date.now().toString(36)}`;
  redirect(error ? withError(page, error) : `${page}#assignments-heading`);
}
