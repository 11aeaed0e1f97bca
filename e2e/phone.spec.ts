// Issue 14, items 1-3: the phone as a first-class place to read (header menu, touch selection,
// the editor sheet, target sizes, focus above the sheet), reflow at 320 CSS px and 200% zoom,
// reading comfort per reader, reduced motion, and an installable app shell.
import path from "node:path";
import { expect, test, type Browser, type BrowserContextOptions, type Page, type Route } from "./test";
import { annotate, createGroup, createPerson, reply } from "./factories";
import { ARTICLE_PATH, expectNoAxeViolations, MARKUP_ONLY, openControlledByServiceWorker, phraseInArticle, signIn } from "./fixtures";

// An installable app: its service worker is part of what this file tests (playwright.config.ts blocks it elsewhere).
test.use({ serviceWorkers: "allow" });

const SCREENSHOTS = path.join(__dirname, "..", "docs", "screenshots", "phone");
const SENTENCE = "This distinction matters.";

const touch = (width: number, height: number): BrowserContextOptions => ({ viewport: { width, height }, hasTouch: true, isMobile: true });
const PHONES = { 360: touch(360, 780), 390: touch(390, 844), 430: touch(430, 932) } as const;
const TABLET = touch(820, 1180);
const SIZES: [string, BrowserContextOptions][] = [
  ["360 px phone", PHONES[360]],
  ["390 px phone", PHONES[390]],
  ["430 px phone", PHONES[430]],
  ["820 px tablet", TABLET],
];

test.describe.configure({ timeout: 60_000 });

/** Where `phrase` is in the article, and a point just inside its first character's line box. */
async function phraseRects(page: Page, phrase: string) {
  const box = await phraseInArticle(page, phrase);
  return { ...box, x: box.left + 2, y: box.top + 4 };
}

/**
 * A long press, as far as a page can see one: a touch on the word (pointerdown with pointerType
 * "touch"), then the selection changes without any mouse drag (the system draws its handles).
 */
async function longPressSelect(page: Page, phrase: string) {
  await phraseInArticle(page, phrase, { scroll: true });
  const at = await phraseRects(page, phrase);
  await page.touchscreen.tap(at.x, at.y);
  await phraseInArticle(page, phrase, { select: true });
  const toolbar = page.getByRole("toolbar", { name: "Selected text" });
  await expect(toolbar).toBeVisible();
  return toolbar;
}

async function boxOf(page: Page, selector: string) {
  const box = await page.locator(selector).first().boundingBox();
  if (!box) throw new Error(`${selector} has no box`);
  return box;
}

// ---------------------------------------------------------------------------------------------

