// The reader's side of the write-rate limit (README "Limits"): a save refused with 429 keeps its
// text, is retried after exactly the Retry-After the server gave, and lands.
//
// The limit is met for real, on the real database. So as not to lower it for the rest of the suite
// (whose specs write quickly as one person), this spec starts its own app instance with tight
// limits on the suite's database (scripts/e2e-server.sh in "join" mode) and reads through it.
//
// Here, after the parallel part of the suite (its own project in playwright.config.ts): on SQLite
// its instance shares the file's one write lock with the suite's, and in one run beside the other
// specs, on two busy cores, another spec's write waited out SQLite's 5 s busy timeout and was
// answered 503.
import { expect, test } from "../test";
import { annotate, createPerson } from "../factories";
import { ARTICLE, ARTICLE_PATH, selectByMouse, storedOutbox } from "../fixtures";
import { startOwnInstance, type OwnInstance } from "../own-instance";

const PORT = Number(process.env.E2E_LIMITS_PORT ?? Number(process.env.E2E_PORT ?? 3100) + 900);
// 3 writes at once, then one every 10 s: the refused save waits up to 10 s, long enough to see.
const LIMITS = { WRITE_RATE_BURST: "3", WRITE_RATE_PER_MINUTE: "6" };
const SENTENCE = "This distinction matters.";

let limited: OwnInstance;

test.beforeAll(async () => {
  test.setTimeout(240_000);
  limited = await startOwnInstance(PORT, LIMITS);
});

test.afterAll(() => limited?.stop());

test("a save over the write rate is kept, retried after Retry-After, and lands once", async ({ browser }) => {
  test.setTimeout(90_000);
  const reader = await createPerson(browser, "limited", { baseURL: limited.url });
  const { page, context } = reader;
  await page.goto(ARTICLE_PATH);

  // The note is written first; the burst is spent just before Save, so the save meets the limit.
  await selectByMouse(page, SENTENCE);
  await page
    .getByRole("toolbar", { name: "Selected text" })
    .getByRole("button", { name: /^Annotate/ })
    .click();
  await page.getByLabel("Comment").fill("A thought worth waiting for.");
  for (const phrase of ["Deobandi school of Sunni Islam", "diplomatic engagement", "UN Analytical Support"]) {
    await annotate(context, "private", phrase);
  }

  const refused = page.waitForResponse(
    (response) => response.url().endsWith(`/api/documents/${ARTICLE.slug}/annotations`) && response.request().method() === "POST",
  );
  await page.getByRole("button", { name: "Save" }).click();
  const response = await refused;
  const refusedAt = Date.now();
  expect(response.status()).toBe(429);
  const retryAfter = Number(response.headers()["retry-after"]);
  expect(retryAfter).toBeGreaterThanOrEqual(1);
  expect(retryAfter).toBeLessThanOrEqual(10);

  // The reader is told, the text stays on the page and on this device.
  const card = page.getByRole("listitem").filter({ hasText: "A thought worth waiting for." });
  // The card's save status (an open thread has an alert region of its own).
  const notSaved = card.getByRole("alert").filter({ hasText: /^Not saved/ });
  await expect(notSaved).toContainText("Not saved — retrying. Your text is kept on this device.");
  await expect(notSaved).toContainText(/try again in \d+ seconds?/);
  await expect.poll(() => storedOutbox(page)).toContain("A thought worth waiting for.");

  // The outbox tries again when the server said, not before: the next POST comes after Retry-After.
  const retried = await page.waitForResponse(
    (next) => next.url().endsWith(`/api/documents/${ARTICLE.slug}/annotations`) && next.request().method() === "POST",
    { timeout: (retryAfter + 10) * 1000 },
  );
  expect(Date.now() - refusedAt).toBeGreaterThanOrEqual(retryAfter * 1000 - 500);
  expect(retried.status()).toBe(201);
  await expect(notSaved).toHaveCount(0);

  // Landed exactly once, and the outbox is empty.
  await page.reload();
  await expect(page.getByRole("listitem").filter({ hasText: "A thought worth waiting for." })).toHaveCount(1);
  const mine = (await (await context.request.get(`/api/documents/${ARTICLE.slug}/annotations?author=me`)).json()) as {
    items: { body: string }[];
  };
  expect(mine.items.filter((item) => item.body === "A thought worth waiting for.")).toHaveLength(1);
  await expect.poll(() => storedOutbox(page)).toBe("[]");
  await context.close();
});
