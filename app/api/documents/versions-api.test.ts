import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { GET as getAnnotation, PATCH as patchAnnotation } from "@/app/api/annotations/[id]/route";
import { GET as listAnnotationsRoute } from "@/app/api/documents/[slug]/annotations/route";
import { GET as getReadingRoute } from "@/app/api/documents/[slug]/route";
import { GET as listVersionsRoute, POST as postVersionRoute } from "@/app/api/documents/[slug]/versions/route";
import { describeTextRange } from "@/lib/anchoring/text-quote";
import type { AnnotationDto } from "@/lib/annotations/types";
import type { TextStructure } from "@/lib/documents/structure";
import { db } from "@/server/db/client";
import { stopListening } from "@/server/outbox/bus";
import { createApiToken } from "@/server/tokens/create-api-token";
import { annotate, createGroup, createReading, createUsers, insertScore, reply } from "@/tests/factories";

vi.mock("@/server/auth/session", () => ({ getCurrentUser: async () => null }));

/**
 * Versions through the API as a script would: a corrected text re-anchors every annotation (on
 * its words, or in "needs a new place" with its old quote), older versions keep theirs, replies and
 * scores survive, only the owner adds versions, and an orphan's author gives it a new place.
 */
const OLD = [
  "Rivers carve valleys over thousands of years, and the river near our town is no exception.",
  "In spring the water rises quickly. Farmers along the banks move their animals to higher ground.",
  "The old mill was built in 1820 and burned down a century later; nothing of it remains today.",
  "Every summer the town holds a festival on the banks of the river.",
].join("\n\n");
const NEW = [
  "Rivers carve valleys over thousands of years, and the river near our town is no exception.",
  "In spring the water rises fast. Farmers along the banks move their animals to higher ground.",
  "Every summer the town holds a festival on the banks of the river.",
].join("\n\n");

let people: Record<"owner" | "member" | "stranger", { id: string }>;
let tokens: Record<"owner" | "member" | "stranger", string>;
let slug: string;
let notes: Record<"valleys" | "corrected" | "farmers" | "mill" | "festival", AnnotationDto>;

beforeAll(async () => {
  people = await createUsers(["owner", "member", "stranger"], "versions-api.example");
  const group = await createGroup(people.owner, { members: { member: [people.member] } });
  const token = async (id: string) =>
    (await createApiToken({ userId: id, name: "script", scope: "read-write", expiresInDays: null })).token;
  tokens = { owner: await token(people.owner.id), member: await token(people.member.id), stranger: await token(people.stranger.id) };
  const document = await createReading(people.owner, "versions-api-rivers", { visibility: "group", groupId: group.id });
  slug = document.slug;
  // The reading's text is ours, not the seed's: one version with OLD.
  await db.documentVersion.updateMany({
    where: { documentId: document.id },
    data: { text: OLD, textHash: createHash("sha256").update(OLD).digest("hex") },
  });
  const on = (author: { id: string }, at: string, body: string) =>
    annotate({ id: author.id }, slug, { group: group.id }, { text: OLD, at, body });
  notes = {
    valleys: await on(people.owner, "carve valleys", "geology"),
    corrected: await on(people.member, "the water rises quickly", "how quickly?"),
    farmers: await on(people.member, "Farmers along the banks", "who farms here"),
    mill: await on(people.member, "The old mill was built in 1820", "the mill"),
    festival: await on(people.owner, "festival", "every year"),
  };
  await reply({ id: people.owner.id }, notes.mill.id, "there is a plaque");
  await insertScore(notes.farmers, people.owner, 3);
});

afterAll(async () => {
  await stopListening();
  await db.$disconnect();
});

const auth = (token: string) => ({ authorization: `Bearer ${token}` });
const slugContext = () => ({ params: Promise.resolve({ slug }) });

function postVersion(body: unknown, token = tokens.owner) {
  return postVersionRoute(
    new Request(`http://localhost/api/documents/${slug}/versions`, {
      method: "POST",
      headers: { ...auth(token), "content-type": "application/json" },
      body: JSON.stringify(body),
    }),
    slugContext(),
  );
}

async function listAnnotations(query = "", token = tokens.member): Promise<AnnotationDto[]> {
  const response = await listAnnotationsRoute(
    new Request(`http://localhost/api/documents/${slug}/annotations${query}`, { headers: auth(token) }),
    slugContext(),
  );
  expect(response.status).toBe(200);
  return ((await response.json()) as { items: AnnotationDto[] }).items;
}

const byId = (items: AnnotationDto[]) => new Map(items.map((item) => [item.id, item]));
const quoteOf = (item: AnnotationDto) => item.target!.selector[0].exact;
const spanIn = (text: string, item: AnnotationDto) => text.slice(item.target!.selector[1].start, item.target!.selector[1].end);

