import { readFileSync } from "node:fs";
import path from "node:path";
import AxeBuilder from "@axe-core/playwright";
import { expect, type APIRequestContext, type Locator, type Page } from "@playwright/test";
import { parsePlainTextArticle } from "@/lib/documents/parse-plain-text-article";

/** The seed article, parsed by the same importer the seed uses, and its raw file for cross-checks. */
export const ARTICLE_SOURCE = readFileSync(path.join(__dirname, "..", "content", "taliban-ttp-and-pakistan.txt"), "utf8");
export const ARTICLE = parsePlainTextArticle(ARTICLE_SOURCE);
export const ARTICLE_PATH = `/read/${ARTICLE.slug}`;

/**
 * A test of what pages render and nothing else (axe scans, reflow at narrow widths, screenshots, the
 * API reference): the database under the app does not change it, so CI runs it in the SQLite pass
 * only (playwright.config.ts).
 */
export const MARKUP_ONLY = "@markup-only";

export type TestUser = { name: string; email: string; password: string };

/** Every test makes its own people (e2e/factories.ts), so tests never depend on each other. */
export function newUser(label = "reader"): TestUser {
  const id = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;
  return { name: `Test ${label} ${id}`, email: `${label}-${id}@example.test`, password: `pass-${id}-long` };
}

export async function signUp(page: Page, user: TestUser) {
  await page.goto("/signup");
  await page.getByLabel("Name").fill(user.name);
  await page.getByLabel("Email").fill(user.email);
  await page.getByLabel("Password").fill(user.password);
  await page.getByRole("button", { name: "Create account" }).click();
  await expectSignedIn(page, user);
}

/**
 * Signs up the way a browser does when the form is sent before the page's script runs: the sign-up
 * form as the server rendered it (its hidden fields name the server action), posted with the
 * person's details (signUpWithoutScript in server/auth/actions.ts). The account, its verification
 * mail and its session cookie, which lands in `request`'s cookie jar, are the same as through the
 * page, without rendering two pages in Chromium: most of what making a person cost the suite.
 * `signUp` above goes through the page, as the auth specs do.
 */
export async function signUpWithoutScript(request: APIRequestContext, user: TestUser) {
  const response = await postSignUpForm(request, user);
  expect(response.status(), `sign-up answered ${response.status()}: ${(await response.text()).slice(0, 300)}`).toBe(303);
  expect(response.headers()["set-cookie"]).toContain("next-auth.session-token=");
}

/**
 * Posts the sign-up page's form as a browser without its script does (its server action's hidden
 * fields read from the page): a 303 with the session cookie when the account is made, else 200
 * and the page again with what was refused.
 */
export async function postSignUpForm(request: APIRequestContext, user: TestUser) {
  const signUpPage = await request.get("/signup");
  expect(signUpPage.status()).toBe(200);
  const form = /<form\b[^>]*>((?:(?!<\/form>)[\s\S])*name="password"[\s\S]*?)<\/form>/.exec(await signUpPage.text());
  if (!form) throw new Error("The sign-up page has no form with a password field.");
  const hidden: Record<string, string> = {};
  for (const input of form[1].matchAll(/<input type="hidden" name="([^"]*)"(?: value="([^"]*)")?\/?>/g)) {
    hidden[decodeHtml(input[1])] = decodeHtml(input[2] ?? "");
  }
  return request.post("/signup", {
    multipart: { ...hidden, name: user.name, email: user.email, password: user.password },
    headers: { Origin: new URL(signUpPage.url()).origin },
    maxRedirects: 0,
  });
}

