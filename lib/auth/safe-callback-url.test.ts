import { describe, expect, it } from "vitest";
import { safeCallbackUrl } from "./safe-callback-url";

describe("safeCallbackUrl", () => {
  it.each([
    ["/notes", "/notes"],
    ["/read/some-article?x=1#annotation-2", "/read/some-article?x=1#annotation-2"],
    ["/groups/a/../b", "/groups/b"],
  ])("keeps the path %j on this site", (value, expected) => {
    expect(safeCallbackUrl(value)).toBe(expected);
  });

  it.each([
    "//evil.example",
    "/\\evil.example",
    "/\t/evil.example",
    "/\n/evil.example",
    "/\r\n/evil.example",
    "\t//evil.example",
    "/\\/evil.example",
    "/.//evil.example",
    "https://evil.example/",
    "javascript:alert(1)",
    "evil.example",
    "",
  ])("refuses %j", (value) => {
    expect(safeCallbackUrl(value, "/fallback")).toBe("/fallback");
  });

  it("reads the first of several values", () => {
    expect(safeCallbackUrl(["/a", "//evil.example"])).toBe("/a");
  });

  it("agrees with how a browser resolves the result: it stays on our origin", () => {
    for (const value of ["/\t/evil.example", "/ /evil.example", "/%09/evil.example", "/.//evil.example"]) {
      const kept = safeCallbackUrl(value);
      expect(new URL(kept, "https://marginalia.example").origin).toBe("https://marginalia.example");
    }
  });
});