test.describe("item 1: phone layout", () => {
  for (const [label, options] of SIZES) {
    test(`the header is one row with a Menu that opens, closes and works from the keyboard (${label})`, async ({ browser }) => {
      const { page, user, context } = await createPerson(browser, "menu", options);
      await page.goto("/");
      const nav = page.getByRole("navigation", { name: "Main" });
      const menu = nav.getByRole("button", { name: "Menu" });
      await expect(menu).toHaveAttribute("aria-expanded", "false");
      await expect(nav.getByRole("link", { name: "Groups" })).toBeHidden();
      // One row: brand, who is signed in and the button, not three rows of links.
      const header = await boxOf(page, ".site-header__inner");
      expect(header.height).toBeLessThan(72);
      await expect(nav.getByText(user.name)).toBeVisible();

      await menu.tap();
      await expect(menu).toHaveAttribute("aria-expanded", "true");
      for (const name of ["Library", "Groups", "My notes", "Notifications", "Settings", "Account"]) {
        const link = nav.getByRole("link", { name });
        await expect(link).toBeVisible();
        const box = (await link.boundingBox())!;
        expect(box.x).toBeGreaterThanOrEqual(0);
        expect(box.x + box.width).toBeLessThanOrEqual(options.viewport!.width);
        expect(box.height).toBeGreaterThanOrEqual(44);
      }
      await nav.getByRole("link", { name: "Groups" }).tap();
      await expect(page).toHaveURL(/\/groups$/);
      await expect(menu).toHaveAttribute("aria-expanded", "false");
      await expect(nav.getByRole("link", { name: "Groups" })).toBeHidden();

      // Keyboard: Enter opens, Tab goes into the list, Escape closes and returns to the button.
      await menu.focus();
      await page.keyboard.press("Enter");
      await expect(menu).toHaveAttribute("aria-expanded", "true");
      await page.keyboard.press("Tab");
      await expect(nav.getByRole("link", { name: "Library" })).toBeFocused();
      await page.keyboard.press("Escape");
      await expect(menu).toHaveAttribute("aria-expanded", "false");
      await expect(menu).toBeFocused();
      await context.close();
    });
  }

  test("an unread notification puts a dot on Menu, named to screen readers; reading it takes the dot away", async ({ browser }) => {
    // Before, the count was only inside the closed menu: nothing on a phone's screen said a reply had come.
    const writer = await createPerson(browser, "dot", PHONES[390]);
    const replier = await createPerson(browser, "replier");
    // In a group of their own: a note shared with everyone would show on every other test's page of the article.
    const pair = await createGroup(writer, { members: { member: [replier] } });
    const note = await annotate(writer, { group: pair.id }, { at: "This distinction matters.", body: "Why?" });
    await writer.page.goto("/");
    const nav = writer.page.getByRole("navigation", { name: "Main" });
    await expect(nav.getByRole("button", { name: "Menu", exact: true })).toBeVisible();
    await reply(replier, note.id, "Because it is a choice.");
    await writer.page.reload();
    const menu = nav.getByRole("button", { name: "Menu (unread notifications)" });
    await expect(menu).toBeVisible();
    const dot = await menu.evaluate((button) => {
      const after = getComputedStyle(button, "::after");
      return { width: after.width, background: after.backgroundColor };
    });
    expect(dot.width).not.toBe("auto");
    expect(dot.background).not.toBe("rgba(0, 0, 0, 0)");
    await writer.page.goto("/notifications");
    await writer.page.getByRole("button", { name: /Mark all/ }).tap();
    await expect(nav.getByRole("button", { name: "Menu", exact: true })).toBeVisible();
    await writer.context.close();
    await replier.context.close();
  });

  test("at 1280 px every link is in the header's row and there is no Menu button", async ({ browser }) => {
    const { page, context } = await createPerson(browser, "wide", { viewport: { width: 1280, height: 800 } });
    await page.goto("/");
    const nav = page.getByRole("navigation", { name: "Main" });
    await expect(nav.getByRole("button", { name: "Menu" })).toBeHidden();
    await expect(nav.getByRole("link", { name: "Account" })).toBeVisible();
    await expect(nav.getByRole("button", { name: "Sign out" })).toBeVisible();
    expect((await boxOf(page, ".site-header__inner")).height).toBeLessThan(72);
    await context.close();
  });

  for (const [label, options] of SIZES) {
    test(`a long press puts the toolbar below the selection, clear of the system's menu (${label})`, async ({ browser }) => {
      const { page, context } = await createPerson(browser, "touch", options);
      await page.goto(ARTICLE_PATH);
      const toolbar = await longPressSelect(page, SENTENCE);
      const selection = await phraseRects(page, SENTENCE);
      const box = (await toolbar.boundingBox())!;
      // Below the selection and its handles; inside the screen; every button at least 24 px.
      expect(box.y).toBeGreaterThanOrEqual(selection.bottom + 20);
      expect(box.x).toBeGreaterThanOrEqual(0);
      expect(box.x + box.width).toBeLessThanOrEqual(options.viewport!.width);
      for (const button of await toolbar.getByRole("button").all()) {
        const size = (await button.boundingBox())!;
        expect(Math.min(size.width, size.height)).toBeGreaterThanOrEqual(24);
      }
      // The toolbar works by touch: the highlight is made.
      await toolbar.getByRole("button", { name: /^Highlight/ }).tap();
      await expect(page.locator("mark.hl--mine").filter({ hasText: "This distinction" })).toHaveCount(1);
      await context.close();
    });
  }

  test("with a mouse the toolbar stays above the selection", async ({ browser }) => {
    const { page, context } = await createPerson(browser, "mouse", { viewport: { width: 1280, height: 800 } });
    await page.goto(ARTICLE_PATH);
    await page.locator(".reader__body p").nth(2).scrollIntoViewIfNeeded();
    const at = await phraseRects(page, SENTENCE);
    await page.mouse.move(at.x, at.y);
    await page.mouse.down();
    await page.mouse.up();
    await page.locator(".reader__body").evaluate((body, phrase) => {
      const walker = document.createTreeWalker(body, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode() as Text | null; node; node = walker.nextNode() as Text | null) {
        const index = node.data.indexOf(phrase);
        if (index < 0) continue;
        const range = document.createRange();
        range.setStart(node, index);
        range.setEnd(node, index + phrase.length);
        window.getSelection()!.removeAllRanges();
        window.getSelection()!.addRange(range);
        return;
      }
    }, SENTENCE);
    const toolbar = page.getByRole("toolbar", { name: "Selected text" });
    await expect(toolbar).toBeVisible();
    const box = (await toolbar.boundingBox())!;
    expect(box.y + box.height).toBeLessThanOrEqual((await phraseRects(page, SENTENCE)).top);
    await context.close();
  });

  test("the editor is a full-height sheet that keeps the quoted passage in view while typing", async ({ browser }) => {
    const { page, context } = await createPerson(browser, "editor", PHONES[390]);
    await page.goto(ARTICLE_PATH);
    const toolbar = await longPressSelect(page, SENTENCE);
    await toolbar.getByRole("button", { name: /^Annotate/ }).tap();
    const form = page.getByRole("form", { name: "New annotation" });
    await expect(form.getByLabel("Comment")).toBeFocused();
    // The "Words quoted" sliders are targets a finger can hold (WCAG 2.5.8): they were 16 px tall.
    await expect(form.getByRole("slider")).toHaveCount(2);
    for (const slider of await form.getByRole("slider").all()) expect((await slider.boundingBox())!.height).toBeGreaterThanOrEqual(24);
    const sheet = await boxOf(page, ".sidebar");
    expect(sheet.y).toBeLessThanOrEqual(1);
    expect(sheet.height).toBeGreaterThanOrEqual(844 - 2);
    await form.getByLabel("Comment").fill("Line one\n".repeat(12));
    // Down to the Save button (the sheet scrolls): the quote is still on screen and on top.
    await form.getByRole("button", { name: "Save" }).focus();
    await form.getByRole("button", { name: "Save" }).scrollIntoViewIfNeeded();
    const quote = form.locator(".annotation-quote");
    await expect(quote).toHaveText(SENTENCE);
    await expect(quote).toBeInViewport();
    const isOnTop = await quote.evaluate((element) => {
      const rect = element.getBoundingClientRect();
      const hit = document.elementFromPoint(rect.left + rect.width / 2, rect.top + rect.height / 2);
      return hit !== null && element.contains(hit);
    });
    expect(isOnTop).toBe(true);
    await expectNoAxeViolations(page);
    await form.getByRole("button", { name: "Save" }).tap();
    await expect(page.locator(".annotation-card").first()).toContainText("Line one");
    // The sheet opens over the text with the new card: the new highlight shows in the room above it,
    // not under it (a keyboard and screen-reader probe found it hidden).
    const isNewHighlightAboveSheet = () =>
      page.evaluate(async () => {
        const sheet = document.querySelector<HTMLElement>(".sidebar")!;
        await Promise.all(sheet.getAnimations().map((animation) => animation.finished));
        const box = document.querySelector(".reader__body mark.hl--mine")!.getBoundingClientRect();
        return box.top >= 0 && box.bottom <= sheet.getBoundingClientRect().top;
      });
    await expect.poll(isNewHighlightAboveSheet).toBe(true);
    await context.close();
  });

  test("focus moved into the page lands above the bottom sheet, open or closed (WCAG 2.4.11)", async ({ browser }) => {
    const { page, context } = await createPerson(browser, "focus", PHONES[390]);
    await page.goto(ARTICLE_PATH);
    const sheetTop = () => page.locator(".sidebar").evaluate((sheet) => sheet.getBoundingClientRect().top);
    const focusedBottom = () => page.evaluate(() => document.activeElement!.getBoundingClientRect().bottom);
    // Put the fifth paragraph's "annotate this paragraph" button just under the closed sheet, then Tab to it.
    const paragraph = page.locator(".reader__body p").nth(4);
    await paragraph.evaluate((p) => window.scrollBy(0, p.getBoundingClientRect().top - (window.innerHeight - 30)));
    await page.locator(".reader__body p").nth(3).locator(".paragraph-annotate").focus();
    await page.keyboard.press("Tab");
    await expect(paragraph.locator(".paragraph-annotate")).toBeFocused();
    await expect.poll(async () => (await focusedBottom()) <= (await sheetTop())).toBe(true);

    // With the sheet open (most of the screen), focus going back to the article is scrolled above it.
    await page.getByRole("button", { name: /^Annotations \(\d+\)/ }).tap();
    await expect(page.locator(".sidebar--open")).toBeVisible();
    const later = page.locator(".reader__body p").nth(6);
    await later.evaluate((p) => window.scrollBy(0, p.getBoundingClientRect().top - (window.innerHeight - 60)));
    await later.locator(".paragraph-annotate").focus();
    await expect.poll(async () => (await focusedBottom()) <= (await sheetTop())).toBe(true);
    await context.close();
  });

  test("a tap in the article's text leaves the page where it was", async ({ browser }) => {
    // The tap focuses the page's main region (tabindex=-1, for the skip link), which is taller than
    // the screen: keeping focus above the sheet once scrolled the whole reading to its end. The
    // title is tapped: no other test's shared highlight can be there to open a thread instead.
    const { page, context } = await createPerson(browser, "tap-text", PHONES[390]);
    await page.goto(ARTICLE_PATH);
    await page.waitForFunction(() => document.documentElement.dataset.hydratedAt !== undefined);
    await page.locator("#document-title").tap();
    await expect(page.locator("main")).toBeFocused();
    // The sheet's check runs a frame after the focus (and after any animation of the sheet).
    await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(resolve, 100)))));
    expect(await page.evaluate(() => window.scrollY)).toBe(0);
    await context.close();
  });

  test("a highlight tapped low on the screen, or chosen in the list, shows above the sheet that opens over the text", async ({
    browser,
  }) => {
    const { page, context } = await createPerson(browser, "tap-highlight", PHONES[390]);
    const note = await annotate(context, "private", { at: "Foreign policy analysis focuses", body: "Low on the screen" });
    await page.goto(ARTICLE_PATH);
    await page.waitForFunction(() => document.documentElement.dataset.hydratedAt !== undefined);
    const mark = page.locator(`.reader__body mark[data-annotation-id="${note.id}"]`);
    // Clear of the sheet, once it has come to rest (a height transition) and the page has scrolled.
    const isAboveSheet = () =>
      page.evaluate(async (id) => {
        const sheet = document.querySelector<HTMLElement>(".sidebar")!;
        await Promise.all(sheet.getAnimations().map((animation) => animation.finished));
        const box = document.querySelector(`.reader__body mark[data-annotation-id="${id}"]`)!.getBoundingClientRect();
        return box.top >= 0 && box.bottom <= sheet.getBoundingClientRect().top;
      }, note.id);

    // Just above the closed sheet: the open one covers the bottom three quarters of the screen.
    await mark.evaluate((element) => window.scrollBy(0, element.getBoundingClientRect().bottom - (window.innerHeight - 80)));
    await mark.tap();
    await expect(page.locator(".sidebar--open")).toBeVisible();
    const card = page.getByRole("listitem").filter({ hasText: "Low on the screen" });
    await expect(card.getByRole("button", { expanded: true })).toBeVisible();
    await expect.poll(isAboveSheet).toBe(true);
    // The sheet's header, its only close control, is still at its top: bringing the card into view
    // scrolled the sheet itself too, and the header went out of sight above its edge (QA round 6).
    const toggle = page.locator(".sidebar__sheet-toggle");
    const isToggleOnTop = () =>
      toggle.evaluate((element) => {
        const box = element.getBoundingClientRect();
        return element.contains(document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2));
      });
    expect(await isToggleOnTop()).toBe(true);

    // From the list, with the highlight far below: it comes up above the sheet, not to the middle
    // of the screen under it.
    await card.getByRole("button", { expanded: true }).tap();
    await page.evaluate(() => window.scrollTo(0, 0));
    await card.getByRole("button", { expanded: false }).tap();
    await expect(card.getByRole("button", { expanded: true })).toBeVisible();
    await expect.poll(isAboveSheet).toBe(true);
    await context.close();
  });

  test("the picker of stacked highlights at the end of a line stays on the screen", async ({ browser }) => {
    const { page, context } = await createPerson(browser, "picker-edge", PHONES[360]);
    await page.goto(ARTICLE_PATH);
    // The text offset of a letter at the right end of a line of the second paragraph.
    const offset = await page.locator(".reader__body").evaluate((body) => {
      const paragraph = body.querySelectorAll("p")[1];
      const walker = document.createTreeWalker(body, NodeFilter.SHOW_TEXT);
      const range = document.createRange();
      let at = 0;
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const words = node.textContent!;
        for (let index = 0; paragraph.contains(node) && index < words.length; index += 1) {
          range.setStart(node, index);
          range.setEnd(node, index + 1);
          if (/\w/.test(words[index]) && range.getBoundingClientRect().right > window.innerWidth - 40) return at + index;
        }
        at += words.length;
      }
      return -1;
    });
    expect(offset).toBeGreaterThan(0);
    await annotate(context, "private", { at: [offset, offset + 1], body: "Edge one" });
    await annotate(context, "private", { at: [offset, offset + 1], body: "Edge two" });
    await page.reload();
    await page.waitForFunction(() => document.documentElement.dataset.hydratedAt !== undefined);
    await page.locator(`.reader__body mark[data-at='${offset}']`).tap();
    const picker = page.getByRole("dialog", { name: "Choose an annotation" });
    await expect(picker.getByRole("button", { name: /Edge (one|two)/ })).toHaveCount(2);
    const box = (await picker.boundingBox())!;
    expect(box.x).toBeGreaterThanOrEqual(0);
    expect(box.x + box.width).toBeLessThanOrEqual(360);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBe(360);
    await picker.getByRole("button", { name: /Edge two/ }).tap();
    await expect(page.getByRole("listitem").filter({ hasText: "Edge two" }).getByRole("button", { expanded: true })).toBeVisible();
    await context.close();
  });

  test("every interactive element on the reading, library, account and group pages is at least 24 × 24 px (WCAG 2.5.8)", async ({
    browser,
  }) => {
    const { page, context } = await createPerson(browser, "targets", PHONES[390]);
    const group = await createGroup(context);
    await annotate(context, "private", { at: SENTENCE, body: "A [link](https://example.org) in a note", tags: ["tagged"] });
    const pages: [string, (page: Page) => Promise<void>][] = [
      [ARTICLE_PATH, async (page) => void (await page.getByRole("button", { name: /^Annotations \(\d+\)/ }).tap())],
      ["/", async () => {}],
      ["/account", async () => {}],
      [`/groups/${group.id}`, async () => {}],
      ["/groups", async () => {}],
      ["/settings", async () => {}],
    ];
    for (const [url, prepare] of pages) {
      await page.goto(url);
      await prepare(page);
      expect({ url, tooSmall: await undersizedTargets(page) }).toEqual({ url, tooSmall: [] });
      // And with the header menu open.
      await page.getByRole("button", { name: "Menu" }).tap();
      expect({ url, menu: true, tooSmall: await undersizedTargets(page) }).toEqual({ url, menu: true, tooSmall: [] });
      await page.keyboard.press("Escape");
    }
    await context.close();
  });
});

