import { describe, expect, it } from "vitest";
import { ApiError } from "@/components/api/api-client";
import type { AnnotationDto } from "@/lib/annotations/types";
import { annotation } from "@/tests/factories/annotation-dtos";
import { Outbox, outboxKey, RETRY_DELAYS_MS, type OutboxEntry, type OutboxReport, type OutboxStorage } from "./outbox";

/** A real Storage (the Web Storage interface) kept in memory, as a page's localStorage would be. */
class MemoryStorage implements Storage {
  private items = new Map<string, string>();
  get length() {
    return this.items.size;
  }
  clear() {
    this.items.clear();
  }
  getItem(key: string) {
    return this.items.get(key) ?? null;
  }
  key(index: number) {
    return [...this.items.keys()][index] ?? null;
  }
  removeItem(key: string) {
    this.items.delete(key);
  }
  setItem(key: string, value: string) {
    this.items.set(key, value);
  }
}

/** Timers the test runs by hand: `due` lists the scheduled delays, `runNext` fires the oldest. */
function manualTimers() {
  const queue: { run: () => void; ms: number; id: number }[] = [];
  let next = 0;
  return {
    due: () => queue.map((timer) => timer.ms),
    set: (run: () => void, ms: number) => {
      queue.push({ run, ms, id: ++next });
      return next;
    },
    clear: (handle: unknown) => {
      const index = queue.findIndex((timer) => timer.id === handle);
      if (index >= 0) queue.splice(index, 1);
    },
    runNext: async () => {
      queue.shift()?.run();
      await settle();
    },
  };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));
const KEY = outboxKey("user-1", "essay");

const update = (token: string, body = token): OutboxEntry => ({ kind: "update", token, id: `a-${token}`, patch: { body } });

/** An outbox over `storage` whose server answers with the next of `answers` (an annotation, or an error to throw). */
function setUp(storage: OutboxStorage | null, answers: (AnnotationDto | Error)[]) {
  const reports: OutboxReport[] = [];
  const sent: string[] = [];
  const timers = manualTimers();
  const outbox = new Outbox({
    storage,
    key: KEY,
    timers,
    report: (report) => reports.push(report),
    send: async (entry) => {
      sent.push(entry.token);
      const answer = answers.shift() ?? new Error("no answer scripted");
      if (answer instanceof Error) throw answer;
      return answer;
    },
  });
  const stored = () => JSON.parse((storage?.getItem(KEY) ?? "[]") as string).map((entry: OutboxEntry) => entry.token);
  const summary = () =>
    reports.map(
      (report) => `${report.type} ${report.entry.token}${report.type === "failed" ? (report.isRetrying ? " retrying" : " refused") : ""}`,
    );
  return { outbox, reports, sent, timers, stored, summary };
}

