import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { POST as postProgressRoute } from "@/app/api/documents/[slug]/reading-progress/route";
import { paragraphRanges } from "@/lib/documents/canonical-text";
import { furthestWithinPace, wordsBeforeEachParagraph } from "@/lib/reading-progress/pace";
import { db } from "@/server/db/client";
import { createApiToken } from "@/server/tokens/create-api-token";
import { article, createReading, createUsers } from "@/tests/factories";
import { recordReadingProgress } from "./record-reading-progress";

vi.mock("@/server/auth/session", () => ({ getCurrentUser: async () => null }));

/**
 * Recording reading progress through the route, as the reading page's beacons reach it: the
 * furthest point only moves further, and no faster than the active time could have read, a page view's time is a running total (a resent or late
 * batch changes nothing, a forged one is capped by the wall clock), and READING_PROGRESS=off
 * records nothing.
 */
let people: Record<"reader" | "stranger", { id: string }>;
let tokens: Record<"reader" | "stranger", string>;
let document: { id: string; slug: string };
let versionId: string;
const PARAGRAPHS = paragraphRanges(article.text).length;

beforeAll(async () => {
  people = await createUsers(["reader", "stranger"], "reading-progress.example");
  const token = async (id: string) =>
    (await createApiToken({ userId: id, name: "beacon", scope: "read-write", expiresInDays: null })).token;
  tokens = { reader: await token(people.reader.id), stranger: await token(people.stranger.id) };
  // Private to the reader: the stranger may not read it, so may not record progress on it either.
  document = await createReading(people.reader, "reading-progress-article");
  versionId = (await db.documentVersion.findFirstOrThrow({ where: { documentId: document.id }, select: { id: true } })).id;
});

afterEach(() => {
  vi.unstubAllEnvs();
});

function send(body: Record<string, unknown>, token = tokens.reader, slug = document.slug) {
  return postProgressRoute(
    new Request(`http://localhost/api/documents/${slug}/reading-progress`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: JSON.stringify({ version: versionId, ...body }),
    }),
    { params: Promise.resolve({ slug }) },
  );
}

const progressOf = (userId: string) => db.readingProgress.findUnique({ where: { userId_documentId: { userId, documentId: document.id } } });
const secondsOf = async (userId: string) =>
  (await db.readingSession.aggregate({ where: { userId, documentId: document.id }, _sum: { activeSeconds: true } }))._sum.activeSeconds ??
  0;

/**
 * A reader of a reading of their own who has booked no time yet: active time is booked once per
 * person over all their page views (./active-time-ledger.ts), so the tests of totals each take one.
 */
async function freshReader(name: string) {
  const { [name]: user } = await createUsers([name], "reading-progress.example");
  const reading = await createReading(user, `reading-progress-${name}`);
  const version = (await db.documentVersion.findFirstOrThrow({ where: { documentId: reading.id }, select: { id: true } })).id;
  return {
    user,
    reading,
    version,
    record: (session: string, activeSeconds: number, now: Date, furthestParagraph = 0) =>
      recordReadingProgress(user, reading.slug, { session, version, furthestParagraph, activeSeconds }, now),
    seconds: async () =>
      (await db.readingSession.aggregate({ where: { userId: user.id }, _sum: { activeSeconds: true } }))._sum.activeSeconds ?? 0,
    furthest: async () =>
      (await db.readingProgress.findUnique({ where: { userId_documentId: { userId: user.id, documentId: reading.id } } }))
        ?.furthestParagraph,
  };
}

/** Seconds from `start`. */
const after = (start: Date, seconds: number) => new Date(start.getTime() + seconds * 1000);