function decodeHtml(text: string): string {
  return text.replace(
    /&(quot|amp|lt|gt|#x27|#39);/g,
    (_, entity: string) => ({ quot: '"', amp: "&", lt: "<", gt: ">", "#x27": "'", "#39": "'" })[entity]!,
  );
}

export async function signIn(page: Page, user: Pick<TestUser, "email" | "password" | "name">) {
  await page.goto("/signin");
  await page.getByLabel("Email").fill(user.email);
  await page.getByLabel("Password").fill(user.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expectSignedIn(page, user);
}

export async function expectSignedIn(page: Page, user: Pick<TestUser, "name">) {
  const nav = page.getByRole("navigation", { name: "Main" });
  await expect(nav.getByText(user.name)).toBeVisible();
  await expect(nav.getByRole("link", { name: "Sign in" })).toHaveCount(0);
}

export async function expectSignedOut(page: Page) {
  await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Sign in" })).toBeVisible();
}

/** POSTs the credentials callback the way a script would (csrf token + form), not through the UI. */
export async function postCredentials(request: APIRequestContext, email: string, password: string) {
  const { csrfToken } = (await (await request.get("/api/auth/csrf")).json()) as { csrfToken: string };
  return request.post("/api/auth/callback/credentials", {
    form: { csrfToken, email, password, json: "true" },
    maxRedirects: 0,
  });
}

/** axe's rules that read colours: all a second theme can change (app/globals.css sets only colours for it). */
const AXE_COLOUR_RULES = ["color-contrast", "link-in-text-block"];

/**
 * axe-core over the page, every WCAG 2.2 A/AA rule and its best practices. `coloursOnly` is for
 * the same page in a second theme once the first was scanned whole: a theme changes custom
 * properties' colours and nothing else, so only the colour rules can answer differently (and the
 * whole scan of a large page is three times as long: the API reference's, 21 s against 7 s).
 */
export async function expectNoAxeViolations(page: Page, { coloursOnly = false } = {}) {
  // A dynamic page's <title> is streamed after its body (Next's streaming metadata): on a loaded
  // machine axe could run before it arrived and report the page as untitled. Wait for it first.
  await page.waitForFunction(() => document.title.trim() !== "", undefined, { timeout: 10_000 });
  const axe = new AxeBuilder({ page });
  const results = await (
    coloursOnly ? axe.withRules(AXE_COLOUR_RULES) : axe.withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"])
  ).analyze();
  const summary = results.violations.map((violation) => ({
    id: violation.id,
    impact: violation.impact,
    help: violation.help,
    targets: violation.nodes.map((node) => node.target.join(" ")).slice(0, 5),
  }));
  expect(summary).toEqual([]);
}

/** The live region a form announces its errors in (not Next's own route announcer). */
export function formAlert(page: Page) {
  return page.locator("form [role=alert]");
}

/** Where a phrase of the article is on screen: its first and last line boxes, in viewport pixels. */
export type PhraseBox = { x1: number; y1: number; x2: number; y2: number; top: number; bottom: number; left: number };

/**
 * Finds the first occurrence of `phrase` in the article body (counting its text the way selectors
 * do, across marks and elements) and returns where it is on screen: the one place the specs turn a
 * phrase into a DOM Range. `scroll` brings it to the middle of the viewport first (at once, no
 * smooth scrolling); `select` makes it the document's selection, as a long press or a script would.
 */
export function phraseInArticle(page: Page, phrase: string, { scroll = false, select = false } = {}): Promise<PhraseBox> {
  return page.locator(".reader__body").evaluate(
    (body, { phrase, scroll, select }) => {
      const text = body.textContent ?? "";
      const start = text.indexOf(phrase);
      if (start < 0) throw new Error(`"${phrase}" is not in the article`);
      const end = start + phrase.length;
      const walker = document.createTreeWalker(body, NodeFilter.SHOW_TEXT);
      const range = document.createRange();
      let offset = 0;
      for (let node = walker.nextNode() as Text | null; node; node = walker.nextNode() as Text | null) {
        if (offset <= start && start < offset + node.length) range.setStart(node, start - offset);
        if (offset < end && end <= offset + node.length) range.setEnd(node, end - offset);
        offset += node.length;
      }
      if (scroll) range.startContainer.parentElement!.scrollIntoView({ block: "center", behavior: "instant" });
      if (select) {
        const selection = window.getSelection()!;
        selection.removeAllRanges();
        selection.addRange(range);
      }
      const rects = range.getClientRects();
      const [first, last] = [rects[0], rects[rects.length - 1]];
      return {
        x1: first.left + 1,
        y1: first.top + first.height / 2,
        x2: last.right - 1,
        y2: last.top + last.height / 2,
        top: first.top,
        bottom: last.bottom,
        left: first.left,
      };
    },
    { phrase, scroll, select },
  );
}

/**
 * Selects the first occurrence of `phrase` in the article the way a long press does on a phone:
 * the selection changes (no mouse drag), and the page's selectionchange listener sees it. Returns
 * the selection toolbar, once it shows.
 */
export async function selectLikeLongPress(page: Page, phrase: string) {
  await phraseInArticle(page, phrase, { scroll: true, select: true });
  const toolbar = page.getByRole("toolbar", { name: "Selected text" });
  await expect(toolbar).toBeVisible();
  return toolbar;
}

/** Drags the mouse across the first occurrence of `phrase` in the article body; the toolbar shows. */
export async function selectByMouse(page: Page, phrase: string) {
  // Where the phrase is on screen once it has stopped moving: a smooth scroll still under way
  // (e.g. after choosing a card) would move the text under the mouse mid-drag.
  let box = await phraseInArticle(page, phrase, { scroll: true });
  for (let attempt = 0; attempt < 20; attempt++) {
    await page.waitForTimeout(100);
    const again = await phraseInArticle(page, phrase);
    if (again.y1 === box.y1 && again.x1 === box.x1) break;
    box = await phraseInArticle(page, phrase, { scroll: true });
  }
  await page.mouse.move(box.x1, box.y1);
  await page.mouse.down();
  await page.mouse.move(box.x2, box.y2, { steps: 10 });
  await page.mouse.up();
  await expect(page.getByRole("toolbar", { name: "Selected text" })).toBeVisible();
}

/**
 * The reading page's sidebar mounts only the cards near its visible part (a virtualized list): scrolls
 * it from the top, a few cards at a time, until `target` is mounted, then brings it into view.
 */
export async function scrollSidebarUntil(page: Page, target: Locator) {
  const list = page.locator(".annotation-list--virtual");
  await expect(list).toBeAttached();
  const scrollBy = (pixels: number | null) =>
    list.evaluate((element, by) => {
      let scroller = element.parentElement;
      while (scroller && !(scroller.scrollHeight > scroller.clientHeight && /auto|scroll/.test(getComputedStyle(scroller).overflowY))) {
        scroller = scroller.parentElement;
      }
      const box = scroller ?? document.scrollingElement!;
      if (by === null) box.scrollTop = 0;
      else box.scrollBy(0, by);
    }, pixels);
  if ((await target.count()) === 0) await scrollBy(null);
  for (let step = 0; step < 50 && (await target.count()) === 0; step++) {
    await scrollBy(300);
    await page.waitForTimeout(50);
  }
  await target.scrollIntoViewIfNeeded();
}

/**
 * The outbox as this device stores it (IndexedDB, components/offline/offline-db.ts), as JSON. Read
 * only once the page has opened that database: opening it here first would create it empty.
 */
export function storedOutbox(page: Page): Promise<string> {
  return page.evaluate(
    () =>
      new Promise<string>((resolve, reject) => {
        const open = indexedDB.open("marginalia-offline", 1);
        open.onsuccess = () => {
          const request = open.result.transaction("outbox").objectStore("outbox").getAll();
          request.onsuccess = () => {
            open.result.close();
            resolve(JSON.stringify(request.result));
          };
          request.onerror = () => reject(request.error);
        };
        open.onerror = () => reject(open.error);
      }),
  );
}

/** Opens the article and reloads it once the service worker is ready, so that the worker controls the page (as once installed). */
export async function openControlledByServiceWorker(page: Page) {
  await page.goto(ARTICLE_PATH);
  await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
  await page.reload();
  await expect.poll(() => page.evaluate(() => navigator.serviceWorker.controller?.scriptURL ?? null)).toMatch(/\/sw\.js$/);
}

type Pointer = "mouse" | "touch";

/** Presses `control` as `pointer` does: a click, or a tap. */
const press = (control: Locator, pointer: Pointer) => (pointer === "touch" ? control.tap() : control.click());

/**
 * Opens the editor for a new note on `phrase`: selected as `pointer` selects (a drag, or a
 * long-press), then the selection toolbar's Annotate.
 */
async function startNote(page: Page, phrase: string, pointer: Pointer) {
  await (pointer === "touch" ? selectLikeLongPress(page, phrase) : selectByMouse(page, phrase));
  await press(page.getByRole("toolbar", { name: "Selected text" }).getByRole("button", { name: /^Annotate/ }), pointer);
  const form = page.getByRole("form", { name: "New annotation" });
  await expect(form).toBeVisible();
  return form;
}

/** Writes a private note on `phrase` (startNote), saved from the editor. */
async function writeNote(page: Page, phrase: string, body: string, pointer: Pointer) {
  const form = await startNote(page, phrase, pointer);
  await form.getByLabel("Who can see this").selectOption("private");
  await form.getByLabel("Comment").fill(body);
  await press(form.getByRole("button", { name: "Save" }), pointer);
  await expect(form).toBeHidden();
}

export const startNoteByTouch = (page: Page, phrase: string) => startNote(page, phrase, "touch");
export const startNoteByMouse = (page: Page, phrase: string) => startNote(page, phrase, "mouse");
export const writeNoteByTouch = (page: Page, phrase: string, body: string) => writeNote(page, phrase, body, "touch");
export const writeNoteByMouse = (page: Page, phrase: string, body: string) => writeNote(page, phrase, body, "mouse");
