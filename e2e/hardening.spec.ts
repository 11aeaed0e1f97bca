import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { rmSync } from "node:fs";
import { connect } from "node:net";
import path from "node:path";
import { expect, request as playwrightRequest, test, type APIRequestContext } from "./test";
import { databaseProvider, databaseUrl, withDatabaseName } from "../prisma/database-url";
import { dropDatabase, withMaintenanceDatabase } from "../prisma/postgres-admin";
import { API_CONTRACTS } from "@/lib/api/contracts";
import { createGroup, createPerson } from "./factories";
import { expectSignedIn, expectSignedOut, newUser, postCredentials, signIn, signUp } from "./fixtures";

// Attacks from outside on a production build (issue #11): each way of asking is tried, not only
// the one the UI uses.

const CALLBACK = "/api/auth/callback/credentials";

async function csrfToken(request: APIRequestContext): Promise<string> {
  return ((await (await request.get("/api/auth/csrf")).json()) as { csrfToken: string }).csrfToken;
}

/** The ways a password sign-in can be sent; each returns the HTTP status next-auth (or the throttle) answered. */
const WAYS: Record<string, (request: APIRequestContext, email: string, password: string) => Promise<number>> = {
  "a browser form (answered with a redirect)": async (request, email, password) => {
    const form = { csrfToken: await csrfToken(request), email, password };
    return (await request.post(CALLBACK, { form, maxRedirects: 0 })).status();
  },
  "a JSON body": async (request, email, password) => {
    const data = { csrfToken: await csrfToken(request), email, password, json: "true" };
    return (await request.post(CALLBACK, { data, maxRedirects: 0 })).status();
  },
  "a form with the email field doubled (next-auth reads the last)": async (request, email, password) => {
    const body = new URLSearchParams({ csrfToken: await csrfToken(request), email: "decoy@example.test" });
    body.append("email", email);
    body.append("password", password);
    body.append("json", "true");
    const headers = { "Content-Type": "application/x-www-form-urlencoded" };
    return (await request.post(CALLBACK, { data: body.toString(), headers, maxRedirects: 0 })).status();
  },
};

test.describe("sign-in throttling holds however the attempt is sent", () => {
  for (const [way, send] of Object.entries(WAYS)) {
    test(`wrong passwords sent as ${way} lock the account`, async ({ page, request }) => {
      const user = newUser("locked");
      await signUp(page, user);
      for (let attempt = 0; attempt < 6; attempt++) {
        expect([302, 401, 429]).toContain(await send(request, user.email, `wrong-${attempt}`));
      }
      // Locked now: the right password, sent the same way or the usual way, is refused with 429.
      expect(await send(request, user.email, user.password)).toBe(429);
      const usual = await postCredentials(request, user.email, user.password);
      expect(usual.status()).toBe(429);
      expect(Number(usual.headers()["retry-after"])).toBeGreaterThan(0);
      const session = await request.get("/api/auth/session");
      expect(await session.json()).toEqual({});
    });
  }
});

