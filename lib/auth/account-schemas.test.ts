import { describe, expect, it } from "vitest";
import { firstFieldErrors, ZSignUpSchema } from "./account-schemas";

function errorsFor(input: Record<string, unknown>) {
  const result = ZSignUpSchema.safeParse(input);
  return result.success ? {} : firstFieldErrors(result.error);
}

describe("ZSignUpSchema", () => {
  const valid = { name: "Ayesha Khan", email: "Ayesha@Example.edu ", password: "correct horse" };

  it("accepts a valid sign-up and normalises the email", () => {
    const result = ZSignUpSchema.parse(valid);
    expect(result).toEqual({ name: "Ayesha Khan", email: "ayesha@example.edu", password: "correct horse" });
  });

  it("refuses a password shorter than 8 characters with a message that says so", () => {
    expect(errorsFor({ ...valid, password: "1234567" })).toEqual({
      password: "Use at least 8 characters for your password.",
    });
    expect(errorsFor({ ...valid, password: "12345678" })).toEqual({});
  });

  it("refuses a password of spaces alone, and keeps spaces in a passphrase", () => {
    expect(errorsFor({ ...valid, password: " ".repeat(8) }).password).toMatch(/spaces alone/);
    expect(errorsFor({ ...valid, password: "\u200b".repeat(8) }).password).toMatch(/spaces alone/);
    expect(errorsFor({ ...valid, password: "  a passphrase  " })).toEqual({});
  });

  it("refuses an overlong password, which would make hashing a denial-of-service lever", () => {
    expect(errorsFor({ ...valid, password: "x".repeat(201) }).password).toMatch(/at most 200/);
  });

  it("refuses a malformed or missing email and a blank name, one message per field", () => {
    expect(errorsFor({ ...valid, email: "not-an-email" })).toEqual({
      email: "Enter a valid email address, like name@example.com.",
    });
    expect(errorsFor({ name: "   ", password: "long enough" })).toEqual({
      name: "Enter your name.",
      email: "Enter your email address.",
    });
  });
});
