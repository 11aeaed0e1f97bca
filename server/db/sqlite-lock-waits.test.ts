import Database from "better-sqlite3";
import { afterEach, describe, expect, it } from "vitest";
import { databaseUrl, sqliteFilePath } from "@/prisma/database-url";
import { db, provider } from "./client";
import { databaseUnavailability } from "./database-unavailable";

// The app's own SQLite client on this test file's database, and a second connection to the same
// file standing in for another process that holds the write lock (./sqlite-lock-waits.ts).

describe.skipIf(provider !== "sqlite")("SQLite's write lock held by another process", () => {
  let other: Database.Database | null = null;
  const holdLock = () => {
    other = new Database(sqliteFilePath(databaseUrl()));
    other.exec("BEGIN IMMEDIATE");
  };
  const release = () => {
    other?.exec("ROLLBACK");
    other?.close();
    other = null;
  };
  afterEach(release);

  const rename = (name: string) => db.user.updateMany({ where: { email: "nobody@lock-waits.example" }, data: { name } });

  it("is waited for off the server's thread: a write and a transaction go through once it is let go, timers firing meanwhile", async () => {
    await db.user.create({ data: { email: "nobody@lock-waits.example", name: "Before" } });
    holdLock();
    const order: string[] = [];
    const write = rename("During").then(() => order.push("write"));
    const transaction = db
      .$transaction(async (tx) => {
        await tx.user.updateMany({ where: { email: "nobody@lock-waits.example" }, data: { name: "In a transaction" } });
      })
      .then(() => order.push("transaction"));
    // better-sqlite3 waiting inside the call (its busy timeout) held the thread: no timer fired until the lock went.
    await new Promise((resolve) => setTimeout(resolve, 50));
    order.push("timer");
    // A read does not wait for the writer (WAL).
    expect(await db.user.count({ where: { email: "nobody@lock-waits.example" } })).toBe(1);
    release();
    await Promise.all([write, transaction]);
    expect(order[0]).toBe("timer");
    expect(order.slice(1).sort()).toEqual(["transaction", "write"]);
    expect((await db.user.findUniqueOrThrow({ where: { email: "nobody@lock-waits.example" } })).name).toMatch(
      /^(During|In a transaction)$/,
    );
  });

  it("past the wait, a write is refused as busy (a 503 with Retry-After), nothing written", async () => {
    holdLock();
    const refused = await rename("Never").catch((error: unknown) => error);
    expect(databaseUnavailability(refused)).toBe("busy");
    const refusedTransaction = await db
      .$transaction(async (tx) => tx.user.create({ data: { email: "never@lock-waits.example", name: "Never" } }))
      .catch((error: unknown) => error);
    expect(databaseUnavailability(refusedTransaction)).toBe("busy");
    release();
    expect(await db.user.count({ where: { name: "Never" } })).toBe(0);
    // And the connection is free again.
    await rename("After");
    expect((await db.user.findUniqueOrThrow({ where: { email: "nobody@lock-waits.example" } })).name).toBe("After");
  }, 20_000);
});
