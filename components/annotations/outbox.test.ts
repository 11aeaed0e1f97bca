import "fake-indexeddb/auto";
import { beforeEach, describe, expect, it } from "vitest";
import { ApiError } from "@/components/api/api-client";
import { clearDevice, readOutbox, writeOutbox } from "@/components/offline/offline-db";
import type { AnnotationDto } from "@/lib/annotations/types";
import { annotation } from "@/tests/factories/annotation-dtos";
import { Outbox, outboxKey, RETRY_DELAYS_MS, type OutboxEntry, type OutboxReport, type OutboxStorage } from "./outbox";
import { deviceOutboxStorage } from "./outbox-storage";
import { CLOSED_READING } from "@/components/offline/sync-events";
import { NOT_YOUR_GROUP } from "@/lib/annotations/scopes";

// The outbox over the storage the browser uses (IndexedDB through idb, ./outbox-storage.ts), here
// on fake-indexeddb's in-memory IndexedDB; the real browser flow is e2e/offline-reading.spec.ts.

/** A real Storage (the Web Storage interface) kept in memory, as a page's localStorage (the old outbox) would be. */
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

/** Lets every step under way finish: the outbox reads IndexedDB (fake-indexeddb, a few turns each) before each send. */
const settle = async () => {
  for (let turn = 0; turn < 30; turn++) await new Promise((resolve) => setTimeout(resolve, 0));
};
const KEY = outboxKey("user-1", "essay");

const update = (token: string, body = token): OutboxEntry => ({ kind: "update", token, id: `a-${token}`, patch: { body } });

/** An outbox over `storage` whose server answers with the next of `answers` (an annotation, or an error to throw). */
function setUp(storage: OutboxStorage | null, answers: (AnnotationDto | Error | null)[], fetchCurrent?: () => Promise<AnnotationDto>) {
  const reports: OutboxReport[] = [];
  const sent: string[] = [];
  const timers = manualTimers();
  const outbox = new Outbox({
    storage,
    key: KEY,
    timers,
    fetchCurrent,
    report: (report) => reports.push(report),
    send: async (entry) => {
      sent.push(entry.token);
      const answer = answers.shift() ?? new Error("no answer scripted");
      if (answer instanceof Error) throw answer;
      return answer;
    },
  });
  /** The tokens IndexedDB holds once every write so far has landed. */
  const stored = async () => {
    await outbox.settled();
    return (await readOutbox(KEY)).map((entry) => entry.token);
  };
  const summary = () =>
    reports.map(
      (report) => `${report.type} ${report.entry.token}${report.type === "failed" ? (report.isRetrying ? " retrying" : " refused") : ""}`,
    );
  return { outbox, reports, sent, timers, stored, summary };
}

const device = () => deviceOutboxStorage(null);

/**
 * An outbox over `storage` whose server answers each entry with the next of `answers` (null: a
 * delete's answer), and `seen`, the entries as they were sent (shared by tabs given the same one).
 */
function sendingOutbox(answers: (AnnotationDto | null)[], storage: OutboxStorage = device(), seen: OutboxEntry[] = []) {
  const outbox = new Outbox({
    storage,
    key: KEY,
    report: () => undefined,
    send: async (entry) => {
      seen.push(entry);
      return answers.shift() ?? null;
    },
  });
  return { outbox, seen };
}

beforeEach(async () => {
  await clearDevice();
});

