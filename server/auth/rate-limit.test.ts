import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { db } from "@/server/db/client";
import { RateLimiter, type RateLimitRule } from "./rate-limit";

const rule: RateLimitRule = { limit: 3, windowSeconds: 60 };

// A clock the test moves by hand, so windows open and close without waiting.
let now = new Date("2026-11-26T10:00:00Z");
const advance = (seconds: number) => (now = new Date(now.getTime() + seconds * 1000));
const limiter = new RateLimiter(db, () => now);

beforeEach(async () => {
  now = new Date("2026-11-26T10:00:00Z");
  await db.rateLimitBucket.deleteMany();
});
afterAll(() => db.$disconnect());

describe("RateLimiter", () => {
  it("allows up to the limit and refuses the next attempt with the time left in the window", async () => {
    for (let attempt = 0; attempt < rule.limit; attempt++) {
      expect(await limiter.check([{ key: "a", rule }])).toEqual({ isLimited: false });
      await limiter.hit("a", rule);
      advance(5);
    }
    expect(await limiter.check([{ key: "a", rule }])).toEqual({ isLimited: true, retryAfterSeconds: 45 });
  });

  it("opens a fresh window once the old one has ended", async () => {
    for (let attempt = 0; attempt < rule.limit; attempt++) await limiter.hit("a", rule);
    advance(60);
    expect(await limiter.check([{ key: "a", rule }])).toEqual({ isLimited: false });
    await limiter.hit("a", rule);
    expect(await db.rateLimitBucket.findUnique({ where: { key: "a" } })).toMatchObject({ hits: 1 });
  });

  it("keeps keys apart and reports the longest wait when several are exhausted", async () => {
    const loose: RateLimitRule = { limit: 10, windowSeconds: 600 };
    for (let attempt = 0; attempt < rule.limit; attempt++) await limiter.hit("email", rule);
    expect(await limiter.check([{ key: "other-email", rule }])).toEqual({ isLimited: false });

    for (let attempt = 0; attempt < loose.limit; attempt++) await limiter.hit("ip", loose);
    const verdict = await limiter.check([
      { key: "email", rule },
      { key: "ip", rule: loose },
    ]);
    expect(verdict).toEqual({ isLimited: true, retryAfterSeconds: 600 });
  });

  it("counts every hit when many arrive at once", async () => {
    await limiter.hit("burst", rule); // open the window
    await Promise.all(Array.from({ length: 20 }, () => limiter.hit("burst", rule)));
    expect(await db.rateLimitBucket.findUnique({ where: { key: "burst" } })).toMatchObject({ hits: 21 });
  });

  it("forgets a key on clear, and deletes only ended windows on housekeeping", async () => {
    for (let attempt = 0; attempt < rule.limit; attempt++) await limiter.hit("a", rule);
    await limiter.clear("a");
    expect(await limiter.check([{ key: "a", rule }])).toEqual({ isLimited: false });

    await limiter.hit("old", rule);
    advance(61);
    await limiter.hit("new", rule);
    expect(await limiter.deleteExpired()).toBe(1);
    expect((await db.rateLimitBucket.findMany()).map((bucket) => bucket.key)).toEqual(["new"]);
  });
});