describe("the outbox", () => {
  it("stores a save before sending it and forgets it once the server confirms it", async () => {
    const storage = new MemoryStorage();
    const { outbox, stored, summary } = setUp(storage, [annotation({ id: "a-t1" })]);
    outbox.push(update("t1"));
    expect(stored()).toEqual(["t1"]); // written before the request's answer
    await settle();
    expect(summary()).toEqual(["sending t1", "saved t1"]);
    expect(storage.getItem(KEY)).toBeNull();
    expect(outbox.waiting).toEqual([]);
  });

  it("sends oldest first, stops at a transient failure and retries with growing delays, keeping the order", async () => {
    const offline = new ApiError(0, "offline", "You appear to be offline.");
    const busy = new ApiError(503, "unavailable", "Try later.");
    const { outbox, sent, timers, stored, summary } = setUp(new MemoryStorage(), [
      offline,
      busy,
      new ApiError(429, "rate_limited", "Slow down."),
      new ApiError(500, "internal", "Oops."),
      offline,
      annotation({ id: "a-t1" }),
      annotation({ id: "a-t2" }),
    ]);
    outbox.push(update("t1"));
    outbox.push(update("t2")); // waits behind t1
    await settle();
    expect(sent).toEqual(["t1"]);
    expect(timers.due()).toEqual([RETRY_DELAYS_MS[0]]);
    const delays: number[] = [];
    for (let retry = 0; retry < 4; retry++) {
      delays.push(...timers.due());
      await timers.runNext();
    }
    expect(delays).toEqual([2_000, 5_000, 10_000, 30_000]);
    expect(timers.due()).toEqual([30_000]); // the last delay repeats
    expect(stored()).toEqual(["t1", "t2"]);
    await timers.runNext();
    expect(sent).toEqual(["t1", "t1", "t1", "t1", "t1", "t1", "t2"]);
    expect(summary().filter((line) => line.startsWith("failed"))).toEqual(Array(5).fill("failed t1 retrying"));
    expect(summary().slice(-3)).toEqual(["saved t1", "sending t2", "saved t2"]);
    expect(stored()).toEqual([]);
  });

  it("waits exactly as long as a 429's Retry-After says, keeping the entry and its text until it lands", async () => {
    const storage = new MemoryStorage();
    const { outbox, sent, timers, stored, summary, reports } = setUp(storage, [
      new ApiError(429, "RATE_LIMITED", "Too many changes in a short time.", [], 7),
      new ApiError(429, "RATE_LIMITED", "Too many changes in a short time.", [], 1),
      annotation({ id: "a-t1" }),
    ]);
    outbox.push(update("t1", "My careful note"));
    await settle();
    expect(timers.due()).toEqual([7_000]);
    expect(reports[1]).toMatchObject({ type: "failed", isRetrying: true, message: "Too many changes in a short time." });
    expect(JSON.parse(storage.getItem(KEY)!)[0].patch.body).toBe("My careful note");
    await timers.runNext();
    expect(timers.due()).toEqual([1_000]); // the server's word again, not the growing backoff
    await timers.runNext();
    expect(sent).toEqual(["t1", "t1", "t1"]);
    expect(summary().at(-1)).toBe("saved t1");
    expect(stored()).toEqual([]);
  });

  it("starts the backoff over after a success", async () => {
    const offline = new ApiError(0, "offline", "Offline.");
    const { outbox, timers } = setUp(new MemoryStorage(), [offline, offline, annotation({ id: "a-t1" }), offline]);
    outbox.push(update("t1"));
    await settle();
    await timers.runNext();
    await timers.runNext();
    outbox.push(update("t2"));
    await settle();
    expect(timers.due()).toEqual([RETRY_DELAYS_MS[0]]);
  });

  it("drops a save the server refuses, says why, and goes on with the next", async () => {
    const { outbox, reports, stored, summary } = setUp(new MemoryStorage(), [
      new ApiError(422, "invalid_request", "The comment is too long."),
      annotation({ id: "a-t2" }),
    ]);
    outbox.push(update("t1"));
    outbox.push(update("t2"));
    await settle();
    await settle();
    expect(summary()).toEqual(["sending t1", "failed t1 refused", "sending t2", "saved t2"]);
    expect(reports[1]).toMatchObject({ message: "The comment is too long.", isRetrying: false });
    expect(stored()).toEqual([]);
  });

  it("treats a failure that is not an API error as transient", async () => {
    const { outbox, timers, summary } = setUp(new MemoryStorage(), [new TypeError("boom")]);
    outbox.push(update("t1"));
    await settle();
    expect(summary()).toEqual(["sending t1", "failed t1 retrying"]);
    expect(timers.due()).toHaveLength(1);
  });

  it("survives a reload: the next visit restores the same entries, with the same client tokens, ahead of new ones", async () => {
    const storage = new MemoryStorage();
    const optimistic = annotation({ id: "pending-t1", body: "typed before the reload" });
    const create: OutboxEntry = {
      kind: "create",
      token: "t1",
      optimistic,
      input: { target: { selector: [] }, body: optimistic.body, clientToken: "t1" },
    };
    const first = setUp(storage, [new ApiError(0, "offline", "Offline.")]);
    first.outbox.push(create);
    await settle();
    first.outbox.dispose();
    expect(first.timers.due()).toEqual([]);

    const second = setUp(storage, [annotation({ id: "a-t1" }), annotation({ id: "a-t2" })]);
    expect(second.outbox.restore()).toEqual([create]);
    expect(second.outbox.restore()).toEqual([]); // not taken twice
    second.outbox.push(update("t2"));
    await settle();
    expect(second.sent).toEqual(["t1", "t2"]); // the same token goes again: the server makes no second copy
    expect(second.stored()).toEqual([]);
  });

  it("restores nothing from an empty or unreadable store", () => {
    const storage = new MemoryStorage();
    expect(setUp(storage, []).outbox.restore()).toEqual([]);
    storage.setItem(KEY, "{not json");
    expect(setUp(storage, []).outbox.restore()).toEqual([]);
    storage.setItem(KEY, '{"kind":"update"}');
    expect(setUp(storage, []).outbox.restore()).toEqual([]);
  });

  it("keeps working in memory when storage is full or missing", async () => {
    const full: OutboxStorage = {
      getItem: () => null,
      removeItem: () => undefined,
      setItem: () => {
        throw new DOMException("full", "QuotaExceededError");
      },
    };
    for (const storage of [full, null]) {
      const { outbox, timers, summary } = setUp(storage, [new ApiError(0, "offline", "Offline."), annotation({ id: "a-t1" })]);
      outbox.push(update("t1"));
      await settle();
      await timers.runNext();
      expect(summary()).toEqual(["sending t1", "failed t1 retrying", "sending t1", "saved t1"]);
    }
  });
});