test.describe("per-address limits", () => {
  // One second server for the whole block, so its tests run one after another in one worker.
  test.describe.configure({ mode: "serial" });
  // A second server on the same build with a per-address limit of 3, started by the same script
  // `npm start` runs, so the address it counts is the one production counts. Its own fresh
  // database: the suite's other tests fail sign-ins from this same address.
  const port = Number(process.env.E2E_PORT ?? 3100) + 7;
  let server: ChildProcess;

  test.beforeAll(async () => {
    test.setTimeout(120_000);
    const root = path.join(__dirname, "..");
    const ownDatabaseUrl = await freshDatabase(root, "limits");
    execFileSync("npx", ["tsx", "scripts/prepare-database.ts"], {
      cwd: root,
      env: { ...process.env, DATABASE_URL: ownDatabaseUrl },
      stdio: "ignore",
    });
    server = spawn("npx", ["tsx", "scripts/serve.ts", "--port", String(port)], {
      cwd: root,
      env: {
        ...process.env,
        DATABASE_URL: ownDatabaseUrl,
        NEXTAUTH_URL: `http://localhost:${port}`,
        NEXTAUTH_SECRET: "e2e-only-secret-not-for-production",
        SIGN_IN_MAX_FAILURES_PER_IP: "3",
        SIGN_IN_MAX_FAILURES_PER_EMAIL: "100",
        SIGN_UP_MAX_PER_IP: "2",
        SIGN_UP_MAX_PER_IP_INVITED: "5",
        TRUSTED_PROXY_COUNT: "0",
      },
      stdio: "ignore",
      detached: true,
    });
    for (let attempt = 0; attempt < 240; attempt++) {
      const ready = await fetch(`http://localhost:${port}/api/auth/csrf`).then(
        (response) => response.ok,
        () => false,
      );
      if (ready) return;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    throw new Error("The second server did not start.");
  });

  test.afterAll(() => {
    if (server?.pid) process.kill(-server.pid, "SIGTERM");
  });

  test("a forged X-Forwarded-For does not reset the budget without a proxy", async () => {
    const statuses: number[] = [];
    for (let attempt = 0; attempt < 5; attempt++) {
      // A new forged address every time, and a new email: only the real address can be counted.
      const client = await playwrightRequest.newContext({
        baseURL: `http://localhost:${port}`,
        extraHTTPHeaders: { "X-Forwarded-For": `198.51.100.${attempt + 1}` },
      });
      statuses.push((await postCredentials(client, `nobody-${attempt}-${Date.now()}@example.test`, "wrong")).status());
      await client.dispose();
    }
    expect(statuses).toEqual([401, 401, 401, 429, 429]);
  });

  test("a class behind one address signs up through its invitation link or join code, up to a bound of the address's own", async ({
    browser,
  }) => {
    const baseURL = `http://localhost:${port}`;
    const instructor = await browser.newContext({ baseURL });
    const instructorPage = await instructor.newPage();
    const instructorUser = newUser("instructor");
    await signUp(instructorPage, instructorUser); // the address's first sign-up
    const group = await (await instructor.request.post("/api/groups", { data: { name: "Seminar on one campus" } })).json();
    const invite = await (await instructor.request.post(`/api/groups/${group.id}/invites`, { data: {} })).json();

    // Every sign-up here goes through Chromium, so every one comes from the same address (a
    // request made from Node could reach "localhost" over IPv6 and count as another).
    const signUpWith = async (fields: { name: string; email: string; password: string; joinCode?: string }) => {
      const page = await (await browser.newContext({ baseURL })).newPage();
      await page.goto("/signup");
      await page.getByLabel("Name").fill(fields.name);
      await page.getByLabel("Email").fill(fields.email);
      await page.getByLabel("Password").fill(fields.password);
      if (fields.joinCode) await page.getByLabel("Join code").fill(fields.joinCode);
      await page.getByRole("button", { name: "Create account" }).click();
      return page;
    };

    // Asking again with the instructor's email is told it has an account, which costs the address
    // its second sign-up: a script cannot test a list of emails for accounts.
    const again = await signUpWith({ ...newUser("again"), email: instructorUser.email });
    await expect(again.getByText("An account with this email already exists")).toBeVisible();
    const blocked = await signUpWith(newUser("blocked"));
    await expect(blocked.getByText("Too many accounts were created from your network")).toBeVisible();

    // Three students with the link, from the same address: each signs up and is in the group.
    for (let index = 0; index < 3; index++) {
      const student = await (await browser.newContext({ baseURL })).newPage();
      const person = newUser(`student${index}`);
      await student.goto(new URL(invite.url).pathname);
      await student.getByRole("link", { name: "create an account" }).click();
      await student.getByLabel("Name").fill(person.name);
      await student.getByLabel("Email").fill(person.email);
      await student.getByLabel("Password").fill(person.password);
      await student.getByRole("button", { name: "Create account" }).click();
      await expect(student).toHaveURL(new RegExp(`/groups/${group.id}\\?joined=new$`));
      await expect(student.getByText("You joined Seminar on one campus.")).toBeVisible();
    }

    // A student with only the join code joins as they sign up, and lands on the group.
    const withCode = await signUpWith({ ...newUser("coded"), joinCode: invite.code.toLowerCase() });
    await expect(withCode).toHaveURL(new RegExp(`/groups/${group.id}\\?joined=new$`));
    await expect(withCode.getByText("You joined Seminar on one campus.")).toBeVisible();
    await expect(withCode.getByRole("heading", { level: 1, name: "Seminar on one campus" })).toBeVisible();

    // Five sign-ups with an invitation or a code is this server's bound per address: a code made
    // up for the purpose (anyone can make a group) does not mint accounts past it.
    const madeUp = await (await instructor.request.post("/api/groups", { data: { name: "Made up for sign-ups" } })).json();
    const fifth = await signUpWith({ ...newUser("fifth"), joinCode: madeUp.joinCode });
    await expect(fifth).toHaveURL(new RegExp(`/groups/${madeUp.id}\\?joined=new$`));
    const sixth = await signUpWith({ ...newUser("sixth"), joinCode: madeUp.joinCode });
    await expect(sixth.getByText("Too many accounts were created from your network")).toBeVisible();

    // A wrong code is said next to its field, and creates nothing.
    const wrong = await signUpWith({ ...newUser(), name: "Nobody", password: "a-long-password", joinCode: "NOSUCHCODE" });
    await expect(wrong.getByText("No group has that code.")).toBeVisible();
  });
});

/** An empty database beside the suite's own (a file on SQLite, a database on the same PostgreSQL server). */
async function freshDatabase(root: string, suffix: string): Promise<string> {
  const url = databaseUrl();
  if (databaseProvider(url) === "sqlite") {
    for (const end of ["", "-journal", "-wal", "-shm"]) rmSync(path.join(root, `data/e2e-${suffix}.db${end}`), { force: true });
    return `file:./data/e2e-${suffix}.db`;
  }
  const name = `${process.env.E2E_DATABASE_NAME ?? "marginalia_e2e"}_${suffix}`;
  await withMaintenanceDatabase(url, (admin) => dropDatabase(admin, name));
  return withDatabaseName(url, name);
}

test.describe("after signing in", () => {
  for (const callbackUrl of ["/\t/evil.example", "/.//evil.example", "/\\/evil.example"]) {
    test(`never leaves the site for callbackUrl ${JSON.stringify(callbackUrl)}`, async ({ page, browser }) => {
      const user = newUser();
      // The account is made elsewhere; this page signs in from scratch (signing out is tested on its own).
      const elsewhere = await browser.newContext();
      await signUp(await elsewhere.newPage(), user);
      await elsewhere.close();
      await page.goto(`/signin?callbackUrl=${encodeURIComponent(callbackUrl)}`);
      await page.getByLabel("Email").fill(user.email);
      await page.getByLabel("Password").fill(user.password);
      await page.getByRole("button", { name: "Sign in" }).click();
      await expectSignedIn(page, user);
      expect(new URL(page.url()).host).toBe(new URL(test.info().project.use.baseURL!).host);
    });
  }
});

test("signing out ends that session on the server: a copy of its cookie is refused, other sessions stay", async ({ browser }) => {
  const user = newUser();
  const laptop = await browser.newContext();
  const phone = await browser.newContext();
  const laptopPage = await laptop.newPage();
  await signUp(laptopPage, user);
  const phonePage = await phone.newPage();
  await signIn(phonePage, user);

  const thief = await browser.newContext();
  await thief.addCookies(await laptop.cookies());
  expect((await (await thief.request.get("/api/auth/session")).json()).user?.email).toBe(user.email);

  await laptopPage.getByRole("button", { name: "Sign out" }).click();
  await expectSignedOut(laptopPage);

  // The copy made before signing out is worthless now; the phone's own session is untouched.
  expect(await (await thief.request.get("/api/auth/session")).json()).toEqual({});
  expect((await thief.request.get("/api/notifications")).status()).toBe(401);
  expect((await (await phone.request.get("/api/auth/session")).json()).user?.email).toBe(user.email);
  await Promise.all([laptop.close(), phone.close(), thief.close()]);
});

test.describe("who is asking is settled before what they sent", () => {
  // Every operation that needs an account, called anonymously with input its schema refuses:
  // 401, never the 400 that would describe what to send.
  const guarded = API_CONTRACTS.filter(
    (contract) => ["read", "write", "session"].includes(contract.auth) && (contract.body || contract.query || contract.upload),
  );

  test("every guarded operation answers 401 to an anonymous caller with bad input", async ({ request }) => {
    expect(guarded.length).toBeGreaterThan(15);
    const answers: string[] = [];
    for (const contract of guarded) {
      const path = contract.path.replace(/\{[^}]+\}/g, "nope") + (contract.query ? "?limit=-1&format=nonsense&document=" : "");
      const response = await request.fetch(path, {
        method: contract.method,
        ...(contract.method === "GET" ? {} : { data: {}, headers: { "Content-Type": "application/json" } }),
      });
      answers.push(`${contract.method} ${contract.path} ${response.status()}`);
    }
    expect(answers).toEqual(guarded.map((contract) => `${contract.method} ${contract.path} 401`));
  });
});

