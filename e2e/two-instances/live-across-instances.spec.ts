import { execSync } from "node:child_process";
import { expect, test, type Browser } from "../test";
import { describeTextRange } from "@/lib/anchoring/text-quote";
import { createGroup, createPerson } from "../factories";
import { ARTICLE, ARTICLE_PATH, postCredentials } from "../fixtures";
import { BASE_URL, SECOND_BASE_URL } from "../../playwright.config";

// Two app instances (ports N and N+1) share one PostgreSQL database (playwright.config.ts starts
// the second on PostgreSQL runs only). A write on instance A must reach a reader whose live stream
// is held by instance B: through PostgreSQL's NOTIFY and B's own LISTEN connection.
//
// Serial, and after every other project (playwright.config.ts): the last test stops PostgreSQL,
// which every other test would notice.
test.describe.configure({ mode: "serial" });

const INSTANCE_A = BASE_URL;
const INSTANCE_B = SECOND_BASE_URL;

/** A writer on instance A and a reader on instance B, in one group, the reader's page open on B. */
async function studyGroupAcrossInstances(browser: Browser) {
  const writer = await createPerson(browser, "writer", { baseURL: INSTANCE_A });
  const reader = await createPerson(browser, "reader", { baseURL: INSTANCE_B });
  const group = await createGroup(writer, { name: `Across instances ${Date.now().toString(36)}`, members: { member: [reader] } });

  const stream = reader.page.waitForResponse((response) => response.url().includes(`/api/documents/${ARTICLE.slug}/events`));
  await reader.page.goto(ARTICLE_PATH);
  const opened = await stream;
  expect(new URL(opened.url()).origin).toBe(INSTANCE_B);
  expect(opened.headers()["content-type"]).toContain("text/event-stream");
  return { writer, reader, group };
}

function targetFor(phrase: string) {
  const start = ARTICLE.text.indexOf(phrase);
  expect(start, `"${phrase}" is in the article`).toBeGreaterThanOrEqual(0);
  const { quote, position } = describeTextRange(ARTICLE.text, start, start + phrase.length);
  return { selector: [quote, position] };
}

test("an annotation made on instance A appears live for a reader on instance B", async ({ browser }) => {
  const { writer, reader, group } = await studyGroupAcrossInstances(browser);
  const body = `Seen across instances ${Date.now().toString(36)}`;
  const response = await writer.context.request.post(`/api/documents/${ARTICLE.slug}/annotations`, {
    data: { target: targetFor("calculated tolerance"), body, visibility: { group: group.id } },
  });
  expect(response.status()).toBe(201);
  const { id } = (await response.json()) as { id: string };

  // No reload: the highlight is painted and the card shows the note on B.
  await expect(reader.page.locator(`mark[data-annotation-id="${id}"]`).first()).toBeVisible({ timeout: 5_000 });
  await expect(reader.page.getByText(body)).toBeVisible();

  // An edit on A arrives as well.
  expect((await writer.context.request.patch(`/api/annotations/${id}`, { data: { body: `${body} (edited)` } })).status()).toBe(200);
  await expect(reader.page.getByText(`${body} (edited)`)).toBeVisible({ timeout: 5_000 });
  await Promise.all([writer.context.close(), reader.context.close()]);
});

test("sign-in limits and sessions hold across instances: nothing that matters lives in one process", async ({ browser, playwright }) => {
  const { context, user } = await createPerson(browser, "roaming", { baseURL: INSTANCE_A });
  // A session cookie minted by A is honoured by B (same secret, versions checked in the database).
  const onB = await playwright.request.newContext({ baseURL: INSTANCE_B, storageState: await context.storageState() });
  expect(((await (await onB.get("/api/auth/session")).json()) as { user?: { name?: string } }).user?.name).toBe(user.name);

  // Wrong passwords alternate between the instances; the per-email limit counts them all.
  const statuses: number[] = [];
  for (let attempt = 0; attempt < 7; attempt += 1) {
    const instance = await playwright.request.newContext({ baseURL: attempt % 2 === 0 ? INSTANCE_A : INSTANCE_B });
    statuses.push((await postCredentials(instance, user.email, "not-the-password")).status());
    await instance.dispose();
  }
  expect(statuses).toEqual([401, 401, 401, 401, 401, 429, 429]);
  await Promise.all([onB.dispose(), context.close()]);
});

test("PostgreSQL stops and starts under a live session: the failed write is refused whole, nothing is lost", async ({ browser }) => {
  const stop = process.env.PG_STOP_COMMAND;
  const start = process.env.PG_START_COMMAND;
  test.skip(!stop || !start, "needs PG_STOP_COMMAND and PG_START_COMMAND (set by .ci/run)");
  test.setTimeout(120_000);
  const { writer, reader, group } = await studyGroupAcrossInstances(browser);
  const tag = Date.now().toString(36);
  const create = (phrase: string, body: string, clientToken: string) =>
    writer.context.request.post(`/api/documents/${ARTICLE.slug}/annotations`, {
      data: { target: targetFor(phrase), body, visibility: { group: group.id }, clientToken },
    });

  const before = await create("divergent interests", `Before the restart ${tag}`, crypto.randomUUID());
  expect(before.status()).toBe(201);
  await expect(reader.page.getByText(`Before the restart ${tag}`)).toBeVisible({ timeout: 5_000 });

  execSync(stop!, { stdio: "inherit" });
  let refusedWhileDown: { status: number; body: { error?: { code?: string } } };
  try {
    const duringToken = crypto.randomUUID();
    const during = await create("policy choice", `During the outage ${tag}`, duringToken);
    refusedWhileDown = { status: during.status(), body: await during.json() };
  } finally {
    execSync(start!, { stdio: "inherit" });
  }
  // Reported as a temporary failure, with the one error shape, not a generic 500.
  expect(refusedWhileDown.status).toBe(503);
  expect(refusedWhileDown.body.error?.code).toBe("SERVICE_UNAVAILABLE");

  // Written the moment PostgreSQL is back, possibly before instance B's listener has
  // reconnected: replay from the event log must still deliver it. Retried with the same client
  // token, as the reader's outbox does, so a retry never makes a second copy.
  const afterToken = crypto.randomUUID();
  let after = await create("calculated tolerance", `Right after the restart ${tag}`, afterToken);
  for (let attempt = 0; after.status() === 503 && attempt < 60; attempt += 1) {
    await new Promise((resolve) => setTimeout(resolve, 500));
    after = await create("calculated tolerance", `Right after the restart ${tag}`, afterToken);
  }
  expect(after.status()).toBe(201);
  const later = await create("divergent interests", `Later still ${tag}`, crypto.randomUUID());
  expect(later.status()).toBe(201);

  // Without reloading, B's reader has every annotation that was saved, and nothing that was not.
  await expect(reader.page.getByText(`Right after the restart ${tag}`)).toBeVisible({ timeout: 15_000 });
  await expect(reader.page.getByText(`Later still ${tag}`)).toBeVisible({ timeout: 15_000 });
  await expect(reader.page.getByText(`During the outage ${tag}`)).toHaveCount(0);
  const listed = (await (await reader.context.request.get(`/api/documents/${ARTICLE.slug}/annotations?q=${tag}`)).json()) as {
    items: { body: string }[];
  };
  expect(listed.items.map((item) => item.body).sort()).toEqual([
    `Before the restart ${tag}`,
    `Later still ${tag}`,
    `Right after the restart ${tag}`,
  ]);
  await Promise.all([writer.context.close(), reader.context.close()]);
});
