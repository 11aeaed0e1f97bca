import { afterAll, describe, expect, it } from "vitest";
import { db } from "@/server/db/client";
import { createUser } from "@/tests/factories";
import { checkPasswordSignIn } from "./providers";
import { signInRules } from "./rate-limit";
import { SignInThrottledError, throttlePasswordCheck } from "./sign-in-throttle";
import { findUserByPassword } from "./users";

afterAll(() => db.$disconnect());

const PASSWORD = "a-long-enough-password";
/** Each test's own addresses: the counters live in the database for the whole window. */
const addresses = (test: string) => ({ attacker: `203.0.113.${test}`, victim: `198.51.100.${test}`, hall: `192.0.2.${test}` });

async function attempt(email: string, password: string, ip: string): Promise<"signed in" | "wrong" | "locked"> {
  try {
    return (await checkPasswordSignIn({ email, password }, { ip, knownDevice: null })) ? "signed in" : "wrong";
  } catch (error) {
    if (error instanceof SignInThrottledError) return "locked";
    throw error;
  }
}

describe("failed password sign-ins", () => {
  it("lock one email at the address guessing it, and nobody else out: the owner still signs in from theirs", async () => {
    const { attacker, victim } = addresses("11");
    const user = await createUser({ password: PASSWORD });
    const guesses = [];
    for (let guess = 0; guess < 6; guess++) guesses.push(await attempt(user.email, `guess-${guess}`, attacker));
    expect(guesses).toEqual(["wrong", "wrong", "wrong", "wrong", "wrong", "locked"]);
    // Locked for the right password too, at the guessing address.
    expect(await attempt(user.email, PASSWORD, attacker)).toBe("locked");
    // Five requests from elsewhere no longer shut the owner out (an independent check did exactly that).
    expect(await attempt(user.email.toUpperCase(), PASSWORD, victim)).toBe("signed in");
  });

  it("lock one email everywhere only after many failures spread over addresses", async () => {
    const user = await createUser({ password: PASSWORD });
    // 50 failures from ten addresses, five each: each address locks itself for this email...
    for (let address = 0; address < 10; address++)
      for (let guess = 0; guess < 5; guess++) expect(await attempt(user.email, "wrong", `203.0.114.${address}`)).toBe("wrong");
    // ...and the email is locked at an eleventh address, for the right password too.
    expect(await attempt(user.email, PASSWORD, "203.0.114.99")).toBe("locked");
  });

  it("let a lecture hall behind one address make a class's worth of typos without locking the hall", async () => {
    const { hall } = addresses("13");
    const students = await Promise.all(Array.from({ length: 20 }, () => createUser({ password: PASSWORD })));
    // Twenty students each mistype twice (40 failures from one address: 15 used to lock everyone there).
    for (const student of students) for (let typo = 0; typo < 2; typo++) expect(await attempt(student.email, "typo", hall)).toBe("wrong");
    for (const student of students) expect(await attempt(student.email, PASSWORD, hall)).toBe("signed in");
  });

  it("let at most the limit's number of wrong passwords reach the password check, however many arrive at once", async () => {
    const { attacker } = addresses("14");
    const user = await createUser({ password: PASSWORD });
    // Counted where the password is checked (the real argon2 check, the real limiter and database):
    // each attempt that got past the throttle, not each that was answered.
    let checked = 0;
    const guess = (password: string) =>
      throttlePasswordCheck({ email: user.email, ip: attacker, knownDevice: null }, () => {
        checked += 1;
        return findUserByPassword(user.email, password);
      }).then(
        (signedIn) => (signedIn ? "signed in" : "wrong"),
        (error: unknown) => (error instanceof SignInThrottledError ? "locked" : Promise.reject(error)),
      );
    const outcomes = await Promise.all(Array.from({ length: 30 }, (_, index) => guess(`guess-${index}`)));
    const limit = signInRules().perEmailAndIp.limit;
    expect(checked).toBe(limit);
    expect(outcomes.filter((outcome) => outcome === "wrong")).toHaveLength(limit);
    expect(outcomes.filter((outcome) => outcome === "locked")).toHaveLength(30 - limit);
    // Refused attempts took nothing: the lock is the limit's failures, and holds for the right password too.
    expect(await attempt(user.email, PASSWORD, attacker)).toBe("locked");
  });

  it("count no attempt whose check failed before answering", async () => {
    const { attacker } = addresses("15");
    const user = await createUser({ password: PASSWORD });
    for (let failure = 0; failure < 10; failure++) {
      const outage = throttlePasswordCheck({ email: user.email, ip: attacker, knownDevice: null }, () =>
        Promise.reject(new Error("database down")),
      );
      await expect(outage).rejects.toThrow("database down");
    }
    expect(await attempt(user.email, "wrong", attacker)).toBe("wrong");
    expect(await attempt(user.email, PASSWORD, attacker)).toBe("signed in");
  });
});
