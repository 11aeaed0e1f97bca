import { beforeAll, describe, expect, it } from "vitest";
import { db, provider } from "./client";

// The app's own SQLite client (./client.ts wraps its adapter in ./sqlite-turns.ts) on this test
// file's database: transactions still run one at a time, and the event loop turns between them.

describe.skipIf(provider !== "sqlite")("SQLite transactions taking turns", () => {
  beforeAll(async () => {
    await db.$executeRawUnsafe("CREATE TABLE turns_counter (id INTEGER PRIMARY KEY, n INTEGER NOT NULL)");
    await db.$executeRawUnsafe("INSERT INTO turns_counter (id, n) VALUES (1, 0)");
  });

  const readCount = async (client: Pick<typeof db, "$queryRawUnsafe"> = db) =>
    Number((await client.$queryRawUnsafe<{ n: bigint }[]>("SELECT n FROM turns_counter WHERE id = 1"))[0].n);

  it("runs concurrent transactions one at a time: no read-then-write is lost", async () => {
    const before = await readCount();
    await Promise.all(
      Array.from({ length: 20 }, () =>
        db.$transaction(async (tx) => {
          const n = await readCount(tx);
          await tx.$executeRawUnsafe("UPDATE turns_counter SET n = ? WHERE id = 1", n + 1);
        }),
      ),
    );
    expect(await readCount()).toBe(before + 20);
  });

  it("lets the event loop turn between one transaction and the next, instead of running the whole queue in one go", async () => {
    let committed = 0;
    let committedWhenTheLoopTurned: number | null = null;
    await Promise.all(
      Array.from({ length: 10 }, (_, index) =>
        db
          .$transaction(async (tx) => {
            if (index === 0) setImmediate(() => (committedWhenTheLoopTurned = committed));
            await tx.$executeRawUnsafe("UPDATE turns_counter SET n = n + 1 WHERE id = 1");
          })
          .then(() => (committed += 1)),
      ),
    );
    // Handed on by microtask, all ten commit before any I/O or timer gets a turn.
    expect(committedWhenTheLoopTurned).not.toBeNull();
    expect(committedWhenTheLoopTurned!).toBeLessThan(3);
  });

  it("hands the turn on after a transaction that rolls back", async () => {
    const before = await readCount();
    const results = await Promise.allSettled([
      db.$transaction(async (tx) => {
        await tx.$executeRawUnsafe("UPDATE turns_counter SET n = n + 100 WHERE id = 1");
        throw new Error("changed my mind");
      }),
      db.$transaction((tx) => tx.$executeRawUnsafe("UPDATE turns_counter SET n = n + 1 WHERE id = 1")),
    ]);
    expect(results.map((result) => result.status)).toEqual(["rejected", "fulfilled"]);
    expect(await readCount()).toBe(before + 1);
  });
});