/**
 * Pointer targets smaller than 24 × 24 CSS px that no WCAG 2.5.8 exception covers: a target in a
 * sentence (an inline link among other text) is exempt, and so is an undersized one whose 24 px
 * circle, centred on it, overlaps no other target and no other such circle.
 */
async function undersizedTargets(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const selector = "a[href], button, input:not([type=hidden]), select, textarea, summary, [role=button], [tabindex]:not([tabindex='-1'])";
    const isShown = (element: Element) => {
      const rect = element.getBoundingClientRect();
      const style = getComputedStyle(element);
      if (rect.width === 0 || rect.height === 0 || style.visibility === "hidden") return false;
      // Visually hidden until focused (the skip link, the phone's "annotate this paragraph"): not a pointer target.
      if (rect.width <= 1 && rect.height <= 1) return false;
      if (rect.bottom < -100) return false;
      return !element.closest("[aria-hidden=true], [inert]");
    };
    const targets = [...document.querySelectorAll(selector)].filter(isShown);
    const rects = targets.map((target) => target.getBoundingClientRect());
    const isInSentence = (element: Element) => {
      if (getComputedStyle(element).display !== "inline") return false;
      const block = element.parentElement?.closest("p, li, dd, td, span, div");
      const text = (block?.textContent ?? "").replace(/\s+/g, " ").trim();
      return text.length > (element.textContent ?? "").trim().length + 2;
    };
    const circleOverlaps = (index: number) => {
      const rect = rects[index];
      const cx = rect.left + rect.width / 2;
      const cy = rect.top + rect.height / 2;
      return rects.some((other, otherIndex) => {
        if (otherIndex === index || targets[otherIndex].contains(targets[index]) || targets[index].contains(targets[otherIndex]))
          return false;
        // Distance from the circle's centre to the other target's box.
        const dx = Math.max(other.left - cx, 0, cx - other.right);
        const dy = Math.max(other.top - cy, 0, cy - other.bottom);
        const isOtherSmall = other.width < 24 || other.height < 24;
        return (
          Math.hypot(dx, dy) < 12 || (isOtherSmall && Math.hypot(other.left + other.width / 2 - cx, other.top + other.height / 2 - cy) < 24)
        );
      });
    };
    const problems: string[] = [];
    targets.forEach((target, index) => {
      const rect = rects[index];
      if (rect.width >= 24 && rect.height >= 24) return;
      if (isInSentence(target)) return;
      // A native control inside its own label: the label is the target (it is clickable too).
      const label = target.closest("label");
      if (label) {
        const box = label.getBoundingClientRect();
        if (box.width >= 24 && box.height >= 24) return;
      }
      if (!circleOverlaps(index)) return;
      const name = (target.getAttribute("aria-label") ?? target.textContent ?? "").trim().slice(0, 30);
      problems.push(
        `${target.tagName.toLowerCase()}${target.id ? `#${target.id}` : ""} "${name}" ${Math.round(rect.width)}×${Math.round(rect.height)}`,
      );
    });
    return problems;
  });
}

