import { describe, expect, it } from "vitest";
import { slugFromParam } from "./slug-param";

describe("slugFromParam", () => {
  it("decodes a percent-encoded segment, leaves a decoded or malformed one as it is", () => {
    expect(slugFromParam(encodeURIComponent("война-и-мир-fba2c0ef"))).toBe("война-и-мир-fba2c0ef");
    expect(slugFromParam("война-и-мир-fba2c0ef")).toBe("война-и-мир-fba2c0ef");
    expect(slugFromParam("notes-on-rivers-1a2b3c4d")).toBe("notes-on-rivers-1a2b3c4d");
    expect(slugFromParam("bad-%E0%A4%A")).toBe("bad-%E0%A4%A");
  });
});
