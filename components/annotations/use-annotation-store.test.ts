import { describe, expect, it } from "vitest";
import { annotation } from "@/tests/factories/annotation-dtos";
import { mergeRemote } from "./use-annotation-store";

const at = (minute: number) => `2025-01-02T10:${String(minute).padStart(2, "0")}:00.000Z`;

describe("mergeRemote: a change from the live stream", () => {
  it("inserts a new top-level annotation in document order", () => {
    const list = [annotation({ id: "a", start: 0 }), annotation({ id: "c", start: 200 })];
    expect(mergeRemote(list, annotation({ id: "b", start: 100 }), undefined, true).map((item) => item.id)).toEqual(["a", "b", "c"]);
  });

  it("never duplicates: the same event twice, or my own save echoed back, leaves one card", () => {
    const incoming = annotation({ id: "a", body: "hello" });
    const once = mergeRemote([], incoming, undefined, true);
    expect(once).toHaveLength(1);
    expect(mergeRemote(once, incoming, undefined, true)).toEqual(once);
    // The echo of my save replaces its optimistic card (and the POST's answer replacing it later finds the same id).
    const optimistic = annotation({ id: "pending-t1", body: "hello" });
    expect(mergeRemote([optimistic], incoming, "pending-t1", true).map((item) => item.id)).toEqual(["a"]);
    expect(mergeRemote([incoming], incoming, "pending-t1", true).map((item) => item.id)).toEqual(["a"]);
  });

  it("keeps what is newer: a late or replayed event does not undo a later edit", () => {
    const current = annotation({ id: "a", body: "edited", updatedAt: at(5) });
    const stale = annotation({ id: "a", body: "original", updatedAt: at(1) });
    expect(mergeRemote([current], stale, undefined, true)[0].body).toBe("edited");
    const newer = annotation({ id: "a", body: "edited again", updatedAt: at(9) });
    expect(mergeRemote([current], newer, undefined, true)[0].body).toBe("edited again");
  });

  it("keeps the reader's own helpful mark, which the stream does not know", () => {
    const current = annotation({ id: "a", helpfulCount: 1, isHelpfulToMe: true });
    const incoming = annotation({ id: "a", helpfulCount: 2, updatedAt: at(3) });
    expect(mergeRemote([current], incoming, undefined, true)[0]).toMatchObject({ helpfulCount: 2, isHelpfulToMe: true });
  });

  it("adds replies in the order they were written", () => {
    const first = annotation({ id: "r1", parentId: "a", target: null, createdAt: at(1) });
    const second = annotation({ id: "r2", parentId: "a", target: null, createdAt: at(2) });
    expect(mergeRemote([second], first, undefined, false).map((item) => item.id)).toEqual(["r1", "r2"]);
  });
});