// ---------------------------------------------------------------------------------------------

/** The main pages, for a reader who belongs to a group and has a note. */
async function mainPages(browser: Browser, options: BrowserContextOptions) {
  const person = await createPerson(browser, "reflow", options);
  const group = await createGroup(person.context);
  await annotate(person.context, "private", {
    at: SENTENCE,
    body: "A note with a [link](https://example.org/a/very/long/path/that/wraps)",
  });
  const urls = [ARTICLE_PATH, "/", "/groups", `/groups/${group.id}`, "/notes", "/notifications", "/settings", "/account", "/readings/new"];
  return { ...person, urls };
}

async function horizontalOverflow(page: Page) {
  return page.evaluate(() => document.scrollingElement!.scrollWidth - document.scrollingElement!.clientWidth);
}

test.describe("item 2: reflow and comfort", () => {
  for (const [label, viewport] of [
    ["320 CSS px", { width: 320, height: 640 }],
    ["200% zoom of 1280 px (640 CSS px)", { width: 640, height: 400 }],
  ] as const) {
    test(`every main page and form fits ${label} without horizontal scrolling`, { tag: MARKUP_ONLY }, async ({ browser }) => {
      const { page, urls, context } = await mainPages(browser, { viewport });
      for (const url of urls) {
        await page.goto(url);
        expect({ url, overflow: await horizontalOverflow(page) }).toEqual({ url, overflow: 0 });
      }
      // The sheet open, the editor open, the header menu open.
      await page.goto(ARTICLE_PATH);
      await page.getByRole("button", { name: /^Annotations \(\d+\)/ }).click();
      expect(await horizontalOverflow(page)).toBe(0);
      await page.getByRole("button", { name: "Menu" }).click();
      expect(await horizontalOverflow(page)).toBe(0);
      await context.close();

      // Signed out: the forms.
      const anonymous = await browser.newContext({ viewport });
      const anonymousPage = await anonymous.newPage();
      for (const url of ["/signin", "/signup", ARTICLE_PATH, "/offline"]) {
        await anonymousPage.goto(url);
        expect({ url, overflow: await horizontalOverflow(anonymousPage) }).toEqual({ url, overflow: 0 });
      }
      await anonymous.close();
    });
  }

  test(
    "axe finds nothing at 390 px and at 200% zoom, with the menu and the comfort panel open",
    { tag: MARKUP_ONLY },
    async ({ browser }) => {
      test.setTimeout(150_000);
      for (const viewport of [
        { width: 390, height: 844 },
        { width: 640, height: 400 },
      ]) {
        const { page, context } = await createPerson(browser, "axe", { viewport });
        await annotate(context, "private", { at: SENTENCE, body: "Noted" });
        await page.goto(ARTICLE_PATH);
        await expectNoAxeViolations(page);
        await page.getByRole("button", { name: "Menu" }).click();
        await expectNoAxeViolations(page);
        await page.keyboard.press("Escape");
        await page.getByRole("button", { name: /Text & theme/ }).click();
        // By keyboard (focus, then Space), as a reader at 200% zoom may: at 640 × 400 the panel is an
        // anchored popover taller than the space below its button, and a pointer click made Playwright
        // scroll the page under it and hit the article instead (once in many CI runs). What this test
        // checks is axe with the panel open, in each theme.
        const chooseTheme = async (name: string) => {
          const radio = page.getByRole("radio", { name });
          await radio.focus();
          await page.keyboard.press("Space");
          await expect(radio).toBeChecked();
        };
        await chooseTheme("Sepia");
        await expectNoAxeViolations(page);
        await chooseTheme("Dark");
        await expectNoAxeViolations(page);
        await page.goto("/");
        await expectNoAxeViolations(page);
        await context.close();
      }
    },
  );

  test("a signed-in reader's text size, spacing and theme follow them to another device, rendered by the server", async ({ browser }) => {
    const { page, user, context } = await createPerson(browser, "comfort", PHONES[390]);
    await page.goto(ARTICLE_PATH);
    const size = () => page.locator(".reader__body").evaluate((body) => parseFloat(getComputedStyle(body).fontSize));
    const before = await size();
    await page.getByRole("button", { name: /Text & theme/ }).tap();
    await page.getByRole("button", { name: "Larger text" }).tap();
    await page.getByRole("button", { name: "Larger text" }).tap();
    await expect(page.locator("html")).toHaveAttribute("data-text-size", "130");
    await page.getByRole("radio", { name: "Loose" }).check();
    await page.getByRole("radio", { name: "Sepia" }).check();
    expect(await size()).toBeCloseTo(before * 1.3, 0);
    await expect(page.locator("body")).toHaveCSS("background-color", "rgb(245, 237, 218)");

    // Another device: the server's HTML already carries the choices (no flash, no script needed).
    const other = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const otherPage = await other.newPage();
    await signIn(otherPage, user);
    const htmlTag = async () => (await (await other.request.get(ARTICLE_PATH)).text()).match(/<html[^>]*>/)?.[0] ?? "";
    await expect.poll(htmlTag).toContain('data-theme="sepia"');
    expect(await htmlTag()).toContain('data-text-size="130"');
    expect(await htmlTag()).toContain('data-line-spacing="loose"');
    await otherPage.goto(ARTICLE_PATH);
    await expect(otherPage.locator("body")).toHaveCSS("background-color", "rgb(245, 237, 218)");
    await other.close();
    await context.close();
  });

  test("an anonymous reader's choice is kept on the device and applied before the page is drawn", async ({ browser }) => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
    // What <html> says when the article's first paragraph is parsed, long before React runs.
    await context.addInitScript(() => {
      new MutationObserver((_, observer) => {
        if (!document.querySelector(".reader__body p")) return;
        (window as unknown as { themeAtParse: string | null }).themeAtParse = document.documentElement.getAttribute("data-theme");
        observer.disconnect();
      }).observe(document, { childList: true, subtree: true });
    });
    const page = await context.newPage();
    await page.goto(ARTICLE_PATH);
    await page.getByRole("button", { name: /Text & theme/ }).click();
    await page.getByRole("radio", { name: "Dark" }).check();
    await page.getByRole("radio", { name: "Compact" }).check();
    expect(await page.evaluate(() => localStorage.getItem("marginalia:comfort"))).toContain('"theme":"dark"');
    await page.reload();
    expect(await page.evaluate(() => (window as unknown as { themeAtParse: string | null }).themeAtParse)).toBe("dark");
    await expect(page.locator("html")).toHaveAttribute("data-line-spacing", "compact");
    await expect(page.locator("body")).toHaveCSS("background-color", "rgb(22, 21, 19)");
    // Junk in storage is ignored rather than applied.
    await page.evaluate(() => localStorage.setItem("marginalia:comfort", JSON.stringify({ theme: "hacker", textSize: 999 })));
    await page.reload();
    await expect(page.locator("html")).not.toHaveAttribute("data-theme", /.*/);
    await expect(page.locator("html")).not.toHaveAttribute("data-text-size", /.*/);
    await context.close();
  });

  test("prefers-reduced-motion: the sheet and the undo toast do not animate", async ({ browser }) => {
    const durations = async (reducedMotion: "reduce" | "no-preference") => {
      const { page, context } = await createPerson(browser, "motion", { ...PHONES[390], reducedMotion });
      await page.goto(ARTICLE_PATH);
      const sheet = await page.locator(".sidebar").evaluate((element) => parseFloat(getComputedStyle(element).transitionDuration));
      await context.close();
      return sheet;
    };
    expect(await durations("no-preference")).toBeGreaterThan(0.1);
    expect(await durations("reduce")).toBeLessThan(0.001);
  });
});

