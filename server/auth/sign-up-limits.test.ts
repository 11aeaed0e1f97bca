// Sign-up limits (server/auth/actions.ts) against many sign-ups at once from one address: the
// action, the limiter and the database are real; only the request's address is stood in for.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { db } from "@/server/db/client";
import { createGroup, createUser } from "@/tests/factories";
import { signUp } from "./actions";
import { signUpRule } from "./rate-limit";

// vitest has no request: next/headers (hoisted above the imports) answers with the address the test names.
const request = vi.hoisted(() => ({ ip: "" }));
vi.mock("next/headers", () => ({
  headers: async () => new Headers({ "x-marginalia-peer-address": request.ip }),
  cookies: async () => ({ get: () => undefined, set: () => undefined }),
}));

beforeAll(() => {
  // Each account made mails its verification link; with no SMTP_URL that is a log line per account.
  vi.spyOn(console, "info").mockImplementation(() => undefined);
});
afterAll(async () => {
  vi.restoreAllMocks();
  vi.unstubAllEnvs();
  await db.$disconnect();
});

const PASSWORD = "a-long-enough-password";
const ATTEMPTS = 30;

function signUpForm(email: string, joinCode = ""): FormData {
  const form = new FormData();
  for (const [name, value] of Object.entries({ name: "A Student", email, password: PASSWORD, joinCode })) form.set(name, value);
  return form;
}

/** `ATTEMPTS` sign-ups sent at once from `ip`, each answer's status and message (or the email's error). */
async function signUpAtOnce(ip: string, emails: string[], joinCode?: string) {
  request.ip = ip;
  const states = await Promise.all(emails.map((email) => signUp({ status: "idle" }, signUpForm(email, joinCode))));
  return states.map((state) => (state.status === "invalid" ? (state.message ?? state.errors.email ?? "") : state.status));
}

const emailsFor = (test: string) => Array.from({ length: ATTEMPTS }, (_, index) => `${test}-${index}@sign-up-limits.example.edu`);

describe("sign-ups sent all at once from one address", () => {
  it("make no more accounts than the address's limit", async () => {
    const emails = emailsFor("uninvited");
    const answers = await signUpAtOnce("203.0.113.21", emails);
    const limit = signUpRule().limit;
    expect(await db.user.count({ where: { email: { in: emails } } })).toBe(limit);
    expect(answers.filter((answer) => answer === "created")).toHaveLength(limit);
    const refused = answers.filter((answer) => answer !== "created");
    expect(refused).toHaveLength(ATTEMPTS - limit);
    for (const answer of refused)
      expect(answer).toMatch(
        /^Too many accounts were created from your network\. Try again in .+\. A class can sign up now with its group's join code or invitation link\.$/,
      );
  });

  it("make no more accounts with one join code than the invitation's limit", async () => {
    vi.stubEnv("SIGN_UP_MAX_PER_INVITATION", "5");
    try {
      const group = await createGroup(await createUser());
      const emails = emailsFor("invited");
      const answers = await signUpAtOnce("203.0.113.22", emails, group.joinCode);
      expect(await db.user.count({ where: { email: { in: emails } } })).toBe(5);
      expect(await db.membership.count({ where: { groupId: group.id, user: { email: { in: emails } } } })).toBe(5);
      const refused = answers.filter((answer) => answer !== "created");
      expect(refused).toHaveLength(ATTEMPTS - 5);
      for (const answer of refused) expect(answer).toMatch(/^Too many accounts were created with this invitation\. Try again in /);
    } finally {
      vi.stubEnv("SIGN_UP_MAX_PER_INVITATION", "200");
    }
  });

  it("tell no more than the address's strict limit which emails have accounts, with a join code too", async () => {
    const group = await createGroup(await createUser());
    const existing = await Promise.all(Array.from({ length: ATTEMPTS }, () => createUser()));
    const answers = await signUpAtOnce(
      "203.0.113.23",
      existing.map((user) => user.email),
      group.joinCode,
    );
    const limit = signUpRule().limit;
    expect(answers.filter((answer) => answer.startsWith("An account with this email already exists"))).toHaveLength(limit);
    const refused = answers.filter((answer) => !answer.startsWith("An account with this email already exists"));
    expect(refused).toHaveLength(ATTEMPTS - limit);
    for (const answer of refused) expect(answer).toMatch(/^Too many accounts were created from your network\. Try again in /);
  });
});

describe("join codes tried through the sign-up form", () => {
  it("count as guesses from the address: past the limit even a right code is refused, and no account is made", async () => {
    vi.stubEnv("JOIN_CODE_MAX_FAILURES_PER_IP", "4");
    try {
      const group = await createGroup(await createUser());
      const wrong = ["AAAAAAAA", "BBBBBBBB", "CCCCCCCC", "DDDDDDDD"].filter((code) => code !== group.joinCode);
      request.ip = "203.0.113.24";
      const answer = async (email: string, joinCode: string) => {
        const state = await signUp({ status: "idle" }, signUpForm(email, joinCode));
        return state.status === "invalid" ? (state.errors.joinCode ?? state.message ?? "") : state.status;
      };
      // A right code is not a wrong guess: it joins and leaves the budget as it was.
      expect(await answer("guesser-0@sign-up-limits.example.edu", group.joinCode)).toBe("created");
      for (const [index, code] of wrong.slice(0, 4).entries())
        expect(await answer(`guesser-${index + 1}@sign-up-limits.example.edu`, code)).toBe("No group has that code.");
      const refused = await answer("guesser-9@sign-up-limits.example.edu", group.joinCode);
      expect(refused).toMatch(/^Too many wrong join codes\. Try again in /);
      expect(await db.user.count({ where: { email: { startsWith: "guesser-", endsWith: "@sign-up-limits.example.edu" } } })).toBe(1);
      // Another address is not held to this one's guesses.
      request.ip = "203.0.113.25";
      expect(await answer("guesser-10@sign-up-limits.example.edu", group.joinCode)).toBe("created");
    } finally {
      vi.unstubAllEnvs();
    }
  });
});
