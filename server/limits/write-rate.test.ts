import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { POST as postAnnotation } from "@/app/api/documents/[slug]/annotations/route";
import { ZUpdateAnnotationSchema } from "@/lib/annotations/schemas";
import { AppError } from "@/lib/errors";
import { deleteAnnotation } from "@/server/annotations/delete-annotation";
import { exportAnnotations } from "@/server/annotations/export-annotations";
import { importAnnotations } from "@/server/annotations/import-annotations";
import { updateAnnotation } from "@/server/annotations/update-annotation";
import { connectDatabase, db, provider, type Database } from "@/server/db/client";
import { createApiToken } from "@/server/tokens/create-api-token";
import { toAnnotationCollection } from "@/lib/annotations/web-annotation";
import { refusal } from "@/tests/refusal";
import { annotate, createDocument, createUser, reply, targetOf } from "@/tests/factories";
import { WriteRateLimiter } from "./write-rate";

const SLUG = "write-rate";
beforeAll(() => createDocument(SLUG));
// The suite runs with a burst no test meets (vitest.config.mts); each test here sets its own.
const suiteLimits = { burst: process.env.WRITE_RATE_BURST, perMinute: process.env.WRITE_RATE_PER_MINUTE };
afterEach(() => {
  for (const [name, value] of [
    ["WRITE_RATE_BURST", suiteLimits.burst],
    ["WRITE_RATE_PER_MINUTE", suiteLimits.perMinute],
  ] as const) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
});
afterAll(() => db.$disconnect());

/** This test's limits, as an operator would set them. */
function setWriteRate(burst: number, perMinute: number) {
  process.env.WRITE_RATE_BURST = String(burst);
  process.env.WRITE_RATE_PER_MINUTE = String(perMinute);
}

const countRows = async (authorId: string) => ({
  annotations: await db.annotation.count({ where: { authorId } }),
  events: await db.annotationEvent.count({ where: { actorId: authorId } }),
});

describe("the write-rate bucket (GCRA over RateLimitBucket)", () => {
  const rule = { burst: 5, perMinute: 60 }; // one token a second
  let now = new Date("2026-11-29T10:00:00Z");
  const advance = (ms: number) => (now = new Date(now.getTime() + ms));
  const limiter = new WriteRateLimiter(db, () => now);

  it("allows the burst at once, refuses the next with the wait until one token is back, then allows one per interval", async () => {
    const user = await createUser();
    for (let write = 0; write < rule.burst; write++) expect(await limiter.take(user.id, rule)).toEqual({ isAllowed: true });
    expect(await limiter.take(user.id, rule)).toEqual({ isAllowed: false, retryAfterSeconds: 1 });
    // A refused write takes nothing: refused again, same wait.
    expect(await limiter.take(user.id, rule)).toEqual({ isAllowed: false, retryAfterSeconds: 1 });
    advance(999);
    expect(await limiter.take(user.id, rule)).toEqual({ isAllowed: false, retryAfterSeconds: 1 });
    advance(1);
    expect(await limiter.take(user.id, rule)).toEqual({ isAllowed: true });
    expect(await limiter.take(user.id, rule)).toEqual({ isAllowed: false, retryAfterSeconds: 1 });
    // Idle long enough to refill: the whole burst again, and no more.
    advance(60_000);
    for (let write = 0; write < rule.burst; write++) expect(await limiter.take(user.id, rule)).toEqual({ isAllowed: true });
    expect((await limiter.take(user.id, rule)).isAllowed).toBe(false);
  });

  it("takes several tokens for a write that counts for several, never more than the whole bucket", async () => {
    const user = await createUser();
    expect(await limiter.take(user.id, rule, "write", 3)).toEqual({ isAllowed: true });
    // Two left: a write of three waits for the one missing, then takes all three.
    expect(await limiter.take(user.id, rule, "write", 3)).toEqual({ isAllowed: false, retryAfterSeconds: 1 });
    expect(await limiter.take(user.id, rule, "write", 2)).toEqual({ isAllowed: true });
    expect(await limiter.take(user.id, rule)).toEqual({ isAllowed: false, retryAfterSeconds: 1 });
    // Counting for more than the bucket holds takes the whole bucket once it is full: never refused for ever.
    expect(await limiter.take(user.id, rule, "write", 50)).toEqual({ isAllowed: false, retryAfterSeconds: 5 });
    advance(5_000);
    expect(await limiter.take(user.id, rule, "write", 50)).toEqual({ isAllowed: true });
    expect(await limiter.take(user.id, rule)).toEqual({ isAllowed: false, retryAfterSeconds: 1 });
  });

  it("keeps users apart", async () => {
    const [busy, calm] = [await createUser(), await createUser()];
    for (let write = 0; write < rule.burst; write++) await limiter.take(busy.id, rule);
    expect((await limiter.take(busy.id, rule)).isAllowed).toBe(false);
    expect(await limiter.take(calm.id, rule)).toEqual({ isAllowed: true });
  });

  // Several app instances share a PostgreSQL database; SQLite serves one instance (its writes, from
  // requests running concurrently, are what races there).
  it(`gives out exactly the burst when ${provider === "postgresql" ? "two app instances (two clients)" : "concurrent requests"} take at once`, async () => {
    const other: Database = provider === "postgresql" ? connectDatabase() : db;
    try {
      const user = await createUser();
      const first = new WriteRateLimiter(db, () => now);
      const second = new WriteRateLimiter(other, () => now);
      const verdicts = await Promise.all(Array.from({ length: 12 }, (_, index) => (index % 2 ? first : second).take(user.id, rule)));
      expect(verdicts.filter((verdict) => verdict.isAllowed)).toHaveLength(rule.burst);
    } finally {
      if (other !== db) await other.$disconnect();
    }
  });
});

