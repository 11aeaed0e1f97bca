import { describe, expect, it } from "vitest";
import { reanchorTargets } from "@/lib/anchoring/reanchor";
import { describeTextRange } from "@/lib/anchoring/text-quote";
import { db } from "@/server/db/client";
import { annotate, createReading, createUsers } from "@/tests/factories";
import { PlanOutdated, planReanchoring, reanchorOntoVersion } from "./reanchor-onto-version";

/**
 * A version's placements are worked out before its transaction (planReanchoring) and written in it
 * (reanchorOntoVersion): a plan stands for an annotation still as it was, and an annotation moved
 * or written in between is placed from where it is now.
 */
describe("placements planned before the version's transaction", () => {
  it("are used for annotations still as they were, and worked out anew for one moved or written since", async () => {
    const { owner } = await createUsers(["owner"], "plan-reanchoring.example");
    const reading = await createReading(owner, "plan-reanchoring");
    const v1 = await db.documentVersion.findFirstOrThrow({ where: { documentId: reading.id }, select: { id: true, text: true } });
    const kept = await annotate(owner, reading.slug, "private", { body: "kept", at: [400, 430] });
    const moved = await annotate(owner, reading.slug, "private", { body: "moved", at: [900, 940] });
    const newText = v1.text.replace("Pakistan", "Pakistan’s");

    const planned = await planReanchoring(db, reading.id, newText, owner.id);
    expect([...planned.placements.keys()].sort()).toEqual([kept.id, moved.id].sort());
    // Marked, so the test can tell a planned placement from one worked out in the transaction.
    const marked = { status: "orphaned" as const, start: null, end: null, score: 0.42 };
    for (const entry of planned.placements.values()) entry.placement = marked;

    // Meanwhile its author moves one note and writes another.
    const { quote } = describeTextRange(v1.text, 2_000, 2_030);
    await db.annotation.update({
      where: { id: moved.id },
      data: { exact: quote.exact, prefix: quote.prefix, suffix: quote.suffix, start: 2_000, end: 2_030 },
    });
    const written = await annotate(owner, reading.slug, "private", { body: "written since", at: [3_000, 3_025] });

    await db.$transaction(async (tx) => {
      const version = await tx.documentVersion.create({
        data: { documentId: reading.id, number: 2, text: newText, textHash: "plan-reanchoring-2" },
        select: { id: true },
      });
      const counts = await reanchorOntoVersion(tx, reading.id, { id: version.id, text: newText }, undefined, planned);
      expect(counts).toEqual({ anchored: 0, relocated: 2, orphaned: 1 });
    });

    const rows = await db.annotation.findMany({
      where: { id: { in: [kept.id, moved.id, written.id] } },
      select: { id: true, anchorStatus: true, anchorScore: true, start: true, end: true },
    });
    const byId = new Map(rows.map((row) => [row.id, row]));
    expect(byId.get(kept.id)).toMatchObject({ anchorStatus: "orphaned", anchorScore: 0.42 });
    const [movedPlace, writtenPlace] = reanchorTargets(v1.text, newText, [
      { ...quote, start: 2_000, end: 2_030 },
      { ...describeTextRange(v1.text, 3_000, 3_025).quote, start: 3_000, end: 3_025 },
    ]);
    expect(byId.get(moved.id)).toMatchObject({ anchorStatus: "relocated", start: movedPlace.start, end: movedPlace.end });
    expect(byId.get(written.id)).toMatchObject({ anchorStatus: "relocated", start: writtenPlace.start, end: writtenPlace.end });
  });

  it("are worked out again, not compared in the transaction, when a note was written meanwhile on a version the plan did not compare", async () => {
    const { owner } = await createUsers(["owner"], "plan-outdated.example");
    const reading = await createReading(owner, "plan-outdated");
    const v1 = await db.documentVersion.findFirstOrThrow({ where: { documentId: reading.id }, select: { id: true, text: true } });
    await annotate(owner, reading.slug, "private", { body: "on version 1", at: [400, 430] });
    const v2Text = v1.text.replace("Pakistan", "Pakistan’s");
    await db.documentVersion.create({ data: { documentId: reading.id, number: 2, text: v2Text, textHash: "plan-outdated-2" } });
    const v3Text = v2Text.replace("Taliban", "the Taliban");

    // Planned while every note is on version 1: version 2 is not compared with the new text.
    const planned = await planReanchoring(db, reading.id, v3Text, owner.id);
    expect([...planned.compared.keys()]).toEqual([v1.id]);
    // Meanwhile a note is written on version 2 (the latest until the new one is added).
    const written = await annotate(owner, reading.slug, "private", { body: "on version 2", at: [900, 940], text: v2Text });

    const addVersion3 = (plan: typeof planned, rollBack = false) =>
      db.$transaction(async (tx) => {
        const version = await tx.documentVersion.create({
          data: { documentId: reading.id, number: 3, text: v3Text, textHash: "plan-outdated-3" },
          select: { id: true },
        });
        const counts = await reanchorOntoVersion(tx, reading.id, { id: version.id, text: v3Text }, undefined, plan);
        if (rollBack) throw new Error(`rolled back after ${JSON.stringify(counts)}`);
        return counts;
      });
    // Before: the word diff of versions 2 and 3 ran here, on the server's thread, the write lock held.
    await expect(addVersion3(planned)).rejects.toBeInstanceOf(PlanOutdated);
    expect(await db.documentVersion.count({ where: { documentId: reading.id } })).toBe(2); // rolled back
    // Its last try compares there rather than plan a third time.
    const lastTry = await addVersion3({ ...planned, isLastTry: true }, true).catch((error: Error) => error.message);
    // Planned again (addReadingVersion does so once), both versions are compared beforehand.
    const again = await planReanchoring(db, reading.id, v3Text, owner.id);
    expect(new Set(again.compared.keys())).toEqual(
      new Set([v1.id, (await db.annotation.findUniqueOrThrow({ where: { id: written.id } })).versionId]),
    );
    const counts = await addVersion3(again);
    expect(counts.anchored + counts.relocated).toBe(2);
    expect(counts.orphaned).toBe(0);
    expect(lastTry).toBe(`rolled back after ${JSON.stringify(counts)}`);
  });
});
