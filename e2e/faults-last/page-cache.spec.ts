// The reading page served again from the production server's page cache (server/http/page-cache.ts,
// README "Performance at class scale"), in Chromium against the real Next build and database.
//
// Here, after every other test (its own project in playwright.config.ts), because a page is served
// again only while nothing at all is committed to the database: with the rest of the suite writing
// beside it, a second load would almost never be a hit.
import { expect, test, type BrowserContext, type Page, type Response } from "../test";
import { annotate, createPerson } from "../factories";
import { ARTICLE_PATH, selectByMouse } from "../fixtures";

const NOTE = "Kept only for me, served again";
const LATER_NOTE = "Written after the page was kept";

/**
 * Loads of the reading page write nothing of their own once the page's live stream and reading
 * progress (both writes: a presence row, progress totals) are held back, so the next load can be
 * served from the cache. What the test looks at is the page as served, not those features. Held
 * back in Chromium itself (CDP), not with page.route: Playwright's routing turns the browser's
 * HTTP cache off, and every request then says "Cache-Control: no-cache", which renders afresh.
 */
async function holdBackPageWrites(context: BrowserContext, page: Page) {
  const cdp = await context.newCDPSession(page);
  await cdp.send("Network.enable");
  await cdp.send("Network.setBlockedURLs", { urls: ["*/api/documents/*/events*", "*/api/documents/*/reading-progress*"] });
}

const cacheOf = (response: Response | null) => response?.headers()["x-page-cache"];
const nonceOf = (response: Response | null) => /'nonce-([^']+)'/.exec(response?.headers()["content-security-policy"] ?? "")?.[1];

test("a reading page served again is the reader's own, runs under a fresh nonce, and never hides a change", async ({ browser }) => {
  test.setTimeout(90_000);
  const reader = await createPerson(browser, "cached");
  const other = await createPerson(browser, "uncached");
  await annotate(reader, "private", { at: "This distinction matters.", body: NOTE });
  const { page, context } = reader;
  await holdBackPageWrites(context, page);
  const refusedScripts: string[] = [];
  page.on("console", (message) => {
    if (/Content Security Policy/i.test(message.text())) refusedScripts.push(message.text());
  });

  const first = await page.goto(ARTICLE_PATH);
  expect(cacheOf(first)).toBe("miss");
  let again = await page.goto(ARTICLE_PATH);
  // A commit by anything else sends a load back to the renderer: a session's last write settling,
  // and on PostgreSQL any transaction on the whole server (the marker is the server's snapshot), such
  // as autovacuum analysing the tables the tests before this one filled, or another test's database
  // being dropped. Those settle within seconds; then a load must be a hit.
  const hitBy = Date.now() + 30_000;
  while (cacheOf(again) !== "hit" && Date.now() < hitBy) {
    await page.waitForTimeout(500);
    again = await page.goto(ARTICLE_PATH);
  }
  expect(cacheOf(again)).toBe("hit");

  // A fresh nonce, in the header and on the scripts, that the browser accepts: the page comes alive.
  expect(nonceOf(again)).toBeTruthy();
  expect(nonceOf(again)).not.toBe(nonceOf(first));
  const html = await again!.text();
  expect(html).toContain(`nonce="${nonceOf(again)}"`);
  expect(html).not.toContain(nonceOf(first)!);
  await expect(page.locator("mark").filter({ hasText: "This distinction matters." }).first()).toBeVisible();
  await selectByMouse(page, "Foreign policy analysis");
  await expect(page.getByRole("toolbar", { name: "Selected text" })).toBeVisible();
  expect(refusedScripts).toEqual([]);

  // Another reader never gets this reader's page, nor their private note.
  const theirs = await other.page.goto(ARTICLE_PATH);
  expect(cacheOf(theirs)).toBe("miss");
  expect(await theirs!.text()).not.toContain(NOTE);

  // A change is in the very next load.
  await annotate(reader, "private", { at: "Empirical evidence from the United Nations", body: LATER_NOTE });
  const afterChange = await page.goto(ARTICLE_PATH);
  expect(cacheOf(afterChange)).toBe("miss");
  await expect(page.locator("mark").filter({ hasText: "Empirical evidence from the United Nations" }).first()).toBeVisible();
});