describe("every annotation write counts against the writer's rate", () => {
  it("creates up to the burst, refuses the next with 429 and Retry-After, and writes nothing for it", async () => {
    setWriteRate(3, 1);
    const author = await createUser();
    for (let write = 0; write < 3; write++) await annotate(author, SLUG, "private", `note ${write}`);
    const before = await countRows(author.id);
    const refused = await annotate(author, SLUG, "private", "one too many").catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(AppError);
    expect(refused).toMatchObject({ status: 429 });
    // One write a minute on the real clock: the wait is the minute less what the three creates took
    // (seconds on a loaded machine), never more than the minute and never nothing.
    const retryAfterSeconds = (refused as AppError).retryAfterSeconds ?? 0;
    expect(retryAfterSeconds).toBeGreaterThanOrEqual(45);
    expect(retryAfterSeconds).toBeLessThanOrEqual(60);
    expect((refused as AppError).message).toMatch(/Nothing was saved; try again in 60 seconds\./);
    expect(await countRows(author.id)).toEqual(before);
  });

  it("counts replies, edits, deletes and imports from the same bucket", async () => {
    setWriteRate(5, 1);
    const author = await createUser();
    const note = await annotate(author, SLUG, "private", "first"); // 1
    await reply(author, note.id, "a reply"); // 2
    await updateAnnotation(author, note.id, ZUpdateAnnotationSchema.parse({ body: "edited" })); // 3
    const other = await annotate(author, SLUG, "private", "second"); // 4
    await deleteAnnotation(author, other.id); // 5
    const rateLimited = /^429 Too many changes/;
    expect(await refusal(reply(author, note.id, "sixth"))).toMatch(rateLimited);
    expect(await refusal(updateAnnotation(author, note.id, ZUpdateAnnotationSchema.parse({ body: "again" })))).toMatch(rateLimited);
    expect(await refusal(deleteAnnotation(author, note.id))).toMatch(rateLimited);
    const mine = await exportAnnotations(author, SLUG, { onlyMine: true });
    const origin = "https://marginalia.example";
    const file = toAnnotationCollection([...mine.annotations, ...mine.replies], origin, `${origin}/export`, "Mine");
    const importer = await createUser();
    setWriteRate(1, 1);
    await importAnnotations(importer, SLUG, file); // a small file counts as one write
    const before = await countRows(importer.id);
    expect(await refusal(importAnnotations(importer, SLUG, file))).toMatch(rateLimited);
    expect(await countRows(importer.id)).toEqual(before);
  });

  it("counts an import as one write per hundred annotations it writes", async () => {
    setWriteRate(30, 1);
    const text = (await db.documentVersion.findFirstOrThrow({ where: { document: { slug: SLUG } }, select: { text: true } })).text;
    const fileOf = (count: number, prefix: string) => ({
      "@context": "http://www.w3.org/ns/anno.jsonld",
      type: "AnnotationCollection",
      items: Array.from({ length: count }, (_, index) => {
        const start = (index * 41) % (text.length - 30);
        return {
          id: `urn:${prefix}:${index}`,
          type: "Annotation",
          body: { type: "TextualBody", value: `${prefix} ${index}`, purpose: "commenting" },
          target: { source: "https://elsewhere.example/article", selector: targetOf({ text, at: [start, start + 12] }).selector },
        };
      }),
    });
    const importer = await createUser();
    // 2,000 notes count as 20 of the 30 writes at once; the same file again writes nothing and counts
    // as one; 900 more (9) leave none.
    const first = fileOf(2_000, "first");
    expect((await importAnnotations(importer, SLUG, first)).imported).toBe(2_000);
    expect(await importAnnotations(importer, SLUG, first)).toMatchObject({ imported: 0, alreadyImported: 2_000 });
    expect((await importAnnotations(importer, SLUG, fileOf(900, "second"))).imported).toBe(900);
    const before = await countRows(importer.id);
    const refused = await importAnnotations(importer, SLUG, fileOf(1, "third")).catch((error: unknown) => error);
    expect(refused).toMatchObject({ status: 429 });
    expect(await countRows(importer.id)).toEqual(before);
  });

  it("answers 429 in the one error shape with Retry-After through the API", async () => {
    setWriteRate(2, 1);
    const author = await createUser();
    const { token } = await createApiToken({ userId: author.id, name: "script", scope: "read-write", expiresInDays: 30 });
    const post = (body: string) =>
      postAnnotation(
        new Request(`http://localhost/api/documents/${SLUG}/annotations`, {
          method: "POST",
          headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
          body: JSON.stringify({ target: targetOf({ at: "Pakistan" }), body, visibility: "private" }),
        }),
        { params: Promise.resolve({ slug: SLUG }) },
      );
    expect((await post("one")).status).toBe(201);
    expect((await post("two")).status).toBe(201);
    const refused = await post("three");
    expect(refused.status).toBe(429);
    expect(refused.headers.get("Retry-After")).toBe("60");
    expect(await refused.json()).toEqual({
      error: {
        code: "RATE_LIMITED",
        status: 429,
        message: "Too many changes in a short time (this server takes 1 a minute per person). Nothing was saved; try again in 60 seconds.",
      },
    });
  });
});
