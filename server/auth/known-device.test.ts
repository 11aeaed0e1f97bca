// Known devices (server/auth/known-device.ts) against strangers filling an email's failure count,
// through both ways of signing in with a password: next-auth's credentials callback and the sign-in
// form's script-less action. The throttle, the counters and the database are real.
import { headers } from "next/headers";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { db } from "@/server/db/client";
import { createUser, type TestUser } from "@/tests/factories";
import { signInWithoutScript } from "./actions";
import { KNOWN_DEVICE_COOKIE, MAX_KNOWN_ACCOUNTS_PER_BROWSER, sealKnownDevice } from "./known-device";
import { sealValue } from "./signed-value";
import { sealLinkIntent } from "./link-intent";
import { authProviders, checkPasswordSignIn } from "./providers";
import { SignInThrottledError } from "./sign-in-throttle";
import { revokeAllSessions } from "./users";

// vitest has no request: next/headers (hoisted above the imports) reads and writes the request the
// test's browser is making.
type SetCookie = { value: string; options: Record<string, unknown> };
const request = vi.hoisted(() => ({ ip: "", sent: new Map<string, string>(), set: new Map<string, SetCookie>() }));
vi.mock("next/headers", () => ({
  headers: async () =>
    new Headers({
      "x-marginalia-peer-address": request.ip,
      cookie: [...request.sent].map(([name, value]) => `${name}=${value}`).join("; "),
    }),
  cookies: async () => ({
    get: (name: string) => (request.sent.has(name) ? { name, value: request.sent.get(name) } : undefined),
    set: (name: string, value: string, options: Record<string, unknown>) => request.set.set(name, { value, options }),
  }),
}));

beforeAll(() => {
  vi.stubEnv("NEXTAUTH_SECRET", "known-device-test-secret");
  vi.stubEnv("NEXTAUTH_URL", "http://localhost:3000");
});
afterAll(async () => {
  vi.unstubAllEnvs();
  await db.$disconnect();
});

const PASSWORD = "a-long-enough-password";
type Outcome = "signed in" | "wrong" | "locked";

/** The credentials provider's authorize, called as next-auth calls it: the request's headers as an object. */
const authorize = (
  authProviders({} as NodeJS.ProcessEnv)[0] as unknown as {
    options: { authorize: (credentials: Record<string, string>, request: { headers: Record<string, string> }) => Promise<unknown> };
  }
).options.authorize;

/** The two ways a browser signs in with a password: what each answers, as it answers it. */
const ways = {
  "next-auth's credentials callback": async (email: string, password: string): Promise<unknown> => {
    const requestHeaders = Object.fromEntries(await headers());
    try {
      return await authorize({ email, password }, { headers: requestHeaders });
    } catch (error) {
      if (error instanceof SignInThrottledError) return "locked";
      throw error;
    }
  },
  "the sign-in form without script": async (email: string, password: string): Promise<unknown> => {
    const form = new FormData();
    form.set("email", email);
    form.set("password", password);
    form.set("callbackUrl", "/library");
    try {
      return await signInWithoutScript({ status: "idle" }, form);
    } catch (error) {
      // Signed in: the action redirects onwards.
      if (String((error as { digest?: unknown }).digest).startsWith("NEXT_REDIRECT")) return "redirected";
      throw error;
    }
  },
};
type Way = keyof typeof ways;

function outcomeOf(answer: unknown): Outcome {
  if (answer === "locked" || (answer as { status?: string } | null)?.status === "rate-limited") return "locked";
  if (answer === null || (answer as { status?: string }).status === "wrong-credentials") return "wrong";
  return "signed in";
}

let lastAddress = 0;
/** An address no other attempt in this file has used: every counter is the test's own. */
const freshAddress = () => `203.0.${Math.floor(++lastAddress / 250)}.${lastAddress % 250}`;

/** A browser: its cookie jar, sent with each request and kept from each answer. */
class Browser {
  readonly cookies = new Map<string, string>();
  /** The cookies the last answer set, with their attributes. */
  lastSet = new Map<string, SetCookie>();

