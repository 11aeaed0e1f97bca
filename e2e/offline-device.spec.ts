// One phone, the device's side of offline reading (QA round 6): two tabs of one reading written in
// offline keep both tabs' notes and send each once; what one reader kept is never shown once their
// session has ended or someone else signs in on the phone; signing out offline clears the device at
// once and ends the session when the connection returns. Chromium with touch at 390 px; the
// server's own answers (and the device's storage) are the oracle.
import { expect, test, type Page } from "./test";
import { annotate, createPerson } from "./factories";
import { ARTICLE, ARTICLE_PATH, newUser, openControlledByServiceWorker, writeNoteByTouch, signIn, signUpWithoutScript } from "./fixtures";

// What the service worker keeps and clears is what this file tests (playwright.config.ts blocks it elsewhere).
test.use({ serviceWorkers: "allow" });

const PHONE = { viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true };

type Listed = { id: string; body: string };

const hydrated = (page: Page) => expect.poll(() => page.evaluate(() => document.documentElement.dataset.hydratedAt ?? null)).not.toBeNull();

async function keepOffline(page: Page) {
  await openControlledByServiceWorker(page);
  await page.getByRole("button", { name: "Keep offline" }).tap();
  await expect(page.getByRole("button", { name: "Kept offline" })).toHaveAttribute("aria-pressed", "true");
}

/** What the device holds: databases, caches, and whose readings and unsent changes are kept. */
const deviceHolds = (page: Page) =>
  page.evaluate(async () => {
    const databases = (await indexedDB.databases()).map((database) => database.name);
    const all = (store: string) =>
      new Promise<unknown[]>((resolve, reject) => {
        const open = indexedDB.open("marginalia-offline");
        open.onsuccess = () => {
          const request = open.result.transaction(store).objectStore(store).getAll();
          request.onsuccess = () => {
            open.result.close();
            resolve(request.result);
          };
          request.onerror = () => reject(request.error);
        };
        open.onerror = () => reject(open.error);
      });
    const isThere = databases.includes("marginalia-offline");
    const keptFor = isThere ? (await all("readings")).map((reading) => (reading as { userId: string }).userId) : [];
    const outboxes = isThere ? (await all("outbox")).length : 0;
    return { databases, caches: await caches.keys(), keptFor, outboxes };
  });

test("two tabs of one reading, offline, each write a note: both are kept, each tab shows the other's, and back online each is sent once", async ({
  browser,
}) => {
  test.setTimeout(60_000);
  const reader = await createPerson(browser, "two-tabs", PHONE);
  const { page: tabA, context } = reader;
  await keepOffline(tabA);
  const tabB = await context.newPage();
  await tabB.goto(ARTICLE_PATH);
  await hydrated(tabB);

  await context.setOffline(true);
  await writeNoteByTouch(tabA, "This distinction matters.", "Note from tab A");
  await writeNoteByTouch(tabB, "Such statements indicate a preference", "Note from tab B");
  // Each tab heard of the other's note (it used to be written over, the last tab's list winning).
  await expect(tabA.locator(".annotation-card", { hasText: "Note from tab B" })).toBeAttached();
  await expect(tabB.locator(".annotation-card", { hasText: "Note from tab A" })).toBeAttached();
  for (const tab of [tabA, tabB]) await expect(tab.getByTestId("sync-status")).toHaveText("Offline — 2 changes waiting");

  // Back online with both tabs open: both try to send at once, each note reaches the server once.
  await context.setOffline(false);
  for (const tab of [tabA, tabB]) await expect(tab.getByTestId("sync-status")).toHaveText("Synced", { timeout: 15_000 });
  const listed = (await (await context.request.get(`/api/documents/${ARTICLE.slug}/annotations?author=me&limit=100`)).json()) as {
    items: Listed[];
  };
  expect(listed.items.map((item) => item.body).sort()).toEqual(["Note from tab A", "Note from tab B"]);
  await context.close();
});

