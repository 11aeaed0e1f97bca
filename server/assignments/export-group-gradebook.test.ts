import { beforeAll, describe, expect, it } from "vitest";
import { GET as canvasCsv } from "@/app/api/groups/[id]/gradebook/canvas.csv/route";
import { GET as moodleCsv } from "@/app/api/groups/[id]/gradebook/moodle.csv/route";
import { GET as plainCsv } from "@/app/api/groups/[id]/gradebook/plain.csv/route";
import { db } from "@/server/db/client";
import { createApiToken } from "@/server/tokens/create-api-token";
import { createDocument, createGroup, createUsers, insertAnnotation, insertReply } from "@/tests/factories";

// The group gradebook through its route handlers on the real database, called with API tokens.
const HOUR = 3_600_000;
const people = ["Ana Lima", "Ben Okafor", "Teacher", "Owner", "Outsider"] as const;
let users: Record<(typeof people)[number], { id: string; email: string }>;
let tokens: Record<string, string>;
let group: { id: string };

type Handler = (request: Request, context: never) => Promise<Response>;
async function get(handler: Handler, who: string, format: string, groupId = group.id) {
  const response = await handler(
    new Request(`http://localhost/api/groups/${groupId}/gradebook/${format}.csv`, {
      headers: { authorization: `Bearer ${tokens[who]}` },
    }),
    { params: Promise.resolve({ id: groupId }) } as never,
  );
  // Decoded keeping a byte order mark, which response.text() would drop.
  const text = new TextDecoder("utf-8", { ignoreBOM: true }).decode(await response.arrayBuffer());
  return { status: response.status, text, type: response.headers.get("content-type") };
}

beforeAll(async () => {
  users = await createUsers(people, "group-gradebook.example.edu");
  tokens = Object.fromEntries(
    await Promise.all(
      people.map(async (name) => [
        name,
        (await createApiToken({ userId: users[name].id, name: "t", scope: "read", expiresInDays: null })).token,
      ]),
    ),
  );
  group = await createGroup(users.Owner, {
    name: "Gradebook seminar",
    members: { instructor: [users.Teacher], member: [users["Ana Lima"], users["Ben Okafor"]] },
  });
  await createGroup(users.Outsider, {});
  const document = await createDocument("group-gradebook-article");
  const base = {
    groupId: group.id,
    documentId: document.id,
    opensAt: new Date(Date.now() - 48 * HOUR),
    dueAt: new Date(Date.now() + HOUR),
  };
  // Created out of order: the positions decide the columns.
  const week2 = await db.assignment.create({ data: { ...base, title: "Week 2", position: 1, expectedReplies: 1, points: 5 } });
  await db.assignment.create({ data: { ...base, title: "Week 1, part (a)", position: 0, expectedAnnotations: 2, points: 10 } });
  await db.assignment.create({
    data: { ...base, title: "Week 2", position: 2, expectedAnnotations: 1, points: 4, gradingMode: "all_or_nothing" },
  });
  await db.assignment.create({
    data: { ...base, title: "Not open yet", position: 3, opensAt: new Date(Date.now() + HOUR), dueAt: new Date(Date.now() + 9 * HOUR) },
  });
  const note = await insertAnnotation(users["Ana Lima"], document, { visibility: { group: group.id } });
  await insertAnnotation(users["Ana Lima"], document, { visibility: { group: group.id } });
  await insertAnnotation(users["Ben Okafor"], document, { visibility: { group: group.id } });
  await insertReply(users["Ben Okafor"], note);
  await db.gradeOverride.create({ data: { assignmentId: week2.id, userId: users["Ana Lima"].id, points: 2.5, reason: "Spoke in class" } });
});

describe("the group gradebook, one column per opened assignment", () => {
  it("is Canvas's import file: a Points Possible row, the email as SIS Login ID, the grades that stand", async () => {
    const canvas = await get(canvasCsv, "Teacher", "canvas");
    expect(canvas.status).toBe(200);
    expect(canvas.type).toBe("text/csv; charset=utf-8");
    expect(canvas.text.split("\r\n")).toEqual([
      'Student,ID,SIS User ID,SIS Login ID,Section,"Week 1, part (a)",Week 2,Week 2 [2]',
      "Points Possible,,,,,10,5,4",
      `"Lima, Ana",,,${users["Ana Lima"].email},,10,2.5,4`,
      `"Okafor, Ben",,,${users["Ben Okafor"].email},,5,5,4`,
      "",
    ]);
  });

  it("is Moodle's import file and a plain one with totals", async () => {
    expect((await get(moodleCsv, "Owner", "moodle")).text.split("\r\n")).toEqual([
      'email,"Week 1, part (a)",Week 2,Week 2 [2]',
      `${users["Ana Lima"].email},10,2.5,4`,
      `${users["Ben Okafor"].email},5,5,4`,
      "",
    ]);
    expect((await get(plainCsv, "Teacher", "plain")).text.split("\r\n")).toEqual([
      '\uFEFFname,email,"Week 1, part (a)",Week 2,Week 2 [2],total,out_of',
      `Ana Lima,${users["Ana Lima"].email},10,2.5,4,16.5,19`,
      `Ben Okafor,${users["Ben Okafor"].email},5,5,4,14,19`,
      "",
    ]);
  });

  it("is the staff's only: 403 for students, 404 outside the group", async () => {
    expect((await get(canvasCsv, "Ana Lima", "canvas")).status).toBe(403);
    expect((await get(moodleCsv, "Outsider", "moodle")).status).toBe(404);
    expect((await get(canvasCsv, "Teacher", "canvas", "no-such-group")).status).toBe(404);
  });
});