  async answer(way: Way, email: string, password: string, ip = freshAddress()): Promise<unknown> {
    Object.assign(request, { ip, sent: new Map(this.cookies), set: new Map() });
    const answer = await ways[way](email, password);
    this.lastSet = request.set;
    for (const [name, { value }] of request.set) this.cookies.set(name, value);
    return answer;
  }

  async signIn(way: Way, email: string, password: string, ip?: string): Promise<Outcome> {
    return outcomeOf(await this.answer(way, email, password, ip));
  }
}

/** A browser carrying `value` as its known-device cookie. */
function browserWithCookie(value: string): Browser {
  const browser = new Browser();
  browser.cookies.set(KNOWN_DEVICE_COOKIE, value);
  return browser;
}

/** A browser the user has signed in on before, so it carries their known-device cookie. */
async function knownDeviceOf(way: Way, user: TestUser): Promise<Browser> {
  const browser = new Browser();
  expect(await browser.signIn(way, user.email, PASSWORD)).toBe("signed in");
  expect(browser.cookies.get(KNOWN_DEVICE_COOKIE)).toBeTruthy();
  return browser;
}

/** Strangers lock the email everywhere: fifty wrong passwords from ten addresses, five each. */
async function lockEverywhere(email: string): Promise<void> {
  for (let address = 0; address < 10; address++) {
    const ip = freshAddress();
    for (let guess = 0; guess < 5; guess++) await checkPasswordSignIn({ email, password: "wrong" }, { ip, knownDevice: null });
  }
  expect(await new Browser().signIn("next-auth's credentials callback", email, PASSWORD)).toBe("locked");
}

