import { describe, expect, it } from "vitest";
import { gatesStillHolding, postGateMessage, type PostGate } from "./post-gate";
import type { AnnotationDto } from "./types";

const gate: PostGate = { groupId: "g1", groupName: "Seminar", threshold: 2 };

function note(fields: Partial<AnnotationDto>): AnnotationDto {
  return {
    author: { id: "me", name: "Me" },
    parentId: null,
    groupId: "g1",
    isDeleted: false,
    body: "A thought",
    ...fields,
  } as AnnotationDto;
}

describe("hide until you post, as the page counts it", () => {
  it("counts my written, undeleted, top-level notes in the group, as the server does", () => {
    expect(gatesStillHolding([gate], [], "me")).toEqual([{ ...gate, remaining: 2 }]);
    const notCounted = [
      note({ body: "   " }), // an empty highlight
      note({ isDeleted: true }),
      note({ parentId: "thread" }), // a reply
      note({ groupId: "g2" }),
      note({ groupId: null }),
      note({ author: { id: "peer", name: "Peer" } }),
    ];
    expect(gatesStillHolding([gate], notCounted, "me")).toEqual([{ ...gate, remaining: 2 }]);
    expect(gatesStillHolding([gate], [...notCounted, note({})], "me")).toEqual([{ ...gate, remaining: 1 }]);
    expect(gatesStillHolding([gate], [note({}), note({})], "me")).toEqual([]);
  });

  it("says how many more, in the singular and the plural", () => {
    expect(postGateMessage({ ...gate, remaining: 1 })).toBe("Post 1 more annotation to see your group’s annotations");
    expect(postGateMessage({ ...gate, remaining: 3 })).toBe("Post 3 more annotations to see your group’s annotations");
  });
});
