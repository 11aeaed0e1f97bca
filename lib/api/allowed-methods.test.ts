import { describe, expect, test } from "vitest";
import { allowedMethods } from "./allowed-methods";

// Every route file's methods against this table: app/api/openapi.json/openapi.test.ts.
describe("allowedMethods", () => {
  test("an address answers its routes' methods, HEAD with GET, and OPTIONS", () => {
    expect(allowedMethods("/api/notifications/read")).toEqual(["OPTIONS", "POST"]);
    expect(allowedMethods("/api/annotations/c123")).toEqual(["DELETE", "GET", "HEAD", "OPTIONS", "PATCH"]);
  });

  test("a literal segment wins over a parameter in the same place, as in Next.js's routing", () => {
    expect(allowedMethods("/api/annotations/move")).toEqual(["OPTIONS", "POST"]);
    expect(allowedMethods("/api/documents/preview")).toEqual(["OPTIONS", "POST"]);
    expect(allowedMethods("/api/documents/some-reading")).toContain("GET");
  });

  test("an address no route has is left to Next.js (404): unknown, an empty segment, a trailing slash", () => {
    expect(allowedMethods("/api/nope")).toBeNull();
    expect(allowedMethods("/api/annotations/")).toBeNull();
    expect(allowedMethods("/api/notifications/read/")).toBeNull();
    expect(allowedMethods("/api/annotations/a/b/c/d")).toBeNull();
  });
});
