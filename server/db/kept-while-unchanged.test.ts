import { afterAll, describe, expect, it } from "vitest";
import { db, provider } from "@/server/db/client";
import { listAnnotationStubs } from "@/server/annotations/list-annotation-stubs";
import { decodeStubs } from "@/lib/annotations/annotation-stubs";
import { annotate, createDocument, createUser } from "@/tests/factories";
import { keptWhileUnchanged } from "./kept-while-unchanged";

afterAll(() => db.$disconnect());

/** A kept value and how many times it was read. */
function counted(limit = 4) {
  const keep = keptWhileUnchanged<string>({ limit });
  const reads = new Map<string, number>();
  const get = (key: string) =>
    keep(key, async () => {
      reads.set(key, (reads.get(key) ?? 0) + 1);
      return `${key} #${reads.get(key)}`;
    });
  return { get, reads: (key: string) => reads.get(key) ?? 0 };
}

describe("values kept while the database is unchanged", () => {
  // On PostgreSQL the marker spans the whole server, where the suite's other files commit all the
  // time: that a value is kept is shown on SQLite; that it is never stale, on both.
  it.runIf(provider === "sqlite")("reads a value once while nothing is committed, per key", async () => {
    const { get, reads } = counted();
    await createUser();
    expect(await get("a")).toBe("a #1");
    expect(await get("a")).toBe("a #1");
    expect(await get("b")).toBe("b #1");
    expect([reads("a"), reads("b")]).toEqual([1, 1]);
  });

  it("reads it again after any commit", async () => {
    const { get, reads } = counted();
    await get("a");
    await createUser();
    expect(await get("a")).toBe(`a #${reads("a")}`);
    expect(reads("a")).toBeGreaterThanOrEqual(2);
  });

  it.runIf(provider === "sqlite")("keeps at most `limit` keys, dropping the least recently used", async () => {
    const { get, reads } = counted(2);
    await createUser();
    await get("a");
    await get("b");
    await get("a"); // a is now the more recently used
    await get("c"); // drops b
    await get("a");
    await get("b");
    expect([reads("a"), reads("b"), reads("c")]).toEqual([1, 2, 1]);
  });

  it("a reading's stubs follow every change at once: a new thread shows, a thread made private leaves", async () => {
    const slug = `kept-${Date.now().toString(36)}`;
    await createDocument(slug);
    const [author, reader] = [await createUser({ name: "Author" }), await createUser({ name: "Reader" })];
    const ids = async () => decodeStubs(await listAnnotationStubs(reader, slug)).map((stub) => stub.id);
    const first = await annotate(author, slug, "everyone", { at: "Deobandi school of Sunni Islam" });
    expect(await ids()).toEqual([first.id]);
    const second = await annotate(author, slug, "everyone", { at: "diplomatic engagement" });
    expect((await ids()).sort()).toEqual([first.id, second.id].sort());
    // Changed behind the app's back (no event, no API): the rows are read again all the same.
    await db.annotation.update({ where: { id: first.id }, data: { visibility: "private" } });
    expect(await ids()).toEqual([second.id]);
  });
});