test("once a reader's session ends elsewhere, and when another reader signs in on the phone, nothing the first kept is shown offline", async ({
  browser,
}) => {
  test.setTimeout(60_000);
  const alice = await createPerson(browser, "kept-alice", PHONE);
  const { page, context } = alice;
  await annotate(alice, "private", { at: "This distinction matters.", body: "Alice's private note" });
  await keepOffline(page);
  await page.goto("/notes");
  await expect
    .poll(() => page.evaluate(async () => (await caches.match("/notes", { cacheName: "marginalia-kept" })) !== undefined))
    .toBe(true);

  // Bob signs in on the same phone (Alice never signed out here) and opens a page: hers leave the device.
  await context.clearCookies();
  await signUpWithoutScript(context.request, newUser("kept-bob"));
  await page.goto("/settings");
  expect((await deviceHolds(page)).keptFor).toEqual([]);
  await context.setOffline(true);
  for (const path of [ARTICLE_PATH, "/notes"]) {
    await page.goto(path);
    await expect(page.getByRole("heading", { name: "You are offline" })).toBeVisible();
    await expect(page.getByText("Alice's private note")).toHaveCount(0);
    await expect(page.getByText(alice.user.name)).toHaveCount(0);
  }
  await context.setOffline(false);

  // Alice again, keeping the reading; then her session ends on her laptop ("Sign out everywhere").
  await context.clearCookies();
  await signIn(page, alice.user);
  await keepOffline(page);
  const laptop = await browser.newContext();
  const laptopPage = await laptop.newPage();
  await signIn(laptopPage, alice.user);
  await laptopPage.goto("/account");
  await laptopPage.getByRole("button", { name: "Sign out everywhere" }).click();
  await laptopPage.waitForURL(/\/signin/);
  await laptop.close();
  // The phone's next page answers signed out: her kept copies go before it shows.
  await page.goto("/");
  await expect(page.locator("html")).toHaveAttribute("data-reader", "");
  expect(await deviceHolds(page)).toMatchObject({ keptFor: [] });
  await context.setOffline(true);
  await page.goto(ARTICLE_PATH);
  await expect(page.getByRole("heading", { name: "You are offline" })).toBeVisible();
  await expect(page.getByText("Alice's private note")).toHaveCount(0);
  await expect(page.getByRole("region", { name: "Kept on this device" })).toHaveCount(0);
  await context.close();
});

test("signing out offline clears the device at once, says so, and ends the session when the connection is back", async ({ browser }) => {
  test.setTimeout(60_000);
  const reader = await createPerson(browser, "signout-offline", PHONE);
  const { page, context } = reader;
  await keepOffline(page);
  await context.setOffline(true);
  await page.reload();
  await hydrated(page);
  await writeNoteByTouch(page, "This distinction matters.", "Written before signing out");
  await expect(page.getByTestId("sync-status")).toHaveText("Offline — 1 change waiting");

  await page.getByRole("button", { name: "Menu" }).tap();
  await page.getByRole("button", { name: "Sign out" }).tap();
  await page
    .getByRole("dialog", { name: "1 change not synced yet — sign out anyway?" })
    .getByRole("button", { name: "Sign out anyway" })
    .tap();
  await expect(page.getByTestId("signed-out-offline")).toContainText("You signed out while offline");
  await expect(page.getByText(reader.user.name)).toHaveCount(0);
  const left = await deviceHolds(page);
  expect(left.databases).not.toContain("marginalia-offline");
  expect(left.caches).not.toContain("marginalia-kept");
  // Still offline, the kept reading is not there any more.
  await page.goto(ARTICLE_PATH);
  await expect(page.getByRole("heading", { name: "You are offline" })).toBeVisible();
  await expect(page.getByText("Written before signing out")).toHaveCount(0);

  // Back online the page loads by itself, and the session has ended on the server.
  await context.setOffline(false);
  await expect(page.getByRole("heading", { level: 1, name: ARTICLE.title })).toBeVisible({ timeout: 20_000 });
  await expect(page.getByRole("complementary", { name: "Annotations" }).getByRole("link", { name: "Sign in" })).toBeVisible();
  await expect(page.locator("html")).toHaveAttribute("data-reader", "");
  expect(await (await context.request.get("/api/auth/session")).json()).toEqual({});
  expect((await deviceHolds(page)).caches).not.toContain("marginalia-sign-out");
  await context.close();
});

test("a note deleted offline but edited meanwhile on another device is not deleted: the newer words are shown, and one press deletes it still", async ({
  browser,
}) => {
  const reader = await createPerson(browser, "delete-conflict", PHONE);
  const { page, context } = reader;
  const note = await annotate<Listed>(reader, "private", { at: "This distinction matters.", body: "Written on my phone." });
  await keepOffline(page);
  await context.setOffline(true);
  await page.reload();
  await hydrated(page);
  // The laptop edits it (the request context is not the offline browser); the phone deletes it.
  expect((await context.request.patch(`/api/annotations/${note.id}`, { data: { body: "Edited on my laptop." } })).status()).toBe(200);
  const sheet = page.locator(".sidebar__sheet-toggle");
  await sheet.tap();
  const card = page.locator(`#annotation-${note.id}`);
  await card.getByRole("button", { expanded: false }).tap();
  await card.getByRole("button", { name: "Delete", exact: true }).tap();
  await expect(card).toHaveCount(0);

  await context.setOffline(false);
  const conflict = page.getByTestId("sync-conflict");
  await expect(conflict).toContainText("was changed on another device after you deleted it here, so it was not deleted");
  await expect(conflict).toContainText("Edited on my laptop.");
  await expect(page.locator(`#annotation-${note.id}`)).toBeAttached();
  expect((await context.request.get(`/api/annotations/${note.id}`)).status()).toBe(200);

  await conflict.getByRole("button", { name: "Delete it anyway" }).tap();
  await expect(conflict).toHaveCount(0);
  await expect.poll(async () => (await context.request.get(`/api/annotations/${note.id}`)).status()).toBe(404);
  await context.close();
});