describe.each(Object.keys(ways) as Way[])("a known device, signing in through %s", (way) => {
  it("lets its owner in while strangers' wrong passwords lock the email everywhere else", async () => {
    const owner = await createUser({ password: PASSWORD });
    const laptop = await knownDeviceOf(way, owner);
    expect(laptop.lastSet.get(KNOWN_DEVICE_COOKIE)?.options).toMatchObject({ httpOnly: true, sameSite: "lax", secure: false, path: "/" });
    expect(laptop.lastSet.get(KNOWN_DEVICE_COOKIE)?.options.maxAge).toBeGreaterThanOrEqual(180 * 24 * 60 * 60);

    await lockEverywhere(owner.email);
    expect(await new Browser().signIn(way, owner.email, PASSWORD)).toBe("locked");
    expect(await laptop.signIn(way, owner.email.toUpperCase(), PASSWORD)).toBe("signed in");
  });

  it("lets in only the account it signed in to", async () => {
    const [owner, victim] = await Promise.all([createUser({ password: PASSWORD }), createUser({ password: PASSWORD })]);
    const laptop = await knownDeviceOf(way, owner);
    await lockEverywhere(owner.email);
    await lockEverywhere(victim.email);

    expect(await laptop.signIn(way, victim.email, PASSWORD)).toBe("locked");
    expect(await laptop.signIn(way, owner.email, PASSWORD)).toBe("signed in");
  });

  it("is not made by a forged, tampered, foreign, expired or revoked cookie", async () => {
    const [victim, attacker] = await Promise.all([createUser({ password: PASSWORD }), createUser({ password: PASSWORD })]);
    const genuine = sealKnownDevice({ id: victim.id, sessionVersion: 0 });
    const [payload, signature] = genuine.split(".");
    // The attacker's own genuine cookie, its payload rewritten to name the victim.
    const [attackersPayload, attackersSignature] = sealKnownDevice({ id: attacker.id, sessionVersion: 0 }).split(".");
    const decoded = JSON.parse(Buffer.from(attackersPayload, "base64url").toString("utf8")) as Record<string, unknown>;
    const renamed = Buffer.from(JSON.stringify({ ...decoded, userId: victim.id })).toString("base64url");
    vi.stubEnv("NEXTAUTH_SECRET", "another-instance-secret");
    const otherSecret = sealKnownDevice({ id: victim.id, sessionVersion: 0 });
    vi.stubEnv("NEXTAUTH_SECRET", "known-device-test-secret");
    const yearsAgo = sealKnownDevice({ id: victim.id, sessionVersion: 0 }, new Date(Date.now() - 2 * 365 * 24 * 60 * 60 * 1000));
    const forged = {
      "a payload signed for another account": `${renamed}.${attackersSignature}`,
      "a signature cut short": `${payload}.${signature.slice(0, -2)}`,
      "no signature": payload,
      "a signature of another secret": otherSecret,
      "another of our signed cookies naming the victim": sealLinkIntent({ userId: victim.id, provider: "github", sessionVersion: 0 }).value,
      "one issued two years ago": yearsAgo,
      "garbage: a dot": ".",
    };

    await lockEverywhere(victim.email);
    for (const [name, value] of Object.entries(forged))
      expect({ name, outcome: await browserWithCookie(value).signIn(way, victim.email, PASSWORD) }).toEqual({ name, outcome: "locked" });
    expect(await browserWithCookie(genuine).signIn(way, victim.email, PASSWORD)).toBe("signed in");

    // "Sign out everywhere" forgets every device, a genuine one too. (The owner's success has not
    // cleared the strangers' count: the email is still locked for everyone else.)
    await revokeAllSessions(victim.id);
    expect(await browserWithCookie(genuine).signIn(way, victim.email, PASSWORD)).toBe("locked");
  });

  it("still limits its own wrong guesses, and those lock nobody else out", async () => {
    const owner = await createUser({ password: PASSWORD });
    const stolenLaptop = await knownDeviceOf(way, owner);
    // Fewer failures lock the email than the laptop will make, were they counted for it.
    vi.stubEnv("SIGN_IN_MAX_FAILURES_PER_EMAIL", "8");
    try {
      // Ten wrong guesses, each from a new address (no address's own limit is reached)...
      for (let guess = 0; guess < 10; guess++) expect(await stolenLaptop.signIn(way, owner.email, `guess-${guess}`)).toBe("wrong");
      // ...and the laptop is locked for this account wherever it goes, for the right password too.
      expect(await stolenLaptop.signIn(way, owner.email, "guess-10")).toBe("locked");
      expect(await stolenLaptop.signIn(way, owner.email, PASSWORD)).toBe("locked");
    } finally {
      vi.stubEnv("SIGN_IN_MAX_FAILURES_PER_EMAIL", "50");
    }
    // Its guesses are not the email's: the owner signs in on another browser, now a known device too.
    const phone = await knownDeviceOf(way, owner);

    // A known device answers for its own typos wherever it is: ten, then locked, at a café as anywhere.
    const cafe = freshAddress();
    for (let guess = 0; guess < 10; guess++) expect(await phone.signIn(way, owner.email, `typo-${guess}`, cafe)).toBe("wrong");
    expect(await phone.signIn(way, owner.email, PASSWORD, cafe)).toBe("locked");
  });

  // QA round 4, #11: someone in the lecture hall guessing at one student's email locked that student's own laptop out there.
  it("signs in where someone else's guesses at its account's email locked that email at the address", async () => {
    const owner = await createUser({ password: PASSWORD });
    const laptop = await knownDeviceOf(way, owner);
    const hall = freshAddress();
    for (let guess = 0; guess < 5; guess++) expect(await new Browser().signIn(way, owner.email, `guess-${guess}`, hall)).toBe("wrong");
    expect(await new Browser().signIn(way, owner.email, PASSWORD, hall)).toBe("locked");
    expect(await laptop.signIn(way, owner.email, PASSWORD, hall)).toBe("signed in");
    // Its success leaves that count to whoever filled it: no fresh tries for someone guessing there (QA round 5).
    expect(await laptop.signIn(way, owner.email, PASSWORD, hall)).toBe("signed in");
    expect(await new Browser().signIn(way, owner.email, "guess-5", hall)).toBe("locked");
  });

  it("signs in at a campus address another person's wrong passwords have locked, where any other browser is refused", async () => {
    const [owner, classmate] = await Promise.all([createUser({ password: PASSWORD }), createUser({ password: PASSWORD })]);
    const laptop = await knownDeviceOf(way, owner);
    const hall = freshAddress();
    vi.stubEnv("SIGN_IN_MAX_FAILURES_PER_IP", "10");
    try {
      // The owner's own typos in the hall are the laptop's to answer for, not the address's...
      for (let typo = 0; typo < 4; typo++) expect(await laptop.signIn(way, owner.email, `typo-${typo}`, hall)).toBe("wrong");
      // ...so someone in the hall gets all ten of the address's failures, guessing at made-up accounts.
      for (let guess = 0; guess < 10; guess++)
        expect(await new Browser().signIn(way, `guess-${guess}-${hall}@hall.example.edu`, "guess", hall)).toBe("wrong");
      // The address is locked for every browser that is not a known device of the account it signs in to...
      expect(await new Browser().signIn(way, classmate.email, PASSWORD, hall)).toBe("locked");
      expect(await laptop.signIn(way, classmate.email, PASSWORD, hall)).toBe("locked");
      // ...and the owner's laptop still signs in there.
      expect(await laptop.signIn(way, owner.email, PASSWORD, hall)).toBe("signed in");
    } finally {
      vi.stubEnv("SIGN_IN_MAX_FAILURES_PER_IP", "100");
    }
  });

  it("remembers each account that signs in on a shared computer, not only the last, up to its limit", async () => {
    const people = await Promise.all(Array.from({ length: MAX_KNOWN_ACCOUNTS_PER_BROWSER + 1 }, () => createUser({ password: PASSWORD })));
    const labComputer = new Browser();
    // One more account signs in on it than it holds: the first to sign in is forgotten.
    for (const person of people) expect(await labComputer.signIn(way, person.email, PASSWORD)).toBe("signed in");
    const [first, ...since] = people;
    // The first, the earliest still remembered and the last: strangers lock their emails everywhere.
    const checked = [since[0], since[since.length - 1]];
    for (const person of [first, ...checked]) await lockEverywhere(person.email);
    for (const person of checked) expect(await labComputer.signIn(way, person.email, PASSWORD)).toBe("signed in");
    expect(await labComputer.signIn(way, first.email, PASSWORD)).toBe("locked");
    // Signing in again keeps one entry per account: the earliest is still remembered after the last signs in again.
    expect(await labComputer.signIn(way, since[since.length - 1].email, PASSWORD)).toBe("signed in");
    expect(await labComputer.signIn(way, since[0].email, PASSWORD)).toBe("signed in");
    // Locking three emails everywhere is 150 real password checks: under a loaded machine's CPU
    // they took longer than the default 20 s (twice, with other work beside the suite).
  }, 60_000);

  it("still reads a cookie written as one device (how it was first written)", async () => {
    const owner = await createUser({ password: PASSWORD });
    const written = sealValue("known-device", { userId: owner.id, deviceId: "an-old-laptop", sessionVersion: 0, issuedAt: Date.now() });
    await lockEverywhere(owner.email);
    expect(await browserWithCookie(written).signIn(way, owner.email, PASSWORD)).toBe("signed in");
  });

  it("answers a wrong password exactly as for any browser, and is remembered only on success", async () => {
    const owner = await createUser({ password: PASSWORD });
    const laptop = await knownDeviceOf(way, owner);
    const stranger = new Browser();
    const fromLaptop = await laptop.answer(way, owner.email, "wrong");
    expect(laptop.lastSet.size).toBe(0);
    expect(await stranger.answer(way, owner.email, "wrong")).toEqual(fromLaptop);
    expect(stranger.lastSet.size).toBe(0);
    expect(outcomeOf(fromLaptop)).toBe("wrong");
  });
});

describe("the known-device cookie", () => {
  it("is Secure when the app is served over HTTPS", async () => {
    vi.stubEnv("NEXTAUTH_URL", "https://notes.example.edu");
    try {
      const owner = await createUser({ password: PASSWORD });
      const browser = new Browser();
      expect(await browser.signIn("next-auth's credentials callback", owner.email, PASSWORD)).toBe("signed in");
      expect(browser.lastSet.get(KNOWN_DEVICE_COOKIE)?.options).toMatchObject({ secure: true, httpOnly: true });
    } finally {
      vi.stubEnv("NEXTAUTH_URL", "http://localhost:3000");
    }
  });
});