describe("versions of a reading", () => {
  it("refuses a version from anyone but the owner (403 for a reader, 404 for whoever may not read it), and the same text (409)", async () => {
    expect((await postVersion({ text: NEW }, tokens.member)).status).toBe(403);
    expect((await postVersion({ text: NEW }, tokens.stranger)).status).toBe(404);
    expect(await db.documentVersion.count({ where: { document: { slug } } })).toBe(1);
    const same = await postVersion({ text: OLD });
    expect(same.status).toBe(409);
  });

  it("re-anchors every annotation onto a corrected text: on its words, or orphaned when its words are gone", async () => {
    const response = await postVersion({ text: NEW });
    expect(response.status).toBe(201);
    const created = (await response.json()) as { version: { id: string; number: number }; anchoring: Record<string, number> };
    expect(created.version.number).toBe(2);
    // "valleys" holds; the farmers and the festival moved; "quickly" became "fast"; the mill is gone.
    expect(created.anchoring).toEqual({ anchored: 1, relocated: 3, orphaned: 1 });

    const items = byId(await listAnnotations());
    for (const note of [notes.valleys, notes.farmers, notes.festival]) {
      const item = items.get(note.id)!;
      expect(item.anchoring).toMatchObject({ versionId: created.version.id });
      expect(spanIn(NEW, item)).toBe(quoteOf(note));
    }
    expect(items.get(notes.valleys.id)!.anchoring!.status).toBe("anchored");
    expect(items.get(notes.festival.id)!.anchoring!.status).toBe("relocated");
    const corrected = items.get(notes.corrected.id)!;
    expect(corrected.anchoring).toMatchObject({ status: "relocated", versionId: created.version.id });
    expect(spanIn(NEW, corrected)).toBe("the water rises fast");
    expect(corrected.anchoring!.score).toBeGreaterThan(0.75);
    expect(corrected.anchoring!.score).toBeLessThan(1);

    // The orphan keeps its old quote and context, with the version they count into.
    const mill = items.get(notes.mill.id)!;
    expect(mill.anchoring).toMatchObject({ status: "orphaned", versionId: notes.mill.versionId });
    expect(mill.target!.selector[0]).toMatchObject({ exact: "The old mill was built in 1820", prefix: expect.stringContaining("ground.") });
  });

  it("lists only orphans with ?status=orphaned, and keeps replies and scores", async () => {
    const orphans = await listAnnotations("?status=orphaned");
    expect(orphans.map((item) => item.id)).toEqual([notes.mill.id]);
    expect(orphans[0].replyCount).toBe(1);
    expect(await db.score.findUnique({ where: { annotationId: notes.farmers.id } })).toMatchObject({ points: 3 });
  });

  it("opens an older version with its text and its annotations where they were", async () => {
    const reading = await getReadingRoute(
      new Request(`http://localhost/api/documents/${slug}?version=1`, { headers: auth(tokens.member) }),
      slugContext(),
    );
    expect(reading.status).toBe(200);
    expect(await reading.json()).toMatchObject({ version: { number: 1, text: OLD }, latestVersionNumber: 2 });
    const onFirst = byId(await listAnnotations("?version=1"));
    expect(onFirst.size).toBe(5);
    for (const note of Object.values(notes)) {
      expect(spanIn(OLD, onFirst.get(note.id)!)).toBe(quoteOf(note));
      expect(onFirst.get(note.id)!.anchoring).toMatchObject({ status: "anchored", versionId: note.versionId });
    }
    const missing = await getReadingRoute(
      new Request(`http://localhost/api/documents/${slug}?version=9`, { headers: auth(tokens.member) }),
      slugContext(),
    );
    expect(missing.status).toBe(404);

    const versions = await listVersionsRoute(
      new Request(`http://localhost/api/documents/${slug}/versions`, { headers: auth(tokens.member) }),
      slugContext(),
    );
    expect(((await versions.json()) as { items: { number: number; isLatest: boolean }[] }).items).toEqual([
      expect.objectContaining({ number: 2, isLatest: true }),
      expect.objectContaining({ number: 1, isLatest: false }),
    ]);
  });

  it("lets an orphan's author give it a new place on the latest version, replies kept", async () => {
    const start = NEW.indexOf("higher ground");
    const { quote, position } = describeTextRange(NEW, start, start + "higher ground".length);
    const patch = (token: string) =>
      patchAnnotation(
        new Request(`http://localhost/api/annotations/${notes.mill.id}`, {
          method: "PATCH",
          headers: { ...auth(token), "content-type": "application/json" },
          body: JSON.stringify({ target: { selector: [quote, position] } }),
        }),
        { params: Promise.resolve({ id: notes.mill.id }) },
      );
    expect((await patch(tokens.owner)).status).toBe(403);
    const response = await patch(tokens.member);
    expect(response.status).toBe(200);
    const moved = (await response.json()) as AnnotationDto;
    expect(moved.anchoring).toMatchObject({ status: "anchored", score: 1 });
    expect(spanIn(NEW, moved)).toBe("higher ground");
    expect(await listAnnotations("?status=orphaned")).toEqual([]);
    const thread = await getAnnotation(new Request(`http://localhost/api/annotations/${notes.mill.id}`, { headers: auth(tokens.member) }), {
      params: Promise.resolve({ id: notes.mill.id }),
    });
    expect(((await thread.json()) as { replies: unknown[] }).replies).toHaveLength(1);
  });
  it("keeps a new edition's structure: the API gives its headings, list items and marks over the text", async () => {
    const edition = ["## Spring", "In spring the water rises *fast*.", "- Farmers move their animals.", "- The festival goes on."].join(
      "\n\n",
    );
    expect((await postVersion({ markdown: edition })).status).toBe(201);
    const reading = await getReadingRoute(
      new Request(`http://localhost/api/documents/${slug}`, { headers: auth(tokens.member) }),
      slugContext(),
    );
    const { version } = (await reading.json()) as { version: { number: number; text: string; structure: TextStructure | null } };
    expect(version.number).toBe(3);
    expect(version.text).toBe("Spring\n\nIn spring the water rises fast.\n\nFarmers move their animals.\n\nThe festival goes on.");
    expect(version.structure?.blocks).toEqual([{ kind: "heading", level: 2 }, null, { kind: "list-item" }, { kind: "list-item" }]);
    expect(version.structure?.marks.map((mark) => version.text.slice(mark.start, mark.end))).toEqual(["fast"]);
    // The version before it was plain text: it keeps no structure.
    const older = await getReadingRoute(
      new Request(`http://localhost/api/documents/${slug}?version=2`, { headers: auth(tokens.member) }),
      slugContext(),
    );
    expect(((await older.json()) as { version: { structure: unknown } }).version.structure).toBeNull();
  });

  it("keeps that structure when the editor corrects a sentence as plain text", async () => {
    // What the settings page's editor sends: the latest text, one sentence corrected, as `text`.
    const corrected = "Spring\n\nIn spring the water rises very fast.\n\nFarmers move their cattle.\n\nThe festival goes on.";
    expect((await postVersion({ text: corrected })).status).toBe(201);
    const reading = await getReadingRoute(
      new Request(`http://localhost/api/documents/${slug}`, { headers: auth(tokens.member) }),
      slugContext(),
    );
    const { version } = (await reading.json()) as { version: { number: number; text: string; structure: TextStructure | null } };
    expect(version).toMatchObject({ number: 4, text: corrected });
    expect(version.structure?.blocks).toEqual([{ kind: "heading", level: 2 }, null, { kind: "list-item" }, { kind: "list-item" }]);
    expect(version.structure?.marks.map((mark) => [mark.kind, version.text.slice(mark.start, mark.end)])).toEqual([["emphasis", "fast"]]);
  });

  it("takes an older version's text back as a new version (a correction reverted), its annotations re-anchored", async () => {
    const response = await postVersion({ text: OLD });
    expect(response.status).toBe(201);
    const created = (await response.json()) as { version: { id: string; number: number }; anchoring: Record<string, number> };
    expect(created.version.number).toBe(5);
    expect(created.anchoring.anchored + created.anchoring.relocated + created.anchoring.orphaned).toBe(5);
    const reading = await getReadingRoute(
      new Request(`http://localhost/api/documents/${slug}`, { headers: auth(tokens.member) }),
      slugContext(),
    );
    const structureOf = async (query: string) =>
      (
        (await (
          await getReadingRoute(
            new Request(`http://localhost/api/documents/${slug}${query}`, { headers: auth(tokens.member) }),
            slugContext(),
          )
        ).json()) as { version: { structure: unknown } }
      ).version.structure;
    expect(await reading.json()).toMatchObject({ version: { number: 5, text: OLD } });
    // Its structure is version 1's as it was, not version 4's headings carried onto it.
    expect(await structureOf("")).toEqual(await structureOf("?version=1"));
    const valleys = byId(await listAnnotations()).get(notes.valleys.id)!;
    expect(valleys.anchoring).toMatchObject({ versionId: created.version.id });
    expect(spanIn(OLD, valleys)).toBe("carve valleys");
    // The latest's own text is still refused as unchanged.
    expect((await postVersion({ text: OLD })).status).toBe(409);
  });

  it("refuses a text made from a version that is no longer the latest (baseVersion), as JSON and as a form", async () => {
    const postForm = (fields: Record<string, string>) => {
      const form = new FormData();
      for (const [name, value] of Object.entries(fields)) form.append(name, value);
      return postVersionRoute(
        new Request(`http://localhost/api/documents/${slug}/versions`, { method: "POST", headers: auth(tokens.owner), body: form }),
        slugContext(),
      );
    };
    const latestText = async () =>
      (
        (await (
          await getReadingRoute(new Request(`http://localhost/api/documents/${slug}`, { headers: auth(tokens.owner) }), slugContext())
        ).json()) as {
          version: { number: number; text: string };
        }
      ).version;
    const first = `${OLD}\n\nA first editor adds this line.`;
    const second = `${OLD}\n\nA second editor adds that line.`;

    // Two editors open version 5; the first saves, the second is refused rather than undoing the first.
    expect((await postVersion({ text: first, baseVersion: 5 })).status).toBe(201);
    const stale = await postVersion({ text: second, baseVersion: 5 });
    expect(stale.status).toBe(409);
    expect(((await stale.json()) as { error: { message: string } }).error.message).toBe(
      "The reading changed since you opened it: version 6 is now the latest; reload to see it. Nothing was saved.",
    );
    const staleForm = await postForm({ text: second, baseVersion: "5" });
    expect(staleForm.status).toBe(409);
    expect(await latestText()).toMatchObject({ number: 6, text: first });

    // From the latest it saves, either way; without baseVersion as before.
    expect((await postForm({ text: second, baseVersion: "6" })).status).toBe(201);
    expect((await postVersion({ text: first, baseVersion: 7 })).status).toBe(201);
    expect((await postVersion({ text: second })).status).toBe(201);
    expect(await latestText()).toMatchObject({ number: 9, text: second });

    // Not a version number, or one the reading does not have: nothing saved.
    expect((await postVersion({ text: first, baseVersion: "nine" })).status).toBe(400);
    expect((await postVersion({ text: first, baseVersion: 1.5 })).status).toBe(400);
    expect((await postForm({ text: first, baseVersion: "" })).status).toBe(400);
    expect((await postVersion({ text: first, baseVersion: 10 })).status).toBe(422);
    expect((await latestText()).number).toBe(9);

    // Sent at once (a double click; two scripts): one version, the others told why, never a 500.
    const raced = await Promise.all([postVersion({ text: first }), postVersion({ text: first }), postVersion({ text: OLD })]);
    expect(raced.map((response) => response.status).sort()).toEqual([201, 409, 409]);
    expect((await latestText()).number).toBe(10);
  });

  it("keeps a poem's lines and a code block's, indented, when the editor corrects the text (it sends keepLineBreaks)", async () => {
    const poem = [
      "## Tides",
      "The tide rises, the tide falls,  \nThe twilight darkens,  \nthe curlew calls;",
      "```\nlow = 06:10\n  high = 12:20\n```",
    ];
    expect((await postVersion({ markdown: poem.join("\n\n") })).status).toBe(201);
    const corrected = "Tides\n\nThe tide rises, the tide falls,\nThe twilight darkens,\nthe curlews call;\n\nlow = 06:10\n  high = 12:25";
    expect((await postVersion({ text: corrected, keepLineBreaks: true })).status).toBe(201);
    const reading = await getReadingRoute(
      new Request(`http://localhost/api/documents/${slug}`, { headers: auth(tokens.member) }),
      slugContext(),
    );
    const { version } = (await reading.json()) as { version: { number: number; text: string; structure: TextStructure | null } };
    expect(version).toMatchObject({ number: 12, text: corrected });
    expect(version.structure?.blocks).toEqual([{ kind: "heading", level: 2 }, null, { kind: "preformatted" }]);
  });

  it("keeps an edition's lists and marks when the editor corrects a text whose headings plain text also reads as chapters", async () => {
    const edition = ["## Chapter 1", "The water rises *fast*.", "- Farmers move.", "## Chapter 2", "The festival goes on."].join("\n\n");
    expect((await postVersion({ markdown: edition })).status).toBe(201);
    // Read afresh as plain text, "Chapter 1" and "Chapter 2" are its only structure: the list and the emphasis were lost.
    const corrected = "Chapter 1\n\nThe water rises very fast.\n\nFarmers move.\n\nChapter 2\n\nThe festival goes on.";
    expect((await postVersion({ text: corrected, keepLineBreaks: true })).status).toBe(201);
    const reading = await getReadingRoute(
      new Request(`http://localhost/api/documents/${slug}`, { headers: auth(tokens.member) }),
      slugContext(),
    );
    const { version } = (await reading.json()) as { version: { text: string; structure: TextStructure | null } };
    expect(version.text).toBe(corrected);
    expect(version.structure?.blocks).toEqual([
      { kind: "heading", level: 2 },
      null,
      { kind: "list-item" },
      { kind: "heading", level: 2 },
      null,
    ]);
    expect(version.structure?.marks.map((mark) => [mark.kind, version.text.slice(mark.start, mark.end)])).toEqual([["emphasis", "fast"]]);
  });
});