describe("POST /api/documents/{slug}/reading-progress", () => {
  it("keeps the furthest paragraph: an earlier one sent later does not move it back", async () => {
    const reader = await freshReader("steady");
    const opened = new Date();
    await reader.record("view-furthest-1", 30, opened, 4);
    await reader.record("view-furthest-1", 60, after(opened, 30), 9);
    await reader.record("view-furthest-2", 10, after(opened, 60), 2);
    const progress = await db.readingProgress.findUnique({
      where: { userId_documentId: { userId: reader.user.id, documentId: reader.reading.id } },
    });
    expect(progress).toMatchObject({ furthestParagraph: 9, paragraphCount: PARAGRAPHS, versionId: reader.version });
    expect(progress!.furthestPermille).toBe(Math.round((10 / PARAGRAPHS) * 1000));
  });

  it("clamps a paragraph past the end to the last one", async () => {
    const reader = await freshReader("finisher");
    const opened = new Date();
    await reader.record("view-end", 60, opened, 100_000);
    await reader.record("view-end", 300, after(opened, 300), 100_000);
    expect(await reader.furthest()).toBe(PARAGRAPHS - 1);
  });

  it("takes the furthest paragraph only as far as the active time could have read, and catches up as time is spent", async () => {
    const skimmer = await freshReader("skimmer");
    const token = (await createApiToken({ userId: skimmer.user.id, name: "beacon", scope: "read-write", expiresInDays: null })).token;
    const post = (body: Record<string, unknown>) => send({ version: skimmer.version, ...body }, token, skimmer.reading.slug);
    // One request claiming the last paragraph, with no time on the page: the first paragraph, no more.
    expect((await post({ session: "view-forged", furthestParagraph: PARAGRAPHS - 1, activeSeconds: 0 })).status).toBe(204);
    expect(await skimmer.furthest()).toBe(0);
    // A scroll to the end in ten seconds: as far as ten seconds reach at the pace, not the end.
    const opened = new Date();
    const wordsBefore = wordsBeforeEachParagraph(paragraphRanges(article.text).map((paragraph) => paragraph.text));
    await skimmer.record("view-skim", 10, opened, PARAGRAPHS - 1);
    const reachable = furthestWithinPace(wordsBefore, 10);
    expect(reachable).toBeGreaterThan(0);
    expect(reachable).toBeLessThan(PARAGRAPHS - 1);
    expect(await skimmer.furthest()).toBe(reachable);
    // Two minutes later, still on the page: the end.
    await skimmer.record("view-skim", 120, after(opened, 120), PARAGRAPHS - 1);
    expect(await skimmer.furthest()).toBe(PARAGRAPHS - 1);
  });

  it("counts a page view's time once: a resent batch and an older total arriving late change nothing", async () => {
    const before = await secondsOf(people.reader.id);
    await send({ session: "session-time-1", furthestParagraph: 0, activeSeconds: 25 });
    await send({ session: "session-time-1", furthestParagraph: 0, activeSeconds: 25 });
    await send({ session: "session-time-1", furthestParagraph: 0, activeSeconds: 10 });
    expect(await secondsOf(people.reader.id)).toBe(before + 25);
    // A second page view adds its own total.
    await send({ session: "session-time-2", furthestParagraph: 0, activeSeconds: 30 });
    expect(await secondsOf(people.reader.id)).toBe(before + 55);
  });

  it("never counts more time than the page view has existed, plus one minute of slack", async () => {
    const forger = await freshReader("forger");
    const opened = new Date();
    await forger.record("session-forged", 5000, opened);
    expect(await forger.seconds()).toBe(60);
    await forger.record("session-forged", 80_000, new Date(opened.getTime() + 2_000));
    // A moment after the first batch: still about a minute's worth at most.
    expect(await forger.seconds()).toBeLessThanOrEqual(62);
    // An hour later, an hour and a minute is possible.
    await forger.record("session-forged", 80_000, new Date(opened.getTime() + 3_600_000));
    expect(await forger.seconds()).toBe(3_660);
  });

  it("counts a reader's page views together, over every reading, as no more than the wall clock", async () => {
    // A script holding eight page views open, on two readings, each claiming all the time it has existed.
    const script = await freshReader("parallel");
    const other = await createReading(script.user, "reading-progress-parallel-other");
    const otherVersion = (await db.documentVersion.findFirstOrThrow({ where: { documentId: other.id }, select: { id: true } })).id;
    const opened = new Date();
    const claimAll = async (now: Date, seconds: number) => {
      for (let view = 0; view < 8; view++) {
        if (view % 2 === 0) await script.record(`session-parallel-${view}`, seconds, now);
        else {
          const batch = { session: `session-parallel-${view}`, version: otherVersion, furthestParagraph: 0, activeSeconds: seconds };
          await recordReadingProgress(script.user, other.slug, batch, now);
        }
      }
    };
    await claimAll(opened, 60);
    const hourLater = new Date(opened.getTime() + 3_600_000);
    await claimAll(hourLater, 3_660);
    // Each page view alone may claim an hour and a minute; together they are one reader's hour and a minute, not eight (the beacons' own rate, 20 at once, bounds how many it can send).
    const total = (await db.readingSession.aggregate({ where: { userId: script.user.id }, _sum: { activeSeconds: true } }))._sum
      .activeSeconds;
    expect(total).toBe(3_660);
    expect(await db.readingSession.count({ where: { userId: script.user.id } })).toBe(8);
  });

  it("counts in full a total that arrives late, after the network was down, and page views one after another", async () => {
    const reader = await freshReader("offline");
    const opened = new Date();
    await reader.record("session-before-outage", 30, new Date(opened.getTime() + 30_000));
    // Twenty minutes without a network, reading all along; then the next batch gets through.
    await reader.record("session-before-outage", 1_230, new Date(opened.getTime() + 1_260_000));
    expect(await reader.seconds()).toBe(1_230);
    // The same reader opens the reading again later: that page view's time counts too.
    const reopened = new Date(opened.getTime() + 2_000_000);
    await reader.record("session-after-outage", 45, reopened);
    expect(await reader.seconds()).toBe(1_275);
  });

  it("records nothing for a reader who may not read the document, or for a version of another document", async () => {
    const refused = await send({ session: "session-stranger", furthestParagraph: 3, activeSeconds: 20 }, tokens.stranger);
    expect(refused.status).toBe(404);
    expect(await progressOf(people.stranger.id)).toBeNull();
    const other = await createReading(people.reader, "reading-progress-other");
    const wrongVersion = await send({ session: "session-other", furthestParagraph: 3, activeSeconds: 20 }, tokens.reader, other.slug);
    expect(wrongVersion.status).toBe(404);
    expect(await db.readingSession.count({ where: { documentId: other.id } })).toBe(0);
  });

  it("refuses a session id that is not a page view's random id, and totals beyond a day", async () => {
    expect((await send({ session: "x", furthestParagraph: 0, activeSeconds: 1 })).status).toBe(400);
    expect((await send({ session: "session-long", furthestParagraph: 0, activeSeconds: 86_401 })).status).toBe(400);
  });

  it("with READING_PROGRESS=off answers 404 and records nothing", async () => {
    vi.stubEnv("READING_PROGRESS", "off");
    const before = { progress: await progressOf(people.reader.id), seconds: await secondsOf(people.reader.id) };
    const response = await send({ session: "session-off", furthestParagraph: PARAGRAPHS - 1, activeSeconds: 30 });
    expect(response.status).toBe(404);
    expect(await progressOf(people.reader.id)).toEqual(before.progress);
    expect(await secondsOf(people.reader.id)).toBe(before.seconds);
    expect(await db.readingSession.count({ where: { id: "session-off" } })).toBe(0);
  });
});
