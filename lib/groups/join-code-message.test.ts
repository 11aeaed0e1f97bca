import { describe, expect, it } from "vitest";
import { unknownJoinCodeMessage } from "./schemas";

describe("unknownJoinCodeMessage", () => {
  it("tells a code cut short how long codes are", () => {
    expect(unknownJoinCodeMessage("ab3-k9q")).toBe(
      "Join codes have 8 letters and digits; that one has 6. Check it with whoever gave it to you.",
    );
  });

  it("calls a full-length code simply unknown", () => {
    expect(unknownJoinCodeMessage("AB3K9QXY")).toBe("No group has that code.");
  });
});
