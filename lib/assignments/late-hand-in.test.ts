import { describe, expect, it } from "vitest";
import { lateHandInNotice } from "./late-hand-in";

const NOW = Date.parse("2026-12-10T12:00:00Z");
const dueTimes = [
  { groupId: "g1", title: "Week 1", dueAt: "2026-12-10T11:00:00Z" },
  { groupId: "g2", title: "Week 2", dueAt: "2026-12-11T11:00:00Z" },
];

describe("lateHandInNotice", () => {
  it("warns before rewriting group work whose assignment is past due", () => {
    expect(lateHandInNotice({ groupId: "g1", visibility: "group", parentId: null }, dueTimes, NOW)).toBe(
      "“Week 1” is past its due time: saving new words hands this in again now, as late work. A new colour or tags keep its time.",
    );
    expect(lateHandInNotice({ groupId: "g1", visibility: "instructors", parentId: null }, dueTimes, NOW)).toMatch(
      /^“Week 1” is past its due time/,
    );
  });

  it("warns before rewriting a reply in such a thread, which has no colour or tags to change instead", () => {
    expect(lateHandInNotice({ groupId: "g1", visibility: "group", parentId: "thread" }, dueTimes, NOW)).toBe(
      "“Week 1” is past its due time: saving new words hands this in again now, as late work.",
    );
    expect(lateHandInNotice({ groupId: "g2", visibility: "group", parentId: "thread" }, dueTimes, NOW)).toBeNull();
  });

  it("says nothing before the due time, for private or public notes, or for another group's", () => {
    expect(lateHandInNotice({ groupId: "g2", visibility: "group", parentId: null }, dueTimes, NOW)).toBeNull();
    expect(lateHandInNotice({ groupId: null, visibility: "private", parentId: null }, dueTimes, NOW)).toBeNull();
    expect(lateHandInNotice({ groupId: null, visibility: "everyone", parentId: null }, dueTimes, NOW)).toBeNull();
    expect(lateHandInNotice({ groupId: "g3", visibility: "group", parentId: null }, dueTimes, NOW)).toBeNull();
    expect(lateHandInNotice(undefined, dueTimes, NOW)).toBeNull();
  });
});