test.describe("a method an address does not answer", () => {
  test("is refused with 405 in the one error shape, saying which methods it answers; the ones it answers still work", async ({
    request,
  }) => {
    for (const [method, path, allow] of [
      ["DELETE", "/api/notifications/read", "OPTIONS, POST"],
      ["PUT", "/api/annotations/move", "OPTIONS, POST"],
      ["POST", "/api/documents/some-reading/export?format=json", "GET, HEAD, OPTIONS"],
    ] as const) {
      const response = await request.fetch(path, { method, data: {}, headers: { "Content-Type": "application/json" } });
      expect(response.status(), `${method} ${path}`).toBe(405);
      expect(response.headers()["allow"]).toBe(allow);
      const body = (await response.json()) as { error: { code: string; status: number; message: string } };
      expect(body.error).toMatchObject({ code: "METHOD_NOT_ALLOWED", status: 405 });
      expect(body.error.message).toContain(allow);
    }
    // An address no route has is a JSON 404 too, not the app's HTML page.
    for (const path of ["/api/groups/some-group/gradebook/xlsx.csv", "/api/nothing-here"]) {
      const missing = await request.get(path);
      expect(missing.status(), path).toBe(404);
      expect(((await missing.json()) as { error: { code: string } }).error.code).toBe("NOT_FOUND");
    }
    // Next.js's own answer to OPTIONS, and an answered method, are untouched.
    const options = await request.fetch("/api/notifications/read", { method: "OPTIONS" });
    expect(options.status()).toBe(204);
    expect((await request.get("/api/documents")).status()).toBe(200);
    expect((await request.post("/api/notifications/read", { data: {} })).status()).toBe(401);
  });
});

