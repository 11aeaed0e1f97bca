// The reading page's Export after a new version: "What is shown (N)" must hold the N the sidebar
// shows — its list on the text, or its "Needs a new place" tab — and "Everything I can see" those
// that need a new place too, each marked as such. Both downloads held every thread, the orphans
// unmarked, their quotes read like passages of the text as it is now.
import { createHash } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { shownToQuery, NO_FILTER } from "@/lib/annotations/annotation-filter";
import { db } from "@/server/db/client";
import { addReadingVersion } from "@/server/documents/add-reading-version";
import { createApiToken } from "@/server/tokens/create-api-token";
import { parseCsv } from "@/tests/csv";
import { annotate, createGroup, createReading, createUsers } from "@/tests/factories";
import { GET } from "./route";

const SLUG = "export-what-is-shown";
const KEPT = [
  "The first paragraph sets the scene for the argument that follows.",
  "The second paragraph names the target words inside its middle sentence.",
];
const REMOVED = "The third paragraph ends the essay on a quieter and more careful note.";
const V1 = [...KEPT, REMOVED].join("\n\n");
const V2 = KEPT.join("\n\n");

let token: string;

beforeAll(async () => {
  const { owner, member } = await createUsers(["owner", "member"], "export-what-is-shown.example");
  const group = await createGroup(owner, { members: { member: [member] } });
  const reading = await createReading(owner, SLUG, { visibility: "group", groupId: group.id });
  await db.documentVersion.updateMany({
    where: { documentId: reading.id },
    data: { text: V1, textHash: createHash("sha256").update(V1).digest("hex") },
  });
  const note = (author: typeof owner, at: string, body: string) => annotate(author, SLUG, { group: group.id }, { text: V1, at, body });
  await note(member, "sets the scene", "on the text, one");
  await note(owner, "the argument", "on the text, two");
  await note(member, "target words", "on the text, three");
  await note(owner, "middle sentence", "on the text, four");
  await note(member, "a quieter", "removed, one");
  await note(owner, "more careful note", "removed, two");
  await note(member, "ends the essay", "removed, three");
  // Version 2 drops the third paragraph: three notes need a new place.
  await addReadingVersion(owner, SLUG, { kind: "json", body: { text: V2 } });
  token = (await createApiToken({ userId: member.id, name: "script", scope: "read", expiresInDays: null })).token;
});

async function download(query: Record<string, string>): Promise<string> {
  const url = `http://localhost/api/documents/${SLUG}/export?${new URLSearchParams(query)}`;
  const response = await GET(new Request(url, { headers: { authorization: `Bearer ${token}` } }), {
    params: Promise.resolve({ slug: SLUG }),
  });
  expect(response.status).toBe(200);
  return response.text();
}

const notesIn = async (query: Record<string, string>) =>
  (await parseCsv(await download({ format: "csv", ...query }))).map((row) => [row.note, row.place]);

describe("the reading page's export after a new version", () => {
  it("'What is shown' holds the sidebar's list: on the text (4), or Needs a new place (3)", async () => {
    // The sidebar's default filters: whose = "Me & my groups".
    expect(await notesIn(shownToQuery("text", NO_FILTER))).toEqual([
      ["on the text, one", "on the text"],
      ["on the text, two", "on the text"],
      ["on the text, three", "on the text"],
      ["on the text, four", "on the text"],
    ]);
    expect((await notesIn(shownToQuery("new", NO_FILTER))).sort()).toEqual([
      ["removed, one", "needs a new place"],
      ["removed, three", "needs a new place"],
      ["removed, two", "needs a new place"],
    ]);
  });

  it("'Everything I can see' holds all seven, those that need a new place marked, in every format", async () => {
    const everything = await notesIn({});
    expect(everything).toHaveLength(7);
    expect(
      everything
        .filter(([, place]) => place === "needs a new place")
        .map(([note]) => note)
        .sort(),
    ).toEqual(["removed, one", "removed, three", "removed, two"]);

    const markdown = await download({ format: "markdown" });
    expect(markdown.match(/Needs a new place: its words were removed in version 2\./g)).toHaveLength(3);

    const jsonld = JSON.parse(await download({ format: "jsonld" })) as {
      total: number;
      first: { items: { body?: { value: string }; target: { state?: { type: string; cached: string } } }[] };
    };
    expect(jsonld.total).toBe(7);
    const dated = jsonld.first.items.filter((item) => item.target.state);
    expect(dated.map((item) => item.body?.value).sort()).toEqual(["removed, one", "removed, three", "removed, two"]);
    expect(
      dated.every((item) => item.target.state!.type === "TimeState" && item.target.state!.cached.endsWith(`/read/${SLUG}?version=1`)),
    ).toBe(true);

    const hypothesis = JSON.parse(await download({ format: "hypothesis" })) as {
      annotations: { text: string; marginalia?: { place?: string } }[];
    };
    expect(
      hypothesis.annotations
        .filter((item) => item.marginalia?.place === "needs a new place")
        .map((item) => item.text)
        .sort(),
    ).toEqual(["removed, one", "removed, three", "removed, two"]);
  });
});
