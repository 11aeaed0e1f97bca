import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import type { SqlDriverAdapter, SqlDriverAdapterFactory, SqlQuery } from "@prisma/driver-adapter-utils";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CACHED_STATEMENTS, withStatementCache } from "./sqlite-statement-cache";

// Prisma's own better-sqlite3 adapter, on a SQLite file of this test's, with the statement cache
// in front: what it compiles, and that every run gets its own parameters. (The adapter answers
// integers as strings, as it hands them to Prisma's engine.)

let folder: string;
let adapter: SqlDriverAdapter;
/** Every text the real better-sqlite3 connection was asked to compile. */
const compiled: string[] = [];

/** Counts what reaches the connection's own `prepare`, under the cache. */
function countingCompiles(factory: SqlDriverAdapterFactory): SqlDriverAdapterFactory {
  return {
    provider: factory.provider,
    adapterName: factory.adapterName,
    connect: async () => {
      const connected = await factory.connect();
      const database = (connected as unknown as { client: { prepare: (sql: string) => unknown } }).client;
      const prepare = database.prepare.bind(database);
      database.prepare = (sql) => {
        compiled.push(sql);
        return prepare(sql);
      };
      return connected;
    },
  };
}

const text = { scalarType: "string", arity: "scalar" } as const;
const integer = { scalarType: "int", arity: "scalar" } as const;
const query = (sql: string, args: unknown[]): SqlQuery => ({
  sql,
  args,
  argTypes: args.map((arg) => (typeof arg === "number" ? integer : text)),
});

beforeAll(async () => {
  folder = mkdtempSync(path.join(tmpdir(), "statement-cache-"));
  const factory = new PrismaBetterSQLite3({ url: `file:${path.join(folder, "cache.db")}` });
  adapter = await withStatementCache(countingCompiles(factory)).connect();
  await adapter.executeScript("CREATE TABLE note (id INTEGER PRIMARY KEY, body TEXT NOT NULL)");
});

afterAll(async () => {
  await adapter.dispose();
  rmSync(folder, { recursive: true, force: true });
});

describe("SQLite statements compiled once", () => {
  it("compiles a repeated text once, and runs it each time with that call's own parameters", async () => {
    const insert = "INSERT INTO note (id, body) VALUES (?, ?)";
    const select = "SELECT id, body FROM note WHERE id = ?";
    for (let id = 1; id <= 20; id += 1) expect(await adapter.executeRaw(query(insert, [id, `note ${id}`]))).toBe(1);
    const rows = [];
    for (const id of [3, 17, 3, 20]) rows.push((await adapter.queryRaw(query(select, [id]))).rows);

    expect(rows).toEqual([[["3", "note 3"]], [["17", "note 17"]], [["3", "note 3"]], [["20", "note 20"]]]);
    expect(compiled.filter((sql) => sql === insert)).toHaveLength(1);
    expect(compiled.filter((sql) => sql === select)).toHaveLength(1);
  });

  it("runs transactions on the cached statements: a rollback undoes, a commit keeps", async () => {
    const update = "UPDATE note SET body = ? WHERE id = ?";
    const read = async () => (await adapter.queryRaw(query("SELECT body FROM note WHERE id = ?", [1]))).rows[0][0];
    const undone = await adapter.startTransaction();
    await undone.executeRaw(query(update, ["rolled back", 1]));
    // Prisma's engine sends COMMIT and ROLLBACK itself; the adapter's commit() and rollback() release the connection.
    await undone.executeRaw(query("ROLLBACK", []));
    await undone.rollback();
    expect(await read()).toBe("note 1");

    const kept = await adapter.startTransaction();
    await kept.executeRaw(query(update, ["committed", 1]));
    await kept.executeRaw(query("COMMIT", []));
    await kept.commit();
    expect(await read()).toBe("committed");
    expect(compiled.filter((sql) => sql === update)).toHaveLength(1);
  });

  it(`keeps at most ${CACHED_STATEMENTS} statements, dropping the least recently used`, async () => {
    const first = "SELECT 0 AS n";
    await adapter.queryRaw(query(first, []));
    for (let n = 1; n <= CACHED_STATEMENTS; n += 1) await adapter.queryRaw(query(`SELECT ${n} AS n`, []));
    const before = compiled.length;
    await adapter.queryRaw(query(`SELECT ${CACHED_STATEMENTS} AS n`, [])); // recently used: still compiled
    expect(compiled.length).toBe(before);
    expect((await adapter.queryRaw(query(first, []))).rows).toEqual([["0"]]); // dropped: compiled again
    expect(compiled.filter((sql) => sql === first)).toHaveLength(2);
  });

  it("reports a statement's errors as the adapter does, and goes on serving", async () => {
    await expect(adapter.executeRaw(query("INSERT INTO note (id, body) VALUES (?, ?)", [1, "duplicate"]))).rejects.toMatchObject({
      cause: { kind: "UniqueConstraintViolation" },
    });
    expect((await adapter.queryRaw(query("SELECT count(*) FROM note", []))).rows).toEqual([["20"]]);
  });
});
