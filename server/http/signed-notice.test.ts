import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { sealValue } from "@/server/auth/signed-value";
import { openNotice, sealNotice } from "./signed-notice";

describe("a page's notice from a form's server action", () => {
  // A clean checkout has no generated secret (npm run db:prepare writes it): the tests bring one.
  beforeAll(() => vi.stubEnv("NEXTAUTH_SECRET", "signed-notice-test-secret"));
  afterAll(() => vi.unstubAllEnvs());

  it("reads back what this server sealed, in any language and with any punctuation", () => {
    for (const message of ["The due time must come after the opening time.", "«Ça» — 50 % · ünïcode ✓ & <b>"]) {
      expect(openNotice(sealNotice(message))).toBe(message);
    }
  });

  it("shows nothing for words written elsewhere, a changed message, another signature or a repeated parameter", () => {
    const sealed = sealNotice("Give the assignment a title.");
    const [, signature] = sealed.split(".");
    expect(openNotice("Your account is suspended: write to help@example.com")).toBeNull();
    expect(openNotice(`${Buffer.from("Your account is suspended.").toString("base64url")}.${signature}`)).toBeNull();
    expect(openNotice(`${sealed.slice(0, -2)}AA`)).toBeNull();
    expect(openNotice(`${sealed}.extra`)).toBeNull();
    expect(openNotice([sealed, sealed])).toBeNull();
    expect(openNotice(undefined)).toBeNull();
    // Sealed by this server, but for another purpose (a cookie's value): not a notice.
    expect(openNotice(sealValue("known-device", "Your account is suspended."))).toBeNull();
  });
});