test.describe("a removal holds", () => {
  test("a removed student cannot rejoin until the owner lets them back in; the owner renews or switches off the code", async ({
    browser,
  }) => {
    const owner = await createPerson(browser, "owner");
    const student = await createPerson(browser, "student");
    const group = await createGroup(owner, { name: "Removal seminar", members: { member: [student] } });

    await owner.page.goto(`/groups/${group.id}`);
    owner.page.once("dialog", (dialog) => void dialog.accept());
    await owner.page.getByRole("button", { name: `Remove ${student.user.name}` }).click();
    await expect(
      owner.page.getByRole("region", { name: "Who may join" }).getByRole("button", { name: `Let ${student.user.name} back in` }),
    ).toBeVisible();

    // The code, the old way back in, answers 403 and says why.
    const again = await student.context.request.post("/api/groups/join", { data: { code: group.joinCode } });
    expect(again.status()).toBe(403);
    expect((await again.json()).error.message).toContain("removed you");

    await owner.page.getByRole("button", { name: `Let ${student.user.name} back in` }).click();
    await expect(owner.page.getByText(`${student.user.name} may join again.`)).toBeVisible();
    expect((await student.context.request.post("/api/groups/join", { data: { code: group.joinCode } })).ok()).toBe(true);

    // A new code: the old one joins nobody.
    await owner.page.getByRole("button", { name: "New join code" }).click();
    await expect(owner.page.getByText("The group has a new join code.")).toBeVisible();
    const newcomer = await createPerson(browser, "newcomer");
    expect((await newcomer.context.request.post("/api/groups/join", { data: { code: group.joinCode } })).status()).toBe(404);
    await owner.page.getByRole("button", { name: "Turn joining by code off" }).click();
    await expect(owner.page.getByText("Joining by code is off: only invitation links let people in.")).toBeVisible();
    await Promise.all([owner.context.close(), student.context.close(), newcomer.context.close()]);
  });
});