describe("the outbox", () => {
  it("stores a save before sending it and forgets it once the server confirms it", async () => {
    let answer!: (saved: AnnotationDto) => void;
    const outbox = new Outbox({
      storage: device(),
      key: KEY,
      report: () => undefined,
      send: () => new Promise((resolve) => (answer = resolve)),
    });
    outbox.push(update("t1"));
    await outbox.settled();
    expect((await readOutbox(KEY)).map((entry) => entry.token)).toEqual(["t1"]); // written before the request's answer
    answer(annotation({ id: "a-t1" }));
    await settle();
    await outbox.settled();
    expect(await readOutbox(KEY)).toEqual([]);
    expect(outbox.waiting).toEqual([]);
  });

  it("sends oldest first, stops at a transient failure and retries with growing delays, keeping the order", async () => {
    const offline = new ApiError(0, "offline", "You appear to be offline.");
    const busy = new ApiError(503, "unavailable", "Try later.");
    const { outbox, sent, timers, stored, summary } = setUp(device(), [
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
    expect(await stored()).toEqual(["t1", "t2"]);
    await timers.runNext();
    expect(sent).toEqual(["t1", "t1", "t1", "t1", "t1", "t1", "t2"]);
    expect(summary().filter((line) => line.startsWith("failed"))).toEqual(Array(5).fill("failed t1 retrying"));
    expect(summary().slice(-3)).toEqual(["saved t1", "sending t2", "saved t2"]);
    expect(await stored()).toEqual([]);
  });

  it("waits exactly as long as a 429's Retry-After says, keeping the entry and its text until it lands", async () => {
    const storage = device();
    const { outbox, sent, timers, stored, summary, reports } = setUp(storage, [
      new ApiError(429, "RATE_LIMITED", "Too many changes in a short time.", [], 7),
      new ApiError(429, "RATE_LIMITED", "Too many changes in a short time.", [], 1),
      annotation({ id: "a-t1" }),
    ]);
    outbox.push(update("t1", "My careful note"));
    await settle();
    expect(timers.due()).toEqual([7_000]);
    expect(reports[1]).toMatchObject({ type: "failed", isRetrying: true, message: "Too many changes in a short time." });
    await outbox.settled();
    expect((await readOutbox(KEY))[0]).toMatchObject({ patch: { body: "My careful note" } });
    await timers.runNext();
    expect(timers.due()).toEqual([1_000]); // the server's word again, not the growing backoff
    await timers.runNext();
    expect(sent).toEqual(["t1", "t1", "t1"]);
    expect(summary().at(-1)).toBe("saved t1");
    expect(await stored()).toEqual([]);
  });

  it("asked to send while a send is failing (the network back mid-way), sends again as that one ends, not after its backoff", async () => {
    const timers = manualTimers();
    const sent: string[] = [];
    let failInFlight!: (error: Error) => void;
    const outbox = new Outbox({
      storage: device(),
      key: KEY,
      timers,
      report: () => undefined,
      send: async (entry) => {
        sent.push(entry.token);
        // The first try left while the network was gone and fails only now; the next is answered.
        if (sent.length === 1) return await new Promise<AnnotationDto>((_, reject) => (failInFlight = reject));
        return annotation({ id: "a-t1" });
      },
    });
    outbox.push(update("t1"));
    await settle();
    expect(sent).toEqual(["t1"]);
    void outbox.flush(); // the browser is back online
    failInFlight(new ApiError(0, "offline", "Offline."));
    await settle();
    expect(sent).toEqual(["t1", "t1"]);
    expect(timers.due()).toEqual([]);
    await outbox.settled();
    expect(await readOutbox(KEY)).toEqual([]);
  });

  it("starts the backoff over after a success", async () => {
    const offline = new ApiError(0, "offline", "Offline.");
    const { outbox, timers } = setUp(device(), [offline, offline, annotation({ id: "a-t1" }), offline]);
    outbox.push(update("t1"));
    await settle();
    await timers.runNext();
    await timers.runNext();
    outbox.push(update("t2"));
    await settle();
    expect(timers.due()).toEqual([RETRY_DELAYS_MS[0]]);
  });

  it("a change whose write to the device failed is kept, stored with the next write, and sent", async () => {
    // The first write fails (the database being made as the page went offline); the next succeeds.
    const real = device();
    let failures = 1;
    const flaky: OutboxStorage = {
      ...real,
      update: (key, change) => (failures-- > 0 ? Promise.reject(new Error("AbortError")) : real.update(key, change)),
    };
    const offline = new ApiError(0, "offline", "The save failed.");
    const { outbox, sent, stored, timers } = setUp(flaky, [offline, offline, annotation({ id: "a-t1" }), annotation({ id: "a-t2" })]);
    outbox.push(update("t1"));
    await settle();
    expect(await stored()).toEqual([]);
    outbox.push(update("t2"));
    await settle();
    // Written after all, ahead of the change that came after it; and still the page's.
    expect(await stored()).toEqual(["t1", "t2"]);
    expect(outbox.waiting.map((entry) => entry.token)).toEqual(["t1", "t2"]);
    await timers.runNext();
    await settle();
    expect(sent).toEqual(["t1", "t1", "t1", "t2"]);
    expect(await stored()).toEqual([]);
  });

  it("says a change is not on the device yet while its write is under way or failing, and not once stored or sent", async () => {
    // A write held until the test lets it go: the moment a closed tab would lose the change.
    const real = device();
    let letWriteGo = () => {};
    let isFailing = false;
    const held: OutboxStorage = {
      ...real,
      update: async (key, change) => {
        if (isFailing) throw new DOMException("full", "QuotaExceededError");
        await new Promise<void>((resolve) => (letWriteGo = resolve));
        return real.update(key, change);
      },
    };
    const offline = new ApiError(0, "offline", "Offline.");
    const { outbox, timers } = setUp(held, [offline, offline, annotation({ id: "a-t1" }), annotation({ id: "a-t2" })]);
    expect(outbox.hasUnstored).toBe(false);
    outbox.push(update("t1"));
    await settle();
    expect(outbox.hasUnstored).toBe(true);
    letWriteGo();
    await settle();
    // Stored: a closed tab sends it next visit, though it is not sent yet.
    expect(outbox.waiting.map((entry) => entry.token)).toEqual(["t1"]);
    expect(outbox.hasUnstored).toBe(false);

    // The device's storage fails from now on (and the network is still away): the new change is only in this page.
    isFailing = true;
    outbox.push(update("t2"));
    await settle();
    expect(outbox.hasUnstored).toBe(true);
    await timers.runNext();
    await settle();
    // Both sent: nothing is left to lose, though the device never stored their leaving.
    expect(outbox.waiting).toEqual([]);
    expect(outbox.hasUnstored).toBe(false);
  });

  it("keeps a save the server refuses, with why, goes on with the next, and never sends it again until discarded", async () => {
    const { outbox, reports, sent, stored, summary } = setUp(device(), [
      new ApiError(422, "invalid_request", "The comment is too long."),
      annotation({ id: "a-t2" }),
      annotation({ id: "a-t3" }),
    ]);
    outbox.push(update("t1"));
    outbox.push(update("t2"));
    await settle();
    await settle();
    expect(summary()).toEqual(["sending t1", "failed t1 refused", "sending t2", "saved t2"]);
    expect(reports[1]).toMatchObject({ message: "The comment is too long.", isRetrying: false, status: 422 });
    // Its words stay on the device, marked, after everything else has gone.
    expect(await stored()).toEqual(["t1"]);
    expect(await readOutbox(KEY)).toEqual([
      { ...update("t1"), by: expect.any(String), refused: { message: "The comment is too long.", status: 422 } },
    ]);
    expect(outbox.waiting).toEqual([]);
    expect(outbox.refused.map((entry) => entry.token)).toEqual(["t1"]);

    // A later flush (the network back, a new change) sends only what was not refused.
    outbox.push(update("t3"));
    await settle();
    expect(sent).toEqual(["t1", "t2", "t3"]);

    // A reload shows it again, still refused and not sent.
    const reloaded = setUp(device(), []);
    expect((await reloaded.outbox.restore()).map((entry) => [entry.token, entry.refused?.message])).toEqual([
      ["t1", "The comment is too long."],
    ]);
    await reloaded.outbox.flush();
    expect(reloaded.sent).toEqual([]);

    // Let go by the reader: gone from the device; a waiting change is not discarded that way.
    reloaded.outbox.push(update("t4"));
    reloaded.outbox.discard(["t1", "t4"]);
    expect(await reloaded.stored()).toEqual(["t4"]);
  });

  it("tells how many changes wait and how many were refused, each time that changes", async () => {
    const counts: string[] = [];
    const outbox = new Outbox({
      storage: null,
      key: KEY,
      report: () => undefined,
      send: async (entry) => {
        if (entry.token === "t1") throw new ApiError(404, "NOT_FOUND", 'No document "essay".');
        return annotation({ id: `a-${entry.token}` });
      },
      onWaiting: (waiting, refused) => counts.push(`${waiting}/${refused}`),
    });
    outbox.push(update("t1"));
    outbox.push(update("t2"));
    await settle();
    await settle();
    outbox.discard(["t1"]);
    expect(counts).toEqual(["1/0", "2/0", "1/1", "0/1", "0/0"]);
  });

  it("treats a failure that is not an API error as transient", async () => {
    const { outbox, timers, summary } = setUp(device(), [new TypeError("boom")]);
    outbox.push(update("t1"));
    await settle();
    expect(summary()).toEqual(["sending t1", "failed t1 retrying"]);
    expect(timers.due()).toHaveLength(1);
  });

  it("survives a reload: the next visit restores the same entries, with the same client tokens, ahead of new ones", async () => {
    const storage = device();
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
    first.outbox.cancelRetry();
    expect(first.timers.due()).toEqual([]);

    await first.outbox.settled();

    const second = setUp(storage, [annotation({ id: "a-t1" }), annotation({ id: "a-t2" })]);
    // Restored as it was made, named by the page that made it (not by the one restoring it).
    const restored = await second.outbox.restore();
    expect(restored).toEqual([{ ...create, by: expect.any(String) }]);
    expect(await second.outbox.restore()).toEqual([]); // not taken twice
    second.outbox.push(update("t2"));
    await settle();
    expect(second.sent).toEqual(["t1", "t2"]); // the same token goes again: the server makes no second copy
    expect(await second.stored()).toEqual([]);
  });

  it("moves an outbox left in localStorage into IndexedDB once, ahead of what is there, and removes it there", async () => {
    const legacy = new MemoryStorage();
    legacy.setItem(KEY, JSON.stringify([update("old1"), update("old2")]));
    await writeOutbox(KEY, [update("new1")]);
    const { outbox } = setUp(deviceOutboxStorage(legacy), []);
    expect((await outbox.restore()).map((entry) => entry.token)).toEqual(["old1", "old2", "new1"]);
    expect(legacy.getItem(KEY)).toBeNull();
    expect((await readOutbox(KEY)).map((entry) => entry.token)).toEqual(["old1", "old2", "new1"]);
    // A second visit finds nothing left to move, and the same entries.
    expect((await setUp(deviceOutboxStorage(legacy), []).outbox.restore()).map((entry) => entry.token)).toEqual(["old1", "old2", "new1"]);
  });

  it("restores nothing from an empty store or an unreadable old one", async () => {
    const legacy = new MemoryStorage();
    expect(await setUp(deviceOutboxStorage(legacy), []).outbox.restore()).toEqual([]);
    legacy.setItem(KEY, "{not json");
    expect(await setUp(deviceOutboxStorage(legacy), []).outbox.restore()).toEqual([]);
  });

  it("a push made while the restore is still reading is stored after what was restored, not over it", async () => {
    await writeOutbox(KEY, [update("earlier")]);
    const { outbox, stored } = setUp(device(), [new ApiError(0, "offline", "Offline.")]);
    const restoring = outbox.restore();
    outbox.push(update("now"));
    await restoring;
    expect(await stored()).toEqual(["earlier", "now"]);
  });

  it("keeps working in memory when storage fails or is missing", async () => {
    const failing: OutboxStorage = {
      load: () => Promise.reject(new DOMException("blocked", "InvalidStateError")),
      update: () => Promise.reject(new DOMException("full", "QuotaExceededError")),
    };
    for (const storage of [failing, null]) {
      const { outbox, timers, summary } = setUp(storage, [new ApiError(0, "offline", "Offline."), annotation({ id: "a-t1" })]);
      expect(await outbox.restore()).toEqual([]);
      outbox.push(update("t1"));
      await settle();
      await timers.runNext();
      expect(summary()).toEqual(["sending t1", "failed t1 retrying", "sending t1", "saved t1"]);
    }
  });
});

describe("replaying changes made offline", () => {
  const offline = new ApiError(0, "offline", "You appear to be offline.");
  const createEntry = (token: string, body: string): OutboxEntry => {
    const optimistic = annotation({ id: `pending-${token}`, body });
    return { kind: "create", token, optimistic, input: { target: { selector: [] }, body, clientToken: token } };
  };

  it("tells a note refused for a group its writer was removed from in the server's words, and one for a closed reading as closed", async () => {
    const { outbox, reports } = setUp(device(), [
      new ApiError(404, "NOT_FOUND", NOT_YOUR_GROUP),
      new ApiError(404, "NOT_FOUND", 'No document "essay".'),
    ]);
    outbox.push(createEntry("t1", "for the seminar"));
    outbox.push(createEntry("t2", "on a reading closed since"));
    await settle();
    const refusals = reports.flatMap((report) => (report.type === "failed" && !report.isRetrying ? [report.message] : []));
    expect(refusals).toEqual([NOT_YOUR_GROUP, CLOSED_READING]);
  });

  it("sends creates, edits and deletes in order, and points later changes at what a create saved", async () => {
    const seen: OutboxEntry[] = [];
    const answers: (AnnotationDto | Error | null)[] = [
      offline,
      annotation({ id: "a-1" }),
      annotation({ id: "a-1", body: "edited" }),
      null,
      null,
    ];
    const outbox = new Outbox({
      storage: device(),
      key: KEY,
      report: () => undefined,
      timers: manualTimers(),
      send: async (entry) => {
        seen.push(entry);
        const answer = answers.shift();
        if (answer instanceof Error) throw answer;
        return answer ?? null;
      },
    });
    outbox.push(createEntry("c1", "new"));
    outbox.push({ kind: "update", token: "u1", id: "pending-c1", patch: { body: "edited" } });
    outbox.push({ kind: "delete", token: "d1", id: "pending-c1" });
    outbox.push({ kind: "delete", token: "d2", id: "server-9" });
    await settle();
    expect(outbox.waiting.map((entry) => entry.token)).toEqual(["c1", "u1", "d1", "d2"]); // offline: all wait
    await outbox.flush(); // back online
    expect(seen.map((entry) => entry.token)).toEqual(["c1", "c1", "u1", "d1", "d2"]);
    expect(seen[2]).toMatchObject({ kind: "update", id: "a-1" });
    expect(seen[3]).toMatchObject({ kind: "delete", id: "a-1" });
    expect(seen[4]).toMatchObject({ kind: "delete", id: "server-9" });
    await outbox.settled();
    expect(await readOutbox(KEY)).toEqual([]);
  });

  it("a reply to a note written offline waits for it, is sent after it under its saved id, and survives a reload renamed", async () => {
    const note = createEntry("c1", "offline note");
    const replyEntry: OutboxEntry = {
      kind: "reply",
      token: "r1",
      parentId: "pending-c1",
      body: "offline reply",
      optimistic: annotation({ id: "pending-r1", parentId: "pending-c1", body: "offline reply" }),
    };
    const storage = device();
    // The note is saved, then the network drops before the reply goes: the reply waits, renamed, on the device.
    const first = setUp(storage, [offline, annotation({ id: "a-1" }), offline]);
    first.outbox.push(note);
    first.outbox.push(replyEntry);
    await settle();
    expect(first.sent).toEqual(["c1"]);
    await first.outbox.flush();
    expect(first.sent).toEqual(["c1", "c1", "r1"]);
    first.outbox.cancelRetry();
    await first.outbox.settled();
    const [stored] = await readOutbox(KEY);
    expect(stored).toMatchObject({ kind: "reply", token: "r1", parentId: "a-1", optimistic: { parentId: "a-1" } });

    // The next visit sends it, once, to the saved note.
    const seen: OutboxEntry[] = [];
    const second = new Outbox({
      storage,
      key: KEY,
      report: () => undefined,
      timers: manualTimers(),
      send: async (entry) => {
        seen.push(entry);
        return annotation({ id: "r-1", parentId: "a-1" });
      },
    });
    await second.restore();
    await second.flush();
    expect(seen).toEqual([expect.objectContaining({ kind: "reply", token: "r1", parentId: "a-1" })]);
    await second.settled();
    expect(await readOutbox(KEY)).toEqual([]);
  });

  it("an edit of an annotation changed elsewhere since is saved anyway and reported with the version it replaced", async () => {
    const theirs = annotation({ id: "a-1", body: "their words" });
    const answers = [new ApiError(409, "CONFLICT", "Changed elsewhere."), annotation({ id: "a-1", body: "mine" })];
    const { outbox, reports, sent } = setUp(device(), answers, async () => theirs);
    outbox.push({ kind: "update", token: "u1", id: "a-1", patch: { body: "mine", ifUnmodifiedSince: "2026-01-01T00:00:00.000Z" } });
    await settle();
    await settle();
    expect(sent).toEqual(["u1", "u1"]);
    const conflict = reports.find((report) => report.type === "conflict");
    expect(conflict).toMatchObject({ entry: { patch: { body: "mine" } }, theirs: { body: "their words" } });
    expect(conflict?.type === "conflict" && conflict.entry.kind === "update" && "ifUnmodifiedSince" in conflict.entry.patch).toBe(false);
    expect(reports.at(-1)).toMatchObject({ type: "saved", saved: { body: "mine" } });
  });

  it("a delete of an annotation changed elsewhere since is not done: it leaves the outbox and is reported with what stays", async () => {
    const theirs = annotation({ id: "a-1", body: "edited on my laptop" });
    const { outbox, reports, sent, stored } = setUp(device(), [new ApiError(409, "CONFLICT", "Changed elsewhere.")], async () => theirs);
    outbox.push({ kind: "delete", token: "d1", id: "a-1", ifUnmodifiedSince: "2026-01-01T00:00:00.000Z" });
    await settle();
    expect(sent).toEqual(["d1"]); // not sent again without its condition
    expect(reports.at(-1)).toMatchObject({
      type: "conflict",
      entry: { kind: "delete", id: "a-1" },
      theirs: { body: "edited on my laptop" },
    });
    expect(await stored()).toEqual([]);
  });

  it("two edits of one annotation in a row: the second is sent against the first's saved version, so mine never conflict", async () => {
    const base = "2026-01-01T00:00:00.000Z";
    const answers = [annotation({ id: "a-1", body: "one", updatedAt: "2026-01-02T00:00:00.000Z" }), annotation({ id: "a-1", body: "two" })];
    const { outbox, seen } = sendingOutbox(answers);
    outbox.push({ kind: "update", token: "u1", id: "a-1", patch: { body: "one", ifUnmodifiedSince: base } });
    outbox.push({ kind: "update", token: "u2", id: "a-1", patch: { body: "two", ifUnmodifiedSince: base } });
    await settle();
    expect(seen.map((entry) => entry.kind === "update" && entry.patch.ifUnmodifiedSince)).toEqual([base, "2026-01-02T00:00:00.000Z"]);
  });

  // CI rehearsal: Resolve, Reopen, then Delete pressed before the reopen was answered: the delete
  // carried the version before the reopen, and the server refused it as changed elsewhere (409).
  it("a delete pressed while this page's edit was on its way is sent against that edit's saved version", async () => {
    const base = "2026-01-01T00:00:00.000Z";
    const answers = [annotation({ id: "a-1", updatedAt: "2026-01-02T00:00:00.000Z" }), null];
    const { outbox, seen } = sendingOutbox(answers);
    outbox.push({ kind: "update", token: "u1", id: "a-1", patch: { resolved: false, ifUnmodifiedSince: base } });
    outbox.push({ kind: "delete", token: "d1", id: "a-1", ifUnmodifiedSince: base });
    await settle();
    expect(seen.map((entry) => (entry.kind === "delete" ? entry.ifUnmodifiedSince : entry.kind))).toEqual([
      "update",
      "2026-01-02T00:00:00.000Z",
    ]);
  });

  // CI rehearsal (PostgreSQL, live.spec): the editor opened again while the first save was on its
  // way; the save was answered, and the second edit was saved before the page had heard so, on the
  // version the first save replaced. Sent as it was, it met the page's own save as "changed" (409).
  it("an edit or delete made on the version this page's save replaced, after the save was answered, is sent against the saved version", async () => {
    const base = "2026-01-01T00:00:00.000Z";
    const answers = [
      annotation({ id: "a-1", updatedAt: "2026-01-02T00:00:00.000Z" }),
      annotation({ id: "a-1", updatedAt: "2026-01-03T00:00:00.000Z" }),
      null,
    ];
    const { outbox, seen } = sendingOutbox(answers);
    outbox.push({ kind: "update", token: "u1", id: "a-1", patch: { body: "once", ifUnmodifiedSince: base } });
    await settle();
    outbox.push({ kind: "update", token: "u2", id: "a-1", patch: { body: "twice", ifUnmodifiedSince: base } });
    await settle();
    // Saved on top of the first's version, then of the second's: each made here.
    outbox.push({ kind: "delete", token: "d1", id: "a-1", ifUnmodifiedSince: base });
    await settle();
    expect(
      seen.map((entry) => (entry.kind === "delete" ? entry.ifUnmodifiedSince : entry.kind === "update" && entry.patch.ifUnmodifiedSince)),
    ).toEqual([base, "2026-01-02T00:00:00.000Z", "2026-01-03T00:00:00.000Z"]);
  });

  it("another tab's save does not move this page's edits: they were made against what this page had", async () => {
    const base = "2026-01-01T00:00:00.000Z";
    const storage = device();
    const seen: OutboxEntry[] = [];
    const tab = (answers: (AnnotationDto | null)[]) => sendingOutbox(answers, storage, seen).outbox;
    const other = tab([annotation({ id: "a-1", updatedAt: "2026-01-02T00:00:00.000Z" })]);
    other.push({ kind: "update", token: "u1", id: "a-1", patch: { body: "theirs", ifUnmodifiedSince: base } });
    await settle();
    const here = tab([annotation({ id: "a-1", updatedAt: "2026-01-03T00:00:00.000Z" })]);
    here.push({ kind: "update", token: "u2", id: "a-1", patch: { body: "mine", ifUnmodifiedSince: base } });
    await settle();
    expect(seen.map((entry) => entry.kind === "update" && entry.patch.ifUnmodifiedSince)).toEqual([base, base]);
  });

  it("an edit of an annotation deleted elsewhere is refused and reported; deleting one already gone is done", async () => {
    const gone = new ApiError(404, "NOT_FOUND", "No such annotation.");
    const { outbox, summary, stored } = setUp(device(), [gone, gone]);
    outbox.push({ kind: "update", token: "u1", id: "a-1", patch: { body: "mine" } });
    outbox.push({ kind: "delete", token: "d1", id: "a-2" });
    await settle();
    await settle();
    expect(summary()).toEqual(["sending u1", "failed u1 refused", "sending d1", "saved d1"]);
    // The edit's words stay on the device until its reader lets them go.
    expect(await stored()).toEqual(["u1"]);
  });
});

describe("two tabs of one reading", () => {
  const offline = new ApiError(0, "offline", "You appear to be offline.");

  /** Web Locks as the browser grants them: one holder per name at a time, the others queued in order. */
  function webLocks(): Pick<LockManager, "request"> {
    const queues = new Map<string, Promise<unknown>>();
    const request = (name: string, run: () => Promise<unknown>) => {
      const granted = (queues.get(name) ?? Promise.resolve()).then(run);
      queues.set(
        name,
        granted.catch(() => undefined),
      );
      return granted;
    };
    return { request } as Pick<LockManager, "request">;
  }

  /** A tab: its own storage (its own channel to the others), its page's reports and what it sent. */
  function tab(locks: Pick<LockManager, "request">, answer: (entry: OutboxEntry) => AnnotationDto | Error | null) {
    const reports: OutboxReport[] = [];
    const found: string[] = [];
    const sent: string[] = [];
    const outbox = new Outbox({
      storage: deviceOutboxStorage(null, undefined, locks),
      key: KEY,
      timers: manualTimers(),
      report: (report) => reports.push(report),
      onFound: (entries) => found.push(...entries.map((entry) => entry.token)),
      send: async (entry) => {
        sent.push(entry.token);
        await settle(); // the request takes a while: the other tab may try meanwhile
        const reply = answer(entry);
        if (reply instanceof Error) throw reply;
        return reply;
      },
    });
    return { outbox, reports, found, sent, stop: outbox.listen() };
  }

  it("offline, each tab's note is kept beside the other's, and the next visit sends both", async () => {
    const locks = webLocks();
    const a = tab(locks, () => offline);
    const b = tab(locks, () => offline);
    await Promise.all([a.outbox.restore(), b.outbox.restore()]);
    // Written at once: neither tab has heard of the other's note when it writes its own.
    a.outbox.push(update("from-a"));
    b.outbox.push(update("from-b"));
    await settle();
    await Promise.all([a.outbox.settled(), b.outbox.settled()]);
    expect((await readOutbox(KEY)).map((entry) => entry.token)).toEqual(["from-a", "from-b"]);
    // Each tab heard of the other's note and shows it.
    expect(b.found).toEqual(["from-a"]);
    expect(a.found).toEqual(["from-b"]);
    a.stop();
    b.stop();

    // Both tabs closed; back online, the reading opened again sends both.
    const next = tab(locks, (entry) => annotation({ id: `a-${entry.token}` }));
    expect((await next.outbox.restore()).map((entry) => entry.token)).toEqual(["from-a", "from-b"]);
    await next.outbox.flush();
    expect(next.sent).toEqual(["from-a", "from-b"]);
    expect(await readOutbox(KEY)).toEqual([]);
    next.stop();
  });

  it("two tabs online at once send each entry exactly once, and the other tab hears it was saved", async () => {
    const locks = webLocks();
    await writeOutbox(KEY, [update("t1"), update("t2"), update("t3")]);
    const a = tab(locks, (entry) => annotation({ id: `a-${entry.token}` }));
    const b = tab(locks, (entry) => annotation({ id: `a-${entry.token}` }));
    await Promise.all([a.outbox.restore(), b.outbox.restore()]);
    // Back online: both tabs hear it at once.
    await Promise.all([a.outbox.flush(), b.outbox.flush()]);
    expect([...a.sent, ...b.sent].sort()).toEqual(["t1", "t2", "t3"]);
    await settle();
    const savedIn = (reports: OutboxReport[]) => reports.filter((report) => report.type === "saved").map((report) => report.entry.token);
    expect(savedIn(a.reports).sort()).toEqual(["t1", "t2", "t3"]);
    expect(savedIn(b.reports).sort()).toEqual(["t1", "t2", "t3"]);
    expect(a.outbox.waiting).toEqual([]);
    expect(b.outbox.waiting).toEqual([]);
    a.stop();
    b.stop();
  });
});
