import { describe, expect, it } from "vitest";
import { scopeOnReading } from "./scope-on-reading";

const seminar = { id: "seminar", name: "Seminar", role: "instructor" };
const lab = { id: "lab", name: "Lab", role: "member" };
const PRIVATE = { visibility: "private", groupId: null };
const PUBLIC = { visibility: "public", groupId: null };
const LABS = { visibility: "group", groupId: "lab" };

describe("the scope a reading's note editor starts with", () => {
  it("is the one used last while its audience can open the reading", () => {
    expect(scopeOnReading("group:seminar", [seminar, lab], PUBLIC)).toBe("group:seminar");
    expect(scopeOnReading("instructors:lab", [seminar, lab], LABS)).toBe("instructors:lab");
    expect(scopeOnReading("everyone", [seminar], LABS)).toBe("everyone");
    expect(scopeOnReading("private", [seminar], PRIVATE)).toBe("private");
  });

  it("is 'Only me' on a reading only its owner can open, whatever was used last or however many groups", () => {
    // Before: "Group: Seminar", read by no one but its writer (an independent check).
    expect(scopeOnReading("group:seminar", [seminar], PRIVATE)).toBe("private");
    expect(scopeOnReading(null, [seminar], PRIVATE)).toBe("private");
    expect(scopeOnReading(null, [seminar, lab], PRIVATE)).toBe("private");
    expect(scopeOnReading("everyone", [seminar], PRIVATE)).toBe("private");
  });

  it("on a group's reading, is that group's scope when the last one's group cannot open it", () => {
    expect(scopeOnReading("group:seminar", [seminar, lab], LABS)).toBe("group:lab");
    expect(scopeOnReading(null, [seminar, lab], LABS)).toBe("group:lab");
    // Not a member of the reading's group (its owner): only me.
    expect(scopeOnReading("group:seminar", [seminar], LABS)).toBe("private");
  });

  it("on a public reading, chosen as before: the only group, or asks (null) among several", () => {
    expect(scopeOnReading(null, [seminar], PUBLIC)).toBe("group:seminar");
    expect(scopeOnReading(null, [seminar, lab], PUBLIC)).toBeNull();
    expect(scopeOnReading(null, [], PUBLIC)).toBe("private");
  });
});
