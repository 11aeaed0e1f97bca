import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { connectDatabase, type Database, db, provider } from "@/server/db/client";
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

const takeOne = (key: string, ruleOf: RateLimitRule = rule) => limiter.take([{ key, rule: ruleOf }]);
const hitsOf = async (key: string) => (await db.rateLimitBucket.findUnique({ where: { key } }))?.hits;

describe("RateLimiter", () => {
  it("grants up to the limit and refuses the next attempt with the time left in the window", async () => {
    for (let attempt = 0; attempt < rule.limit; attempt++) {
      expect(await takeOne("a")).toMatchObject({ isLimited: false });
      advance(5);
    }
    expect(await takeOne("a")).toEqual({ isLimited: true, retryAfterSeconds: 45, limitedKeys: ["a"] });
    // A refused attempt takes nothing: it does not extend its own block.
    expect(await hitsOf("a")).toBe(rule.limit);
  });

  it("opens a fresh window once the old one has ended", async () => {
    for (let attempt = 0; attempt < rule.limit; attempt++) await takeOne("a");
    advance(60);
    expect(await takeOne("a")).toMatchObject({ isLimited: false });
    expect(await db.rateLimitBucket.findUnique({ where: { key: "a" } })).toMatchObject({
      hits: 1,
      resetAt: new Date(now.getTime() + 60_000),
    });
  });

  it("takes from every key or none, and reports the longest wait among the exhausted ones", async () => {
    const loose: RateLimitRule = { limit: 10, windowSeconds: 600 };
    for (let attempt = 0; attempt < rule.limit; attempt++) await takeOne("email");
    expect(await takeOne("other-email")).toMatchObject({ isLimited: false });

    for (let attempt = 0; attempt < loose.limit; attempt++) await takeOne("ip", loose);
    const verdict = await limiter.take([
      { key: "email", rule },
      { key: "ip", rule: loose },
      { key: "fresh", rule },
    ]);
    expect(verdict).toEqual({ isLimited: true, retryAfterSeconds: 600, limitedKeys: ["email", "ip"] });
    // Keys after the refusing one are not taken from at all.
    expect(await hitsOf("fresh")).toBeUndefined();
    const refusedLast = await limiter.take([
      { key: "fresh", rule },
      { key: "email", rule },
    ]);
    expect(refusedLast).toMatchObject({ isLimited: true, limitedKeys: ["email"] });
    // One taken before the refusal is given back.
    expect(await hitsOf("fresh")).toBe(0);
    expect(await takeOne("other-email")).toMatchObject({ isLimited: false });
    expect(await hitsOf("other-email")).toBe(2);
  });

  it("grants exactly the limit when many take at once, from a new window and from an open one", async () => {
    const wide: RateLimitRule = { limit: 7, windowSeconds: 60 };
    const burst = async (key: string) => {
      const verdicts = await Promise.all(Array.from({ length: 30 }, () => takeOne(key, wide)));
      return verdicts.filter((verdict) => !verdict.isLimited).length;
    };
    expect(await burst("new")).toBe(wide.limit);
    expect(await hitsOf("new")).toBe(wide.limit);
    await takeOne("open", wide);
    expect(await burst("open")).toBe(wide.limit - 1);
    expect(await hitsOf("open")).toBe(wide.limit);
  });

  // Several app instances share a PostgreSQL database; SQLite serves one instance (its requests,
  // running concurrently, are what races there).
  it(`grants exactly the limit to takes at once ${provider === "postgresql" ? "from two app instances (two clients)" : "on one connection"}, over several keys`, async () => {
    const other: Database = provider === "postgresql" ? connectDatabase() : db;
    try {
      const both = [limiter, new RateLimiter(other, () => now)];
      const verdicts = await Promise.all(
        Array.from({ length: 20 }, (_, index) =>
          // Keys in both orders, as the callers name them.
          both[index % 2].take(
            index % 4 < 2
              ? [
                  { key: "shared-a", rule },
                  { key: "shared-b", rule: { limit: 100, windowSeconds: 60 } },
                ]
              : [
                  { key: "shared-b", rule: { limit: 100, windowSeconds: 60 } },
                  { key: "shared-a", rule },
                ],
          ),
        ),
      );
      expect(verdicts.filter((verdict) => !verdict.isLimited)).toHaveLength(rule.limit);
      expect(await hitsOf("shared-a")).toBe(rule.limit);
      expect(await hitsOf("shared-b")).toBe(rule.limit);
    } finally {
      if (other !== db) await other.$disconnect();
    }
  });

  it("refunds a token to the window it was taken in only", async () => {
    const first = await takeOne("a");
    await takeOne("a");
    if (first.isLimited) throw new Error("the first take was refused");
    await limiter.refund(first.tokens);
    expect(await hitsOf("a")).toBe(1);
    // A refund after its window ended gives nothing to the next one.
    const late = await takeOne("a");
    if (late.isLimited) throw new Error("the take was refused");
    advance(61);
    await takeOne("a");
    await limiter.refund(late.tokens);
    expect(await hitsOf("a")).toBe(1);
  });

  it("forgets a key on clear, and deletes only ended windows on housekeeping", async () => {
    for (let attempt = 0; attempt < rule.limit; attempt++) await takeOne("a");
    await limiter.clear("a");
    expect(await takeOne("a")).toMatchObject({ isLimited: false });

    await takeOne("old");
    advance(61);
    await takeOne("new");
    expect(await limiter.deleteExpired()).toBe(2);
    expect((await db.rateLimitBucket.findMany()).map((bucket) => bucket.key)).toEqual(["new"]);
  });
});