test.describe("a busy server shares its turns", () => {
  // The production server runs a few requests at a time (server/http/admission.ts). A client that
  // sends many requests and then trickles their bodies must not take those turns from everyone else.
  test("sign-in posts whose bodies never finish, from one address, do not hold back another address's requests", async ({
    request,
    baseURL,
  }) => {
    const { hostname, port } = new URL(baseURL!);
    const trickling = await Promise.all(
      Array.from({ length: 40 }, async () => {
        // 127.0.0.2 is this machine too (all of 127/8 is loopback), but another address to the server.
        const socket = connect({ host: hostname === "localhost" ? "127.0.0.1" : hostname, port: Number(port), localAddress: "127.0.0.2" });
        socket.on("error", () => {});
        await new Promise((resolve) => socket.once("connect", resolve));
        socket.write(
          `POST ${CALLBACK} HTTP/1.1\r\nHost: ${hostname}:${port}\r\nContent-Type: application/x-www-form-urlencoded\r\n` +
            `Content-Length: 4096\r\n\r\ncsrfToken=`,
        );
        return socket;
      }),
    );
    try {
      // All 40 have reached the server (each answered nothing yet); now an ordinary request.
      await new Promise((resolve) => setTimeout(resolve, 300));
      const started = Date.now();
      const answer = await request.get("/api/auth/csrf");
      const waitedMs = Date.now() - started;
      expect(answer.status()).toBe(200);
      // A turn held by a body still arriving is given up after 250 ms. Without that, the 40 would
      // hold the turns 2 s each, 8 at a time: this request would wait ~10 s behind them, or ~1.7 s
      // (until the first 8 give up theirs) with turns shared by address alone.
      expect(waitedMs).toBeLessThan(1_000);
    } finally {
      for (const socket of trickling) socket.destroy();
    }
  });
});

test("a callbackUrl that is no URL is a 400, not a 500, on sign-in and sign-out; such a callback cookie is ignored", async ({
  browser,
  baseURL,
}) => {
  const user = newUser();
  const context = await browser.newContext();
  await signUp(await context.newPage(), user);
  for (const callbackUrl of ["http://localhost:3300.evil.example/", "http://a:99999/"]) {
    const signIn = await context.request.post(CALLBACK, {
      form: { csrfToken: await csrfToken(context.request), email: user.email, password: user.password, callbackUrl },
      maxRedirects: 0,
    });
    expect(signIn.status(), `sign-in, ${callbackUrl}`).toBe(400);
    expect(await signIn.json()).toMatchObject({ error: { code: "BAD_REQUEST" } });
    const signOut = await context.request.post("/api/auth/signout", {
      form: { csrfToken: await csrfToken(context.request), callbackUrl },
      maxRedirects: 0,
    });
    expect(signOut.status(), `sign-out, ${callbackUrl}`).toBe(400);
  }
  // Still signed in: neither request did anything.
  expect((await (await context.request.get("/api/auth/session")).json()).user?.email).toBe(user.email);

  const { hostname } = new URL(baseURL!);
  await context.addCookies([{ name: "next-auth.callback-url", value: "http://a:99999/", domain: hostname, path: "/" }]);
  expect((await context.request.get("/api/auth/csrf")).status()).toBe(200);
  const session = await context.request.get("/api/auth/session");
  expect(session.status()).toBe(200);
  expect((await session.json()).user?.email).toBe(user.email);
  await context.close();
});

