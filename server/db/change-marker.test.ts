import { randomUUID } from "node:crypto";
import { rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import Sqlite from "better-sqlite3";
import { Client } from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { databaseUrl } from "@/prisma/database-url";
import { db, provider } from "@/server/db/client";
import { createUser } from "@/tests/factories";
import { openChangeMarker, readAfterAsking } from "./change-marker";

// The marker's promise is one-sided: whenever something was committed between two reads, they
// differ. (Equal reads when nothing was committed is what makes the page cache useful; on
// PostgreSQL the marker spans the whole server, where the suite's other files write all the time,
// so that side is shown here on SQLite and measured by `npm run bench:scale -- throughput`.)
const marker = openChangeMarker();
afterAll(() => marker.close());

describe("the database's change marker", () => {
  it("moves when this process commits through Prisma (another connection than the marker's)", async () => {
    const before = await marker.read();
    await createUser();
    expect(await marker.read()).not.toBe(before);
  });

  it("moves when a row is only updated or deleted", async () => {
    const user = await createUser();
    const beforeUpdate = await marker.read();
    await db.user.update({ where: { id: user.id }, data: { name: "Renamed" } });
    const beforeDelete = await marker.read();
    expect(beforeDelete).not.toBe(beforeUpdate);
    await db.user.delete({ where: { id: user.id } });
    expect(await marker.read()).not.toBe(beforeDelete);
  });

  it.runIf(provider === "sqlite")("stays put while nothing is committed, reads included", async () => {
    await createUser();
    const before = await marker.read();
    await db.user.findMany({ take: 5 });
    await db.document.count();
    expect(await marker.read()).toBe(before);
  });

  it.runIf(provider === "postgresql")(
    "moves when a transaction that was already writing when it was read commits after a later one did",
    async () => {
      // The snapshot's upper bound is the newest finished transaction: it alone would not move when
      // an older one finishes after a newer one (the list of transactions in progress below it does).
      const older = new Client({ connectionString: databaseUrl() });
      const newer = new Client({ connectionString: databaseUrl() });
      await Promise.all([older.connect(), newer.connect()]);
      try {
        // Any write takes a transaction id; temporary tables leave the test's database as it was.
        await older.query("BEGIN");
        await older.query("CREATE TEMP TABLE marker_older (id int)");
        await newer.query("BEGIN");
        await newer.query("CREATE TEMP TABLE marker_newer (id int)");
        await newer.query("COMMIT");
        const whileOlderWrites = await marker.read();
        await older.query("COMMIT");
        expect(await marker.read()).not.toBe(whileOlderWrites);
      } finally {
        await Promise.all([older.end(), newer.end()]);
      }
    },
  );

  it.runIf(provider === "sqlite")("fails its reads until the database file exists, then works", async () => {
    const file = path.join(tmpdir(), `marker-${randomUUID()}.db`);
    const early = openChangeMarker(`file:${file}`);
    try {
      await expect(early.read()).rejects.toThrow();
      new Sqlite(file).close(); // the file appears, as `npm run db:prepare` makes it
      expect(await early.read()).toMatch(/^\d+$/);
    } finally {
      await early.close();
      rmSync(file, { force: true });
    }
  });

  it("answers many readers at once", async () => {
    const values = await Promise.all(Array.from({ length: 20 }, () => marker.read()));
    expect(new Set(values.map((value) => typeof value)).size).toBe(1);
    expect(values.every((value) => value.length > 0)).toBe(true);
  });
});

describe("reads shared among readers who ask at once", () => {
  /** A query the test finishes by hand, counting how many were started. */
  function controlledQuery() {
    const pending: ((value: string) => void)[] = [];
    const query = () => new Promise<string>((resolve) => pending.push(resolve));
    return { query, started: () => pending.length, finish: (index: number, value: string) => pending[index](value) };
  }

  it("never answers a reader with a query that started before it asked", async () => {
    const { query, started, finish } = controlledQuery();
    const read = readAfterAsking(query);
    const first = read();
    const second = read(); // asked while the first query runs: it may already be too old for this reader
    const third = read();
    expect(started()).toBe(1);
    finish(0, "before");
    expect(await first).toBe("before");
    await Promise.resolve();
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(started()).toBe(2); // one more query, shared by the second and third readers
    finish(1, "after");
    expect(await second).toBe("after");
    expect(await third).toBe("after");
  });

  it("starts afresh after a failed query", async () => {
    let calls = 0;
    const read = readAfterAsking(async () => {
      calls += 1;
      if (calls === 1) throw new Error("connection lost");
      return "value";
    });
    const failed = read();
    const next = read();
    await expect(failed).rejects.toThrow("connection lost");
    expect(await next).toBe("value");
  });
});
