import { describe, expect, it } from "vitest";
import { annotation } from "@/tests/factories/annotation-dtos";
import type { LiveAnnotationMessage } from "@/lib/live/protocol";
import { describeArrival, describePresence, describeQueue, dropFromQueue, EMPTY_QUEUE, enqueueChange } from "./live-queue";

const CHANGE_OF_KIND = { created: "created", updated: "edited", deleted: "deleted" } as const;

const message = (
  kind: LiveAnnotationMessage["kind"],
  id: string,
  overrides: Parameters<typeof annotation>[0] | object = {},
  change: LiveAnnotationMessage["change"] = CHANGE_OF_KIND[kind],
): LiveAnnotationMessage => ({
  kind,
  change,
  annotation: annotation({ id, ...overrides }),
  parent: null,
  isMine: false,
  clientToken: null,
});

describe("the queue of others' changes", () => {
  it("keeps one entry per annotation, the latest change, still known as new if it was never shown", () => {
    let queue = enqueueChange(EMPTY_QUEUE, message("created", "a1", { body: "first" }));
    queue = enqueueChange(queue, message("created", "a2"));
    queue = enqueueChange(queue, message("updated", "a1", { body: "second" }));
    expect(queue.size).toBe(2);
    expect(queue.get("a1")).toMatchObject({ kind: "created", annotation: { body: "second" } });
    expect([...queue.keys()]).toEqual(["a2", "a1"]);
  });

  it("drops a removed annotation, and says when it was never on the page", () => {
    const queue = enqueueChange(enqueueChange(EMPTY_QUEUE, message("created", "new")), message("updated", "old"));
    expect(dropFromQueue(queue, "new")).toMatchObject({ isNeverShown: true });
    expect(dropFromQueue(queue, "new").queue.size).toBe(1);
    expect(dropFromQueue(queue, "old")).toMatchObject({ isNeverShown: false });
    expect(dropFromQueue(queue, "elsewhere")).toEqual({ queue, isNeverShown: false });
  });

  it("words the button and the announcements", () => {
    expect(describeQueue(1)).toBe("1 new — show");
    expect(describeQueue(3)).toBe("3 new — show");
    expect(describeArrival(message("created", "a1"))).toBe("Ayesha added an annotation");
    expect(describeArrival(message("created", "r1", { parentId: "a1" }))).toBe("Ayesha replied to an annotation");
    expect(describeArrival(message("updated", "a1"))).toBe("Ayesha edited an annotation");
    expect(describeArrival(message("deleted", "a1"))).toBe("Ayesha deleted an annotation");
    // A helpful mark or an instructor's hide is not something the author did.
    expect(describeArrival(message("updated", "a1", {}, "helpful"))).toBe("Ayesha's annotation was marked helpful");
    expect(describeArrival(message("updated", "a1", {}, "hidden"))).toBe("Ayesha's annotation was hidden by an instructor");
    expect(describeArrival(message("updated", "a1", {}, "resolved"))).toBe("Ayesha resolved an annotation");
  });
});

describe("presence in words", () => {
  const groups = [
    { id: "g1", name: "Seminar A", role: "member" as const },
    { id: "g2", name: "Book club", role: "owner" as const },
  ];

  it("counts the reader as 'you', per group of theirs that has readers", () => {
    const lines = describePresence(groups, {
      groups: [
        { groupId: "g1", readers: 3 },
        { groupId: "g2", readers: 1 },
        { groupId: "not-mine", readers: 5 },
      ],
    });
    expect(lines.map((line) => line.text)).toEqual([
      "You and 2 others from Seminar A are reading now",
      "Only you from Book club are reading now",
    ]);
    expect(describePresence(groups, { groups: [{ groupId: "g1", readers: 2 }] })[0].text).toBe(
      "You and 1 other from Seminar A are reading now",
    );
    expect(describePresence(groups, { groups: [{ groupId: "g1", readers: 0 }] })).toEqual([]);
    expect(describePresence(groups, null)).toEqual([]);
  });
});