// QA round 4, #12: a server action posted from another site was refused by Next with a bare 500.
test("a server action posted from another site is refused with 403 and says why, with or without JavaScript's header", async ({
  request,
}) => {
  const cases: Record<string, string>[] = [
    { "next-action": "0".repeat(42), origin: "https://evil.example" },
    { "next-action": "0".repeat(42), "sec-fetch-site": "cross-site" },
    // A form posted without JavaScript carries the action in its body, not in a header.
    { origin: "null", "content-type": "application/x-www-form-urlencoded" },
  ];
  for (const headers of cases) {
    const response = await request.post("/settings", { headers, data: "[]", maxRedirects: 0 });
    expect(response.status(), JSON.stringify(headers)).toBe(403);
    expect(await response.text()).toMatch(/cannot change anything here\.$/);
  }
});

// QA round 5, F11: a body Next.js cannot decode (`null`, JSON cut short, a multipart body that does
// not parse, a bound action missing its arguments) was a bare 500 from inside its decoding.
test("a server action's body that is not one is refused with 400 and says why; the real form still works without JavaScript", async ({
  request,
}) => {
  const page = await (await request.get("/forgot-password")).text();
  const hidden = Object.fromEntries(
    [...page.matchAll(/<input type="hidden" name="(\$ACTION_[^"]+)"(?: value="([^"]*)")?/g)].map(([, name, value]) => [
      name,
      (value ?? "").replaceAll("&quot;", '"').replaceAll("&amp;", "&"),
    ]),
  );
  const actionId = (JSON.parse(hidden["$ACTION_1:0"]) as { id: string }).id;
  expect(actionId).toMatch(/^[0-9a-f]{40,}$/);

  const fromScript = { "next-action": actionId, "content-type": "text/plain;charset=UTF-8" };
  for (const data of ["null", "1", '"x"', "[1"]) {
    const response = await request.post("/forgot-password", { headers: fromScript, data, maxRedirects: 0 });
    expect(response.status(), data).toBe(400);
    expect(await response.text()).toMatch(/arguments are a list/);
  }
  // A list whose references React's decoder cannot follow (a part not carried, a path to nothing,
  // a BigInt that is not digits, nesting that overflows its stack): each was a 500 too.
  for (const data of ['["$1"]', '["$Q1"]', '[{"x":1},"$0:0:y"]', '["$nabc"]', `${"[".repeat(5000)}${"]".repeat(5000)}`]) {
    const response = await request.post("/forgot-password", { headers: fromScript, data, maxRedirects: 0 });
    expect(response.status(), data.slice(0, 20)).toBe(400);
    expect(await response.text()).toMatch(/refer to parts the call does not carry/);
  }
  const garbage = await request.post("/forgot-password", {
    headers: { "content-type": "multipart/form-data; boundary=xyz" },
    data: "garbage",
    maxRedirects: 0,
  });
  expect(garbage.status()).toBe(400);
  expect(await garbage.text()).toMatch(/did not arrive whole/);
  const { "$ACTION_1:1": _, ...withoutArguments } = hidden;
  const cutShort = await request.post("/forgot-password", { multipart: { ...withoutArguments, email: "x@example.edu" }, maxRedirects: 0 });
  expect(cutShort.status()).toBe(400);

  // The same form, whole, as a browser without JavaScript posts it: read, decoded and answered.
  const whole = await request.post("/forgot-password", { multipart: { ...hidden, email: "nobody-here@example.edu" }, maxRedirects: 0 });
  expect(whole.status()).toBe(200);
  expect(await whole.text()).toContain("a link to choose a new password is on its way");
});
