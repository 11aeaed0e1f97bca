// Issue 14, items 4-6: keep a reading offline, read and annotate it without the network, sync in
// order on reconnect with a second device's conflicting edit shown, and sign-out clears the device.
// One phone (Chromium, touch, 390 px); the server's own answers are the oracle at the end.
import { expect, test, type Page } from "@playwright/test";
import { annotate, createPerson } from "./factories";
import { ARTICLE, ARTICLE_PATH, expectNoAxeViolations, selectLikeLongPress } from "./fixtures";

const PHONE = { viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true };

type Listed = { id: string; body: string };

/** Writes a note on `phrase` through the selection toolbar and the editor sheet. */
async function writeNote(page: Page, phrase: string, body: string) {
  await selectLikeLongPress(page, phrase);
  await page
    .getByRole("toolbar", { name: "Selected text" })
    .getByRole("button", { name: /^Annotate/ })
    .tap();
  const form = page.getByRole("form", { name: "New annotation" });
  await form.getByLabel("Who can see this").selectOption("private");
  await form.getByLabel("Comment").fill(body);
  await form.getByRole("button", { name: "Save" }).tap();
  await expect(form).toBeHidden();
}

/** Opens a card in the annotation sheet (the sheet opens with it). */
async function openCard(page: Page, id: string) {
  const card = page.locator(`#annotation-${id}`);
  const sheet = page.locator(".sidebar__sheet-toggle");
  if ((await sheet.getAttribute("aria-expanded")) === "false") await sheet.tap();
  await card.getByRole("button", { expanded: false }).tap();
  return card;
}

const deviceHolds = (page: Page) =>
  page.evaluate(async () => ({
    databases: (await indexedDB.databases()).map((database) => database.name),
    caches: await caches.keys(),
  }));

test("a kept reading opens offline with its highlights; notes written, edited and deleted offline sync exactly; sign-out clears the device", async ({
  browser,
}) => {
  test.setTimeout(60_000);
  const reader = await createPerson(browser, "offline", PHONE);
  const { page, context } = reader;
  const toEdit = await annotate<Listed>(reader, "private", { at: "This distinction matters.", body: "Edit me offline." });
  const toDelete = await annotate<Listed>(reader, "private", { at: "Such statements indicate a preference", body: "Delete me offline." });
  const toKeep = await annotate<Listed>(reader, "private", { at: [100, 140], body: "Leave me be." });

  // Installed-equivalent: the worker controls the page.
  await page.goto(ARTICLE_PATH);
  await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
  await page.reload();
  await expect.poll(() => page.evaluate(() => navigator.serviceWorker.controller?.scriptURL ?? null)).toMatch(/\/sw\.js$/);

  await page.getByRole("button", { name: "Keep offline" }).tap();
  await expect(page.getByRole("button", { name: "Kept offline" })).toHaveAttribute("aria-pressed", "true");
  await expect(page.getByText("On this device")).toBeVisible();

  // Offline, from a fresh load: the page comes from the device, highlights painted, and hydrates.
  await context.setOffline(true);
  await page.reload();
  await expect(page.getByRole("heading", { level: 1, name: ARTICLE.title })).toBeVisible();
  for (const { id } of [toEdit, toDelete, toKeep]) await expect(page.locator(`mark[data-annotation-id="${id}"]`).first()).toBeAttached();
  await expect.poll(() => page.evaluate(() => document.documentElement.dataset.hydratedAt ?? null)).not.toBeNull();
  await expect(page.getByTestId("sync-status")).toHaveText("Offline");
  await expectNoAxeViolations(page);

  // A second device edits the same note meanwhile (the request context is not the offline browser).
  const laptop = await context.request.patch(`/api/annotations/${toEdit.id}`, { data: { body: "Edited on my laptop." } });
  expect(laptop.status()).toBe(200);

  await writeNote(page, "This distinction matters.", "First offline note.");
  await writeNote(page, "Such statements indicate a preference", "Second offline note.");
  await writeNote(page, ARTICLE.text.slice(200, 230), "Third offline note.");

  let card = await openCard(page, toEdit.id);
  await card.getByRole("button", { name: "Edit", exact: true }).tap();
  const editForm = page.getByRole("form", { name: "Edit annotation" });
  await editForm.getByLabel("Comment").fill("Edited offline on my phone.");
  await editForm.getByRole("button", { name: "Save" }).tap();
  await expect(editForm).toBeHidden();

  card = await openCard(page, toDelete.id);
  await card.getByRole("button", { name: "Delete", exact: true }).tap();
  await expect(page.locator(`#annotation-${toDelete.id}`)).toHaveCount(0);
  await expect(page.getByTestId("sync-status")).toHaveText("Offline — 5 changes waiting");

  // The browser closes with everything still on the device; back online, the page replays it in order.
  await page.close();
  await context.setOffline(false);
  const again = await context.newPage();
  await again.goto(ARTICLE_PATH);
  await expect(again.getByTestId("sync-status")).toHaveText("Synced", { timeout: 15_000 });
  await expect(again.getByTestId("sync-conflict")).toContainText("Edited on my laptop.");

  // Mine only: other tests running beside this one share notes with everyone on the same article.
  const listed = (await (await context.request.get(`/api/documents/${ARTICLE.slug}/annotations?author=me&limit=100`)).json()) as {
    items: Listed[];
  };
  expect(listed.items.map((item) => item.body).sort()).toEqual(
    ["Edited offline on my phone.", "First offline note.", "Leave me be.", "Second offline note.", "Third offline note."].sort(),
  );
  expect(listed.items.find((item) => item.id === toEdit.id)?.body).toBe("Edited offline on my phone.");
  expect(listed.items.some((item) => item.id === toDelete.id)).toBe(false);

  // The library marks it kept; signing out leaves nothing of this reader on the device.
  await again.goto("/");
  await expect(again.locator(`[data-reading-slug="${ARTICLE.slug}"] .library__kept`)).toBeVisible();
  expect(await deviceHolds(again)).toMatchObject({
    databases: expect.arrayContaining(["marginalia-offline"]),
    caches: expect.arrayContaining(["marginalia-kept"]),
  });
  await again.getByRole("button", { name: "Menu" }).tap();
  await again.getByRole("button", { name: "Sign out" }).tap();
  await expect(again.getByRole("button", { name: "Sign out" })).toHaveCount(0);
  await expect(again.getByText(reader.user.name)).toHaveCount(0);
  const left = await deviceHolds(again);
  expect(left.databases).not.toContain("marginalia-offline");
  expect(left.caches).not.toContain("marginalia-kept");
  await context.close();
});