// ---------------------------------------------------------------------------------------------

test.describe("item 3: installable", () => {
  test("the manifest is served and valid, and its icons load at their sizes", async ({ page, request }) => {
    await page.goto("/");
    const href = await page.locator("link[rel=manifest]").getAttribute("href");
    expect(href).toBe("/manifest.webmanifest");
    const response = await request.get(href!);
    expect(response.ok()).toBe(true);
    expect(response.headers()["content-type"]).toMatch(/application\/manifest\+json/);
    const manifest = (await response.json()) as {
      name: string;
      short_name: string;
      start_url: string;
      display: string;
      icons: { src: string; sizes: string; type: string; purpose: string }[];
    };
    expect(manifest).toMatchObject({ name: "Marginalia", short_name: "Marginalia", start_url: "/", display: "standalone" });
    const purposes = manifest.icons.map((icon) => `${icon.sizes} ${icon.purpose}`);
    expect(purposes).toEqual(expect.arrayContaining(["192x192 any", "512x512 any", "512x512 maskable"]));
    for (const icon of manifest.icons) {
      const image = await request.get(icon.src);
      expect(image.headers()["content-type"]).toBe("image/png");
      const bytes = await image.body();
      // PNG signature, then the IHDR chunk's width and height.
      expect(bytes.subarray(1, 4).toString("latin1")).toBe("PNG");
      const [width, height] = icon.sizes.split("x").map(Number);
      expect([bytes.readUInt32BE(16), bytes.readUInt32BE(20)]).toEqual([width, height]);
    }
  });

  test("the service worker controls the page after a reload; offline an unvisited page shows the offline page, which loads the page once back online", async ({
    browser,
  }) => {
    const { page, context } = await createPerson(browser, "offline", PHONES[390]);
    await openControlledByServiceWorker(page);

    // The cache holds the shell: static files and the offline page, no page with a reader in it, no API answer.
    const cached = await page.evaluate(async () => {
      const urls: string[] = [];
      for (const name of await caches.keys())
        for (const key of await (await caches.open(name)).keys()) urls.push(new URL(key.url).pathname);
      return urls;
    });
    expect(cached).toContain("/offline");
    expect(cached.some((url) => url.startsWith("/_next/static/"))).toBe(true);
    expect(cached.filter((url) => !url.startsWith("/_next/static/") && !url.startsWith("/icons/"))).toEqual(
      expect.arrayContaining(["/offline"]),
    );
    expect(cached.filter((url) => url.startsWith("/api/") || url.startsWith("/read/") || url === "/")).toEqual([]);
    const offlinePage = await page.evaluate(async () => (await (await caches.match("/offline"))!.text()).includes("Sign in"));
    expect(offlinePage).toBe(true);

    await context.setOffline(true);
    // Playwright takes the service worker offline apart from the page, over its own connection to
    // it: until that holds, the worker would still fetch the page from the server (CI once showed
    // no offline page here). The worker itself says when its fetches fail.
    const [worker] = context.serviceWorkers();
    await expect
      .poll(() =>
        worker.evaluate(() =>
          fetch("/favicon.svg", { method: "HEAD", cache: "no-store" }).then(
            () => "online",
            () => "offline",
          ),
        ),
      )
      .toBe("offline");
    await page.goto("/notifications");
    // The page's heading, whichever it is, so a failure says what was shown instead.
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("You are offline");
    // Styled from the cache: the page's own stylesheet came from the service worker.
    await expect(page.locator("body")).toHaveCSS("font-family", /Inter/);
    await expect(page.getByRole("link", { name: "Try again" })).toBeVisible();
    // Back online, the page the reader asked for loads by itself, without "Try again".
    await context.setOffline(false);
    await expect(page.getByRole("heading", { name: "Notifications" })).toBeVisible();
    await expect(page).toHaveURL(/\/notifications$/);
    await context.close();
  });

  test("the offline page, shown while the network is up but the server cannot be reached, waits for the server's answer before loading the page", async ({
    browser,
  }) => {
    const { page, context } = await createPerson(browser, "server-down", PHONES[390]);
    await openControlledByServiceWorker(page);

    // The server refuses connections (the browser itself stays online): the worker's fetch of the
    // page fails, and so does every question the offline page asks the server.
    let probes = 0;
    const refuse = (route: Route) => route.abort("connectionrefused");
    await context.route("**/notifications", refuse);
    await context.route("**/favicon.svg", (route) => {
      probes += 1;
      return refuse(route);
    });
    await page.goto("/notifications");
    await expect(page.getByRole("heading", { name: "You are offline" })).toBeVisible();
    // It asks again and again, and does not reload while nothing answers (a reload would drop the mark).
    await page.evaluate(() => ((window as unknown as { notReloaded: boolean }).notReloaded = true));
    await expect.poll(() => probes, { timeout: 10_000 }).toBeGreaterThanOrEqual(2);
    expect(await page.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded)).toBe(true);

    // The server is back: the next answer loads the page the reader asked for.
    await context.unrouteAll();
    await expect(page.getByRole("heading", { name: "Notifications" })).toBeVisible();
    await expect(page).toHaveURL(/\/notifications$/);
    await context.close();
  });
});

