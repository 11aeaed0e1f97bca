import { describe, expect, it } from "vitest";
import { WRITE_SLOTS, withWriteSlot } from "./write-slots";

describe("write slots", () => {
  it("run at most WRITE_SLOTS writes at once, first come first served, and free a slot when a write throws", async () => {
    let running = 0;
    let most = 0;
    const started: number[] = [];
    // Node 20 has no Promise.withResolvers.
    const gates = Array.from({ length: 20 }, () => {
      let resolve = () => {};
      const promise = new Promise<void>((done) => (resolve = done));
      return { promise, resolve };
    });
    const writes = gates.map((gate, index) =>
      withWriteSlot(async () => {
        started.push(index);
        running += 1;
        most = Math.max(most, running);
        await gate.promise;
        running -= 1;
        if (index % 3 === 0) throw new Error(`write ${index} failed`);
        return index;
      }),
    );
    const settled = Promise.allSettled(writes);
    // Let the first writes start, then release them one at a time, in order.
    for (const gate of gates) {
      await new Promise((resolve) => setImmediate(resolve));
      gate.resolve();
    }
    const results = await settled;
    expect(most).toBe(Math.min(WRITE_SLOTS, gates.length));
    expect(started).toEqual(gates.map((_, index) => index));
    expect(results.filter((result) => result.status === "rejected")).toHaveLength(7);
    // Every slot came back: a new write starts at once.
    expect(await withWriteSlot(async () => "again")).toBe("again");
  });
});
