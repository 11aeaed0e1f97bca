import { describe, expect, it } from "vitest";
import { isEmailVerifiedByProvider } from "./provider-email";

describe("isEmailVerifiedByProvider", () => {
  it.each([
    [{ email: "a@uni.edu", email_verified: true }, true],
    [{ email: "a@uni.edu", email_verified: "true" }, true],
    [{ email: "a@uni.edu" }, false],
    [{ email: "a@uni.edu", email_verified: false }, false],
    [{ email: "a@uni.edu", email_verified: "false" }, false],
    [{ email: "a@uni.edu", email_verified: 1 }, false],
    [{ email: "a@uni.edu", email_verified: null }, false],
    [undefined, false],
    [null, false],
  ])("%j → %s", (profile, expected) => {
    expect(isEmailVerifiedByProvider(profile)).toBe(expected);
  });
});