// ---------------------------------------------------------------------------------------------

test("screenshots of the reading page in three themes and sizes, and the header menu", { tag: MARKUP_ONLY }, async ({ browser }) => {
  test.setTimeout(120_000);
  const { page, context } = await createPerson(browser, "shots", { viewport: { width: 1280, height: 800 } });
  await annotate(context, "private", { at: SENTENCE, body: "The distinction is the argument." });
  for (const theme of ["light", "dark", "sepia"] as const) {
    for (const width of [1280, 390, 320]) {
      await page.setViewportSize({ width, height: width > 1000 ? 800 : 720 });
      await page.goto(ARTICLE_PATH);
      // As a reader sees it once the page is interactive: the sidebar's cards mount after hydration.
      await page.waitForFunction(() => document.documentElement.dataset.hydratedAt !== undefined);
      if (width > 1000) await expect(page.locator(".annotation-card").first()).toBeVisible();
      await page.evaluate((theme) => document.documentElement.setAttribute("data-theme", theme), theme);
      await page.screenshot({ path: path.join(SCREENSHOTS, `reading-${theme}-${width}.png`) });
    }
  }
  await page.setViewportSize({ width: 390, height: 720 });
  await page.goto("/");
  await page.getByRole("button", { name: "Menu" }).click();
  await page.screenshot({ path: path.join(SCREENSHOTS, "header-menu-open-390.png") });
  await page.goto(ARTICLE_PATH);
  await page.getByRole("button", { name: /Text & theme/ }).click();
  await page.screenshot({ path: path.join(SCREENSHOTS, "text-and-theme-390.png") });
  await context.close();
});
