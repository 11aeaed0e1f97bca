import path from "node:path";
import { expect, test, type Locator, type Page } from "./test";
import { annotate, createPerson } from "./factories";
import {
  ARTICLE,
  ARTICLE_PATH,
  expectNoAxeViolations,
  MARKUP_ONLY,
  phraseInArticle,
  scrollSidebarUntil,
  selectByMouse,
  selectLikeLongPress,
  startNoteByMouse,
} from "./fixtures";

// The core flows as a returning reader has them, under the service worker (playwright.config.ts blocks it elsewhere).
test.use({ serviceWorkers: "allow" });

const SLUG = ARTICLE.slug;
const SENTENCE = "This distinction matters.";
const SECOND_SENTENCE = "Such statements indicate a preference for mediation over enforcement.";
// Annotations shared with everyone are seen by every test's readers: each test that shares one
// uses a passage of its own, so no test finds another's highlight under its mouse.
const SHARED_THREAD = "not a monolithic organization";
const SHARED_WITH_ALL = "selective application of force";
const SHARED_FOR_FILTERS = "Empirical evidence from the United Nations";
const SHARED_CROWD = "Continued violence strains relations with Pakistan, complicates border management";

/** A signed-in reader with their own browser context, on the article. */
async function readerOnArticle(browser: import("./test").Browser, label = "reader") {
  const reader = await createPerson(browser, label);
  await reader.page.goto(ARTICLE_PATH);
  return reader;
}

/** Selects `phrase` with Shift+arrows, from a caret put at its first character, until the toolbar shows. */
async function selectByKeyboard(page: Page, phrase: string) {
  await page.locator(".reader__body").evaluate((body, phrase) => {
    // The caret moves into the text, as with caret browsing: nothing else holds focus.
    (document.activeElement as HTMLElement | null)?.blur();
    const text = body.textContent ?? "";
    const start = text.indexOf(phrase);
    const walker = document.createTreeWalker(body, NodeFilter.SHOW_TEXT);
    let offset = 0;
    for (let node = walker.nextNode() as Text | null; node; node = walker.nextNode() as Text | null) {
      if (offset <= start && start < offset + node.length) {
        // Chrome extends a selection with Shift+arrows once one exists (caret browsing makes
        // the first character selectable by keyboard too; headless Chrome cannot switch it on).
        window.getSelection()!.setBaseAndExtent(node, start - offset, node, start - offset + 1);
        return;
      }
      offset += node.length;
    }
  }, phrase);
  for (let i = 1; i < phrase.length; i++) await page.keyboard.press("Shift+ArrowRight");
  await expect(page.getByRole("toolbar", { name: "Selected text" })).toBeVisible();
}

function marksFor(page: Page, phrase: string) {
  return page.locator("mark.hl").filter({ hasText: phrase.slice(0, 12) });
}

/** The text covered by my highlights, in order (others may share theirs with everyone meanwhile). */
async function highlightedText(page: Page) {
  return page
    .locator(".reader__body")
    .evaluate((body) => [...body.querySelectorAll("mark.hl--mine")].map((mark) => mark.textContent).join(""));
}

test.describe("annotating", () => {
  test("select a sentence with the mouse, highlight it, and find it highlighted after a reload", async ({ browser }) => {
    const { page, context } = await readerOnArticle(browser);
    await selectByMouse(page, SENTENCE);
    await page
      .getByRole("toolbar", { name: "Selected text" })
      .getByRole("button", { name: /^Highlight/ })
      .click();
    await expect(marksFor(page, SENTENCE)).toHaveCount(1);
    await expect(page.getByRole("listitem").filter({ hasText: SENTENCE })).toContainText("You");
    await expect(page.getByRole("status").filter({ hasText: "Saving…" })).toHaveCount(0);

    await page.reload();
    expect(await highlightedText(page)).toBe(SENTENCE);
    // Painted on the server: present in the HTML before any JavaScript.
    const html = await (await context.request.get(ARTICLE_PATH)).text();
    expect(html).toMatch(/<mark class="hl hl--yellow hl--mine"[^>]*>This distinction matters\.<\/mark>/);
    // The body's text is still exactly the canonical text, highlights and buttons notwithstanding.
    expect(await page.locator(".reader__body").evaluate((body) => body.textContent)).toBe(ARTICLE.text);
    await context.close();
  });

  test("Tab after selecting with the mouse goes into the selection's toolbar, not to the top of the page", async ({ browser }) => {
    const { page, context } = await readerOnArticle(browser);
    await selectByMouse(page, SENTENCE);
    const toolbar = page.getByRole("toolbar", { name: "Selected text" });
    await expect(toolbar).toBeVisible();
    await page.keyboard.press("Tab");
    await expect(toolbar.getByRole("button", { name: /^Highlight/ })).toBeFocused();
    await page.keyboard.press("Enter");
    await expect(marksFor(page, SENTENCE)).toHaveCount(1);
    await context.close();
  });

  test("a passage selected while my last highlight is still saving stays selected when it saves", async ({ browser }) => {
    // No service worker: a page it controls can send its requests past the context's routes (a
    // run where the save below was not held failed so), and that save must be held.
    const { page, context } = await createPerson(browser, "reader", { serviceWorkers: "block" });
    // Frames come slowly, as on a busy phone: the page reads a changed selection on the next frame,
    // and the save below lands before it.
    await page.addInitScript(() => {
      window.requestAnimationFrame = (callback) => window.setTimeout(() => callback(performance.now()), 400);
      window.cancelAnimationFrame = (handle) => window.clearTimeout(handle);
    });
    await page.goto(ARTICLE_PATH);
    let releaseSave!: () => void;
    const saveHeld = new Promise<void>((resolve) => (releaseSave = resolve));
    await context.route(`**/api/documents/${SLUG}/annotations`, async (route) => {
      if (route.request().method() === "POST") await saveHeld;
      await route.continue();
    });
    const toolbar = page.getByRole("toolbar", { name: "Selected text" });
    await selectByMouse(page, "divergent interests");
    await toolbar.getByRole("button", { name: /^Highlight/ }).click();
    const pending = page.locator('mark[data-annotation-id^="pending-"]');
    await expect(pending).toHaveCount(1);

    // Words of the same paragraph, selected; then the highlight saves and that paragraph is repainted
    // (its mark takes the saved id) before the page has read the new selection.
    await phraseInArticle(page, SENTENCE, { select: true });
    releaseSave();
    await expect(pending).toHaveCount(0);
    await expect(marksFor(page, "divergent interests")).toHaveCount(1);
    await expect(toolbar).toBeVisible();
    expect(await page.evaluate(() => document.getSelection()?.toString())).toBe(SENTENCE);
    await context.close();
  });

  test("annotate with a Markdown comment, tags and a colour", async ({ browser }) => {
    const { page, context } = await readerOnArticle(browser);
    const editor = await startNoteByMouse(page, SECOND_SENTENCE);
    await expect(editor.getByLabel("Comment")).toBeFocused();
    await editor.getByLabel("Comment").fill("A **preference**, not an _incapacity_. See [the UN report](https://www.un.org/).");
    await editor.getByLabel("Tags").fill("mediation, key claim");
    await editor.getByRole("radio", { name: "Green" }).check();
    await editor.getByRole("button", { name: "Save" }).click();

    const card = page.getByRole("listitem").filter({ hasText: SECOND_SENTENCE.slice(0, 30) });
    await expect(card.locator("strong")).toHaveText("preference");
    await expect(card.locator("em")).toHaveText("incapacity");
    await expect(card.getByRole("link", { name: "the UN report" })).toHaveAttribute("rel", "noopener nofollow ugc");
    await expect(card.getByRole("list", { name: "Tags" }).getByRole("listitem")).toHaveText(["key claim", "mediation"]);
    await expect(marksFor(page, SECOND_SENTENCE).first()).toHaveClass(/hl--green/);
    await page.reload();
    await expect(
      page
        .getByRole("listitem")
        .filter({ hasText: SECOND_SENTENCE.slice(0, 30) })
        .locator("strong"),
    ).toHaveText("preference");
    await context.close();
  });

  test("a phrase, not the whole paragraph, chosen word by word from the keyboard", async ({ browser }) => {
    const { page, context } = await readerOnArticle(browser);
    // Paragraph 2 opens "This distinction matters. If the problem is incapacity, …".
    await page.getByRole("button", { name: /^Annotate paragraph 2:/ }).focus();
    await page.keyboard.press("Enter");
    await expect(page.getByLabel("Comment")).toBeFocused();
    const editor = page.getByRole("form", { name: "New annotation" });
    await expect(editor.getByRole("region", { name: "Quoted passage" })).toHaveText(ARTICLE.paragraphs[1]);

    // One Shift+Tab back is the quote's last word: Home brings it to the first word, two steps on to the third.
    await page.keyboard.press("Shift+Tab");
    const last = editor.getByRole("slider", { name: "Last" });
    await expect(last).toBeFocused();
    await page.keyboard.press("Home");
    await page.keyboard.press("ArrowRight");
    await page.keyboard.press("ArrowRight");
    await expect(last).toHaveAttribute("aria-valuetext", /^word 3 of \d+: matters$/);
    await expect(editor.getByRole("region", { name: "Quoted passage" })).toHaveText("This distinction matters");
    // The draft highlight in the text follows the words chosen.
    await expect(page.locator(`.reader__body mark[data-annotation-id="draft"]`)).toHaveText("This distinction matters");

    await page.keyboard.press("Tab");
    await expect(page.getByLabel("Comment")).toBeFocused();
    await page.keyboard.type("The thesis, in three words.");
    await page.keyboard.press("Control+Enter");
    await expect(page.getByRole("listitem").filter({ hasText: "The thesis, in three words." })).toBeVisible();
    await expect.poll(() => highlightedText(page)).toBe("This distinction matters");
    await context.close();
  });

  test("the whole flow with the keyboard alone", async ({ browser }) => {
    const { page, context } = await readerOnArticle(browser);
    // Tab from the top of the page to the first paragraph's button, past "Skip to annotations".
    await page.locator("body").focus();
    for (let step = 0; step < 20; step++) {
      await page.keyboard.press("Tab");
      if (await page.evaluate(() => document.activeElement?.getAttribute("aria-label")?.startsWith("Annotate paragraph 1:"))) break;
    }
    // Each paragraph's button says which paragraph it is: its number and opening words.
    const firstWords = ARTICLE.paragraphs[0].split(/\s+/).slice(0, 5).join(" ");
    const annotateFirst = page.getByRole("button", { name: `Annotate paragraph 1: “${firstWords}…”`, exact: true });
    await expect(annotateFirst).toBeFocused();
    await expect(page.getByRole("button", { name: `Annotate paragraph 2: ` })).toHaveCount(1);
    await page.keyboard.press("Enter");
    await expect(page.getByLabel("Comment")).toBeFocused();
    // Escape gives focus back to the paragraph's button (its draft highlight had redrawn the
    // paragraph, button included: focus used to fall to the page and the next Tab to the sidebar).
    await page.keyboard.press("Escape");
    await expect(annotateFirst).toBeFocused();
    await page.keyboard.press("Enter");
    await expect(page.getByLabel("Comment")).toBeFocused();
    await page.keyboard.type("Opening question, typed without a mouse.");
    await page.keyboard.press("Tab");
    await page.keyboard.type("keyboard");
    await page.keyboard.press("Control+Enter");

    const card = page.getByRole("listitem").filter({ hasText: "Opening question, typed without a mouse." });
    await expect(card).toBeVisible();
    await expect(page.getByRole("status").filter({ hasText: "Saving…" })).toHaveCount(0);
    const firstParagraph = ARTICLE.paragraphs[0];
    await expect(marksFor(page, firstParagraph)).toHaveCount(1);
    // Saved, focus is back in the text where the reader was; the new card's thread is known to
    // be empty, never "Loading replies…".
    await expect(annotateFirst).toBeFocused();
    await expect(card.getByText("Loading replies…")).toHaveCount(0);
    // One Shift+Tab back is "Skip to annotations": Enter puts focus on the new card, at the top.
    await page.keyboard.press("Shift+Tab");
    await expect(page.getByRole("button", { name: "Skip to annotations" })).toBeFocused();
    await page.keyboard.press("Enter");
    await expect(card.getByRole("button", { expanded: true })).toBeFocused();

    // The new card opened when it was saved, and stays open once the server has it: reply, then
    // resolve; then close it and open it again with the keyboard.
    await expect(card.getByRole("button", { expanded: true })).toBeVisible();
    await card.getByLabel("Reply").focus();
    await page.keyboard.type("And a reply, also by keyboard.");
    await page.keyboard.press("Control+Enter");
    await expect(card.getByRole("list", { name: "Replies" })).toContainText("And a reply, also by keyboard.");
    await card.getByRole("button", { name: "Resolve", exact: true }).focus();
    await page.keyboard.press("Enter");
    await expect(card.getByText("Resolved", { exact: true })).toBeVisible();
    await card.getByRole("button", { expanded: true }).focus();
    await page.keyboard.press("Enter");
    await expect(card.getByRole("button", { expanded: false })).toBeFocused();
    await page.keyboard.press("Enter");
    await expect(card.getByRole("button", { expanded: true })).toBeFocused();

    // Select text with Shift+arrows and highlight with the "h" shortcut.
    await selectByKeyboard(page, SENTENCE);
    await page.keyboard.press("h");
    await expect(marksFor(page, SENTENCE)).toHaveCount(1);
    expect(await highlightedText(page)).toContain(SENTENCE);
    await context.close();
  });

  // An independent check: Tab into the toolbar, then Highlight (or Escape), left focus on the page itself.
  test("the toolbar's Highlight, or Escape in it, gives focus back to the selected paragraph's button", async ({ browser }) => {
    const { page, context } = await readerOnArticle(browser, "toolbar-focus");
    await page.waitForFunction(() => document.documentElement.dataset.hydratedAt !== undefined);
    const index = ARTICLE.paragraphs.findIndex((paragraph) => paragraph.includes(SECOND_SENTENCE));
    const firstWords = ARTICLE.paragraphs[index].split(/\s+/).slice(0, 5).join(" ");
    const paragraphButton = page.getByRole("button", { name: `Annotate paragraph ${index + 1}: “${firstWords}…”`, exact: true });
    const toolbar = page.getByRole("toolbar", { name: "Selected text" });

    await selectByKeyboard(page, SECOND_SENTENCE);
    await toolbar.getByRole("button", { name: /^Highlight/ }).focus();
    await page.keyboard.press("Escape");
    await expect(toolbar).toHaveCount(0);
    await expect(paragraphButton).toBeFocused();

    await selectByKeyboard(page, SECOND_SENTENCE);
    await toolbar.getByRole("button", { name: /^Highlight/ }).focus();
    await page.keyboard.press("Enter");
    await expect(marksFor(page, SECOND_SENTENCE)).toHaveCount(1);
    await expect(paragraphButton).toBeFocused();
    await context.close();
  });

  // CI rehearsal (PostgreSQL): the new card was drawn again when its save was answered (a new key),
  // and a reply typed into it meanwhile lost its focus and its words.
  test("a reply begun while the new note is still being saved keeps its words and its focus when the save lands", async ({ browser }) => {
    const { page, context } = await readerOnArticle(browser, "reply-while-saving");
    await page.waitForFunction(() => document.documentElement.dataset.hydratedAt !== undefined);
    let releaseCreate: () => void = () => undefined;
    const held = new Promise<void>((resolve) => (releaseCreate = resolve));
    await page.route("**/api/documents/*/annotations", async (route) => {
      if (route.request().method() === "POST") await held;
      await route.continue();
    });
    const firstWords = ARTICLE.paragraphs[0].split(/\s+/).slice(0, 5).join(" ");
    await page.getByRole("button", { name: `Annotate paragraph 1: “${firstWords}…”`, exact: true }).focus();
    await page.keyboard.press("Enter");
    await expect(page.getByLabel("Comment")).toBeFocused();
    await page.keyboard.type("A note saved slowly.");
    await page.keyboard.press("Control+Enter");

    const card = page.getByRole("listitem").filter({ hasText: "A note saved slowly." });
    const replyBox = card.getByRole("textbox", { name: "Reply", exact: true });
    await replyBox.focus();
    await page.keyboard.type("Half a reply");
    const answered = page.waitForResponse((response) => response.request().method() === "POST" && response.url().endsWith("/annotations"));
    releaseCreate();
    expect((await answered).status()).toBe(201);
    // The card now carries its saved id (its Edit button shows once it is saved).
    await expect(card.getByRole("button", { name: "Edit", exact: true })).toBeVisible();
    await expect(replyBox).toBeFocused();
    await page.keyboard.type(" and the rest.");
    await page.keyboard.press("Control+Enter");
    await expect(card.getByRole("list", { name: "Replies" })).toContainText("Half a reply and the rest.");
    await expect(replyBox).toBeFocused();
    await context.close();
  });

  test("single-key shortcuts can be remapped or turned off in settings", async ({ browser }) => {
    const { page, context } = await readerOnArticle(browser);
    await page.goto("/settings");
    await page.getByLabel("Highlight key").fill("j");
    await page.getByLabel("Yellow means").fill("question");
    await page.getByRole("button", { name: "Save settings" }).click();
    await expect(page.getByText("Settings saved.")).toBeVisible();

    await page.goto(ARTICLE_PATH);
    await selectByMouse(page, SENTENCE);
    await expect(page.getByRole("radio", { name: "Yellow — question" }).first()).toBeVisible();
    await page.keyboard.press("h"); // no longer bound
    await expect(marksFor(page, SENTENCE)).toHaveCount(0);
    await page.keyboard.press("j");
    await expect(marksFor(page, SENTENCE)).toHaveCount(1);

    await page.goto("/settings");
    await page.getByLabel("Use single-key shortcuts").uncheck();
    await page.getByRole("button", { name: "Save settings" }).click();
    await expect(page.getByText("Settings saved.")).toBeVisible();
    await page.goto(ARTICLE_PATH);
    await selectByMouse(page, SECOND_SENTENCE);
    await page.keyboard.press("j");
    await page.keyboard.press("a");
    await expect(marksFor(page, SECOND_SENTENCE)).toHaveCount(0);
    await expect(page.getByRole("form", { name: "New annotation" })).toHaveCount(0);
    await context.close();
  });

  test("overlapping highlights stay readable, darker where they stack, and a click lets you pick one", async ({ browser }) => {
    const { page, context } = await readerOnArticle(browser);
    const outer = ARTICLE.paragraphs[1];
    const inner = "If the problem is incapacity";
    await annotate(context, "private", { at: outer.slice(0, 120), body: "Outer **note**, in Markdown" });
    await annotate(context, "private", { at: inner, body: "Inner note", color: "blue" });
    await page.reload();
    const stacked = page.locator('mark.hl[data-depth="2"]');
    await expect(stacked).toHaveText(inner);
    const [single, double] = await Promise.all([
      page
        .locator('mark.hl[data-depth="1"]')
        .first()
        .evaluate((mark) => getComputedStyle(mark).backgroundColor),
      stacked.evaluate((mark) => getComputedStyle(mark).backgroundColor),
    ]);
    expect(double).not.toBe(single);
    await stacked.click();
    const picker = page.getByRole("dialog", { name: "Choose an annotation" });
    await expect(picker.getByRole("button")).toHaveCount(2);
    // Named by the comment's words as read, not its Markdown.
    await expect(picker.getByRole("button", { name: /Outer note, in Markdown/ })).toBeVisible();
    await picker.getByRole("button", { name: /Inner note/ }).click();
    await expect(page.getByRole("listitem").filter({ hasText: "Inner note" }).getByRole("button", { expanded: true })).toBeVisible();
    // Copying across highlights gives plain text.
    const copied = await page
      .locator(".reader__body p")
      .nth(1)
      .evaluate((p) => {
        const range = document.createRange();
        range.selectNodeContents(p);
        return range.toString();
      });
    expect(copied).toBe(outer);
    await context.close();
  });

  test("where three or more highlights stack, a crowd: yours in your colour, the rest in a neutral tone, readable in both themes", async ({
    browser,
  }) => {
    const { page, context } = await readerOnArticle(browser);
    const classmate = await createPerson(browser, "classmate");
    for (const [at, color] of [
      ["Continued violence strains relations with Pakistan", "green"],
      ["violence strains relations with Pakistan, complicates", "blue"],
      ["strains relations with Pakistan, complicates border", "orange"],
    ] as const)
      await annotate(classmate.context, "everyone", { at, color, body: `A classmate on ${at}` });
    await annotate(context, "private", { at: "relations with", color: "pink", body: "Mine, in the crowd" });
    await page.reload();
    await page.getByRole("radio", { name: /^Anyone \(/ }).check();
    // Three of the classmate's cover "strains relations with Pakistan": mine shows in my colour within it.
    const paragraph = page.locator(".reader__block").filter({ hasText: SHARED_CROWD });
    await expect(paragraph.locator("mark.hl--crowd.hl--mine")).toHaveText("relations with");
    await expect(paragraph.locator("mark.hl--crowd.hl--mine")).toHaveClass(/hl--pink/);
    await expect(paragraph.locator("mark.hl--crowd.hl--others")).toHaveText(["strains ", " Pakistan"]);
    expect(await paragraph.locator("mark.hl--crowd").evaluateAll((marks) => marks.map((mark) => mark.getAttribute("data-depth")))).toEqual([
      "3",
      "3",
      "3",
    ]);
    // Two stacked around it are painted as before, topped by the latest to start.
    await expect(paragraph.locator('mark.hl--blue[data-depth="2"]')).toHaveText("violence ");

    // A click on a word in the crowd lists what covers that word.
    const word = await phraseInArticle(page, "Pakistan, complicates", { scroll: true });
    await page.mouse.click(word.x1 + 2, word.y1);
    const picker = page.getByRole("dialog", { name: "Choose an annotation" });
    await expect(picker.getByRole("button", { name: /A classmate on/ })).toHaveCount(3);
    await expect(picker.getByRole("button", { name: /^You/ })).toHaveCount(0);
    await page.keyboard.press("Escape");
    const mine = await phraseInArticle(page, "relations with", { scroll: true });
    await page.mouse.click(mine.x1 + 2, mine.y1);
    await expect(picker.getByRole("button", { name: /A classmate on/ })).toHaveCount(3);
    await expect(picker.getByRole("button", { name: /^You: “Mine, in the crowd/ })).toHaveCount(1);

    // The text stays readable on every crowd: 4.5:1 or more against its tint over the page, light and dark.
    const dark = await browser.newContext({ colorScheme: "dark", storageState: await context.storageState() });
    const darkPage = await dark.newPage();
    await darkPage.goto(ARTICLE_PATH);
    await darkPage.getByRole("radio", { name: /^Anyone \(/ }).check();
    for (const themed of [page, darkPage]) {
      const ratios = await themed
        .locator(".reader__block")
        .filter({ hasText: SHARED_CROWD })
        .locator("mark.hl--crowd")
        .evaluateAll((marks) => {
          // Colours laid over one another on a canvas, bottom first, as the page lays the tint over the paper.
          const canvas = document.createElement("canvas");
          const paint = canvas.getContext("2d", { willReadFrequently: true })!;
          const laid = (...colors: string[]) => {
            paint.clearRect(0, 0, 1, 1);
            for (const color of colors) {
              paint.fillStyle = color;
              paint.fillRect(0, 0, 1, 1);
            }
            return [...paint.getImageData(0, 0, 1, 1).data.slice(0, 3)];
          };
          const luminance = (rgb: number[]) => {
            const [r, g, b] = rgb.map((value) => (value / 255 <= 0.03928 ? value / 255 / 12.92 : ((value / 255 + 0.055) / 1.055) ** 2.4));
            return 0.2126 * r + 0.7152 * g + 0.0722 * b;
          };
          return marks.map((mark) => {
            let under = mark.parentElement;
            while (under && getComputedStyle(under).backgroundColor === "rgba(0, 0, 0, 0)") under = under.parentElement;
            const paper = getComputedStyle(under ?? document.documentElement).backgroundColor;
            const [lighter, darker] = [
              luminance(laid(paper, getComputedStyle(mark).backgroundColor)),
              luminance(laid(paper, getComputedStyle(mark).color)),
            ].sort((a, b) => b - a);
            return (lighter + 0.05) / (darker + 0.05);
          });
        });
      expect(ratios.length).toBe(3);
      for (const ratio of ratios) expect(ratio).toBeGreaterThanOrEqual(4.5);
    }
    await dark.close();
    await classmate.context.close();
    await context.close();
  });

  test("move a highlight to a new span by re-selecting", async ({ browser }) => {
    const { page, context } = await readerOnArticle(browser);
    await annotate(context, "private", { at: SENTENCE, body: "Will move" });
    await page.reload();
    const card = page.getByRole("listitem").filter({ hasText: "Will move" });
    await card.getByRole("button", { expanded: false }).click();
    await card.getByRole("button", { name: "Move highlight", exact: true }).click();
    await expect(page.getByText("Select the new passage in the text")).toBeVisible();
    await selectByMouse(page, SECOND_SENTENCE);
    // Reloaded only once the server has the move: "Saving…" not shown yet also counted as saved.
    const saved = page.waitForResponse(
      (response) => response.request().method() === "PATCH" && response.url().includes("/api/annotations/"),
    );
    await page.getByRole("button", { name: "Move here" }).click();
    await expect(marksFor(page, SECOND_SENTENCE)).toHaveCount(1);
    await expect(marksFor(page, SENTENCE)).toHaveCount(0);
    expect((await saved).status()).toBe(200);
    await expect(page.getByRole("status").filter({ hasText: "Saving…" })).toHaveCount(0);
    await page.reload();
    expect(await highlightedText(page)).toBe(SECOND_SENTENCE);
    await context.close();
  });

  test("move a highlight with the keyboard alone: in move mode a paragraph's button offers its words as the new place", async ({
    browser,
  }) => {
    const { page, context } = await readerOnArticle(browser);
    const note = await annotate<{ id: string }>(context, "private", { at: SECOND_SENTENCE, body: "Will move by keys" });
    await page.goto(`${ARTICLE_PATH}?annotation=${note.id}`);
    await page.locator(`#annotation-${note.id}`).getByRole("button", { name: "Move highlight", exact: true }).focus();
    await page.keyboard.press("Enter");
    await expect(page.locator(".move-banner")).toContainText("from the keyboard: a paragraph’s button");
    // What the banner says is its status; its Cancel move button is not part of it.
    await expect(page.locator(".move-banner").getByRole("status")).toHaveText(/^Select the new passage in the text .*“Move here”\.$/);

    // Paragraph 2 opens "This distinction matters.": its button, named for the move, opens the new place, not a new note.
    await expect(page.getByRole("button", { name: /^Annotate paragraph/ })).toHaveCount(0);
    await page.getByRole("button", { name: /^Move the highlight to paragraph 2:/ }).focus();
    await page.keyboard.press("Enter");
    const form = page.getByRole("form", { name: "Move the highlight here" });
    await expect(form.getByRole("slider", { name: "First" })).toBeFocused();
    await expect(page.getByRole("form", { name: "New annotation" })).toHaveCount(0);
    await page.keyboard.press("Tab");
    await expect(form.getByRole("slider", { name: "Last" })).toBeFocused();
    await page.keyboard.press("Home");
    await page.keyboard.press("ArrowRight");
    await page.keyboard.press("ArrowRight");
    await expect(form.getByRole("region", { name: "Its new passage" })).toHaveText("This distinction matters");
    await page.keyboard.press("Tab");
    await expect(form.getByRole("button", { name: "Move here" })).toBeFocused();
    await page.keyboard.press("Enter");

    await expect(form).toHaveCount(0);
    await expect(page.locator(".move-banner")).toHaveCount(0);
    await expect.poll(() => highlightedText(page)).toBe("This distinction matters");
    // Focus goes back to the note's card, where the move started, never to the page itself.
    await expect(page.locator(`#annotation-${note.id} .annotation-card__summary`)).toBeFocused();
    await expect
      .poll(async () => {
        const saved = (await (await context.request.get(`/api/annotations/${note.id}`)).json()) as {
          target: { selector: { exact?: string }[] };
        };
        return saved.target.selector[0].exact;
      })
      .toBe("This distinction matters");
    await context.close();
  });

  test("on a phone, a move shows what to do and Cancel while the sheet is closed, and is finished by touch", async ({ browser }) => {
    const reader = await createPerson(browser, "mover-phone", { viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true });
    const { page, context } = reader;
    const note = await annotate<{ id: string }>(context, "private", { at: SECOND_SENTENCE, body: "Will move by touch" });
    const startMove = async () => {
      await page.goto(`${ARTICLE_PATH}?annotation=${note.id}`);
      await page.locator(`#annotation-${note.id}`).getByRole("button", { name: "Move highlight", exact: true }).tap();
    };
    await startMove();
    // The sheet closes for the text to be selected; the bar says what to do, above the sheet's toggle.
    const bar = page.locator(".move-bar");
    await expect(bar).toBeVisible();
    await expect(bar).toContainText("Select the new passage, then choose “Move here”.");
    await expectNoAxeViolations(page);
    await page.screenshot({ path: test.info().outputPath("move-bar-390.png") });
    await bar.getByRole("button", { name: "Cancel move" }).tap();
    await expect(bar).toHaveCount(0);
    await expect(page.locator(".move-banner")).toHaveCount(0);

    await startMove();
    await expect(bar).toBeVisible();
    await selectLikeLongPress(page, SENTENCE);
    await page.getByRole("toolbar", { name: "Selected text" }).getByRole("button", { name: "Move here" }).tap();
    await expect(bar).toHaveCount(0);
    await expect.poll(() => highlightedText(page)).toBe(SENTENCE);
    await context.close();
  });

  test("reply, resolve and reopen; delete keeps a thread with replies readable", async ({ browser }) => {
    const author = await readerOnArticle(browser, "author");
    const other = await readerOnArticle(browser, "other");
    const { id } = await annotate(author.context, "everyone", { at: SHARED_THREAD, body: "Shared thought" });

    await other.page.reload();
    // A stranger's note shared with everyone is one choice away, not shown by default (issue 16).
    await other.page.getByRole("radio", { name: /^Anyone \(/ }).check();
    const otherCard = other.page.getByRole("listitem").filter({ hasText: "Shared thought" });
    await scrollSidebarUntil(other.page, otherCard); // everyone's notes of the whole run are listed
    await otherCard.getByRole("button", { expanded: false }).click();
    await otherCard.getByLabel("Reply").fill("I disagree, politely.");
    await otherCard.getByRole("button", { name: "Send reply", exact: true }).click();
    await expect(otherCard.getByRole("list", { name: "Replies" })).toContainText("I disagree, politely.");
    // Only the thread's author resolves; others may not edit it either.
    await expect(otherCard.getByRole("button", { name: "Resolve", exact: true })).toHaveCount(0);
    await expect(otherCard.getByRole("button", { name: "Edit", exact: true })).toHaveCount(0);

    await author.page.reload();
    const card = author.page.locator(`#annotation-${id}`);
    await expect(card).toContainText("Shared thought");
    await expect(card).toContainText("1 reply");
    await card.getByRole("button", { expanded: false }).click();
    await expect(card.getByRole("list", { name: "Replies" })).toContainText("I disagree, politely.");
    await card.getByRole("button", { name: "Resolve", exact: true }).click();
    await expect(card.getByText("Resolved", { exact: true })).toBeVisible();
    await card.getByRole("button", { name: "Reopen", exact: true }).click();
    await expect(card.getByText("Resolved", { exact: true })).toHaveCount(0);

    await card.getByRole("button", { name: "Delete", exact: true }).click();
    await expect(card.getByText("This annotation was deleted. Its replies are kept.")).toBeVisible();
    await author.page.reload();
    const kept = author.page.locator(`#annotation-${id}`);
    await expect(kept).toContainText("This annotation was deleted");
    await kept.getByRole("button", { expanded: false }).click();
    await expect(kept.getByRole("list", { name: "Replies" })).toContainText("I disagree, politely.");
    await expect(marksFor(author.page, SHARED_THREAD)).toHaveCount(0);

    // Its last reply deleted, the placeholder goes with it: from the author's open page, live.
    const thread = (await (await other.context.request.get(`/api/annotations/${id}`)).json()) as { replies: { id: string }[] };
    const gone = await other.context.request.delete(`/api/annotations/${thread.replies[0].id}`, {
      headers: { Origin: new URL(author.page.url()).origin },
    });
    expect(gone.ok(), await gone.text()).toBe(true);
    await expect(kept).toHaveCount(0);
    expect((await other.context.request.get(`/api/annotations/${id}`)).status()).toBe(404);
    await Promise.all([author.context.close(), other.context.close()]);
  });

  test("a second reader sees annotations shared with everyone, never private ones", async ({ browser }) => {
    const author = await readerOnArticle(browser, "author");
    await annotate(author.context, "everyone", { at: SHARED_WITH_ALL, body: "Visible to all" });
    await annotate(author.context, "private", { at: SECOND_SENTENCE, body: "Only mine" });
    const other = await readerOnArticle(browser, "other");
    // Shown once the reader asks for everyone's notes (issue 16: not by default).
    await expect(other.page.getByRole("listitem").filter({ hasText: "Visible to all" })).toHaveCount(0);
    await other.page.getByRole("radio", { name: /^Anyone \(/ }).check();
    await scrollSidebarUntil(other.page, other.page.getByRole("listitem").filter({ hasText: "Visible to all" }));
    await expect(other.page.getByRole("listitem").filter({ hasText: "Visible to all" })).toBeVisible();
    await expect(other.page.getByText("Only mine")).toHaveCount(0);
    await expect(marksFor(other.page, SHARED_WITH_ALL)).toHaveClass(/hl--others/);
    await expect(marksFor(other.page, SECOND_SENTENCE)).toHaveCount(0);
    const html = await (await other.context.request.get(ARTICLE_PATH)).text();
    expect(html).not.toContain("Only mine");
    // Anonymous readers see the article and no annotations.
    const anonymous = await browser.newContext();
    const anonymousPage = await anonymous.newPage();
    await anonymousPage.goto(ARTICLE_PATH);
    await expect(anonymousPage.locator("mark.hl")).toHaveCount(0);
    await expect(anonymousPage.getByText("to highlight, comment and discuss this text")).toBeVisible();
    await Promise.all([author.context.close(), other.context.close(), anonymous.close()]);
  });

  test("script and HTML payloads in comments render as text, and no dialog fires", async ({ browser }) => {
    const { page, context } = await readerOnArticle(browser);
    let dialogs = 0;
    page.on("dialog", async (dialog) => {
      dialogs += 1;
      await dialog.dismiss();
    });
    const payload = '<script>alert("xss")</script><img src=x onerror="alert(1)"> [click](javascript:alert(2))';
    await annotate(context, "private", { at: SENTENCE, body: payload, tags: ["<b>tag</b>"] });
    await page.reload();
    const card = page.getByRole("listitem").filter({ hasText: '<script>alert("xss")</script>' });
    await expect(card).toBeVisible();
    await expect(card.getByText("<b>tag</b>")).toBeVisible();
    await expect(card.locator("script, img, a[href^='javascript']")).toHaveCount(0);
    await card.getByText("click").click();
    await page.waitForTimeout(300);
    expect(dialogs).toBe(0);
    await context.close();
  });

  test("a failed save keeps the text, says not saved, survives a reload and saves once the server is back", async ({ browser }) => {
    const { page, context } = await readerOnArticle(browser);
    // The network drops every create until the route is removed.
    await context.route(`**/api/documents/${SLUG}/annotations`, (route) =>
      route.request().method() === "POST" ? route.abort("internetdisconnected") : route.continue(),
    );
    await selectByMouse(page, SENTENCE);
    await page
      .getByRole("toolbar", { name: "Selected text" })
      .getByRole("button", { name: /^Annotate/ })
      .click();
    await page.getByLabel("Comment").fill("Words I must not lose.");
    await page.getByRole("button", { name: "Save" }).click();
    // The card's own save status (its open thread has an alert region of its own, empty).
    const notSaved = (card: Locator) => card.getByRole("alert").filter({ hasText: /^Not saved/ });
    const card = page.getByRole("listitem").filter({ hasText: "Words I must not lose." });
    await expect(notSaved(card)).toContainText("Not saved");

    await page.reload();
    const restored = page.getByRole("listitem").filter({ hasText: "Words I must not lose." });
    await expect(notSaved(restored)).toContainText("Not saved — retrying");
    await expect(restored.getByRole("button", { name: "Retry now", exact: true })).toBeVisible();

    // The network comes back: the next automatic retry (a few seconds of backoff) saves it.
    await context.unroute(`**/api/documents/${SLUG}/annotations`);
    await expect(notSaved(restored)).toHaveCount(0, { timeout: 15_000 });
    await page.reload();
    await expect(page.getByRole("listitem").filter({ hasText: "Words I must not lose." })).toHaveCount(1);
    const list = await (await context.request.get(`/api/documents/${SLUG}/annotations?author=me`)).json();
    expect(list.items.filter((item: { body: string }) => item.body === "Words I must not lose.")).toHaveLength(1);
    await context.close();
  });

  test("the sidebar filters by mine, colour, tag, author and full text, with counts", async ({ browser }) => {
    const author = await readerOnArticle(browser, "author");
    await annotate(author.context, "everyone", { at: SHARED_FOR_FILTERS, body: "alpha note", tags: ["evidence"], color: "green" });
    const me = await readerOnArticle(browser, "me");
    await annotate(me.context, "private", { at: SECOND_SENTENCE, body: "beta note", color: "pink" });
    await me.page.reload();
    const sidebar = me.page.getByRole("complementary", { name: "Annotations" });
    await sidebar.getByRole("radio", { name: /^Anyone \(/ }).check();
    await expect(sidebar.getByText(/^Showing (\d+) of \1 annotations$/)).toBeVisible();
    await sidebar.getByRole("radio", { name: /^Me \(/ }).check();
    await expect(sidebar.getByText(/^Showing 1 of \d+ annotations$/)).toBeVisible();
    await expect(sidebar.getByText("beta note")).toBeVisible();
    await sidebar.getByRole("radio", { name: /^Anyone \(/ }).check();
    // Other tests share annotations with everyone too: narrow to this test's author first.
    await sidebar.getByLabel("Author").selectOption({ label: author.user.name });
    await sidebar.getByLabel("Colour").selectOption("green");
    await expect(sidebar.getByText(/^Showing 1 of \d+ annotations$/)).toBeVisible();
    await expect(sidebar.getByText("alpha note")).toBeVisible();
    await sidebar.getByLabel("Colour").selectOption("pink");
    await expect(sidebar.getByText(/^Showing 0 of \d+ annotations$/)).toBeVisible();
    await sidebar.getByLabel("Author").selectOption("");
    await sidebar.getByLabel("Colour").selectOption("");
    await sidebar.getByLabel("Tag", { exact: true }).selectOption("evidence");
    await expect(sidebar.getByText("alpha note")).toBeVisible();
    await expect(sidebar.getByText("beta note")).toHaveCount(0);
    await sidebar.getByLabel("Tag", { exact: true }).selectOption("");
    await sidebar.getByLabel("Author").selectOption({ label: `${me.user.name} (you)` });
    await expect(sidebar.getByText(/^Showing 1 of \d+ annotations$/)).toBeVisible();
    await sidebar.getByLabel("Author").selectOption("");
    await sidebar.getByRole("radio", { name: /^Me \(/ }).check();
    await sidebar.getByLabel("Search annotations").fill("mediation over"); // words of the quote
    await expect(sidebar.getByText("beta note")).toBeVisible();
    await expect(sidebar.getByText(/^Showing 1 of \d+ annotations$/)).toBeVisible();
    await sidebar.getByLabel("Search annotations").fill("no such words anywhere");
    await expect(sidebar.getByText(/^Showing 0 of \d+ annotations$/)).toBeVisible();
    await sidebar.getByLabel("Search annotations").fill("beta"); // words of the comment
    // Choosing a card scrolls to and flashes its highlight.
    await sidebar.getByRole("listitem").filter({ hasText: "beta note" }).getByRole("button", { expanded: false }).click();
    await expect(marksFor(me.page, SECOND_SENTENCE).first()).toHaveClass(/hl--flash/);
    await expect(marksFor(me.page, SECOND_SENTENCE).first()).toBeInViewport();
    await Promise.all([author.context.close(), me.context.close()]);
  });

  test(
    "axe-core finds nothing with the toolbar, the editor and the sidebar open, in both themes",
    { tag: MARKUP_ONLY },
    async ({ browser }) => {
      // Three whole axe passes over the reading page and three of the dark theme's colours: the six
      // whole passes took 55 s on this 2-core machine under load, against the default 60 s.
      test.setTimeout(120_000);
      for (const colorScheme of ["light", "dark"] as const) {
        const { context, page } = await createPerson(browser, "axe", { colorScheme });
        await page.goto(ARTICLE_PATH);
        await annotate(context, "private", { at: SECOND_SENTENCE, body: "A **note** with [a link](https://example.org)", tags: ["one"] });
        await page.reload();
        await page.getByRole("listitem").filter({ hasText: "A note with" }).getByRole("button", { expanded: false }).click();
        await selectByMouse(page, SENTENCE);
        await expectNoAxeViolations(page, { coloursOnly: colorScheme === "dark" });
        await page
          .getByRole("toolbar", { name: "Selected text" })
          .getByRole("button", { name: /^Annotate/ })
          .click();
        await expect(page.getByRole("form", { name: "New annotation" })).toBeVisible();
        await expectNoAxeViolations(page, { coloursOnly: colorScheme === "dark" });
        await page.goto("/settings");
        await expectNoAxeViolations(page, { coloursOnly: colorScheme === "dark" });
        await context.close();
      }
    },
  );

  test("the sidebar is a usable bottom sheet on a 390 px phone", async ({ browser }) => {
    const { context, page } = await createPerson(browser, "phone", {
      viewport: { width: 390, height: 844 },
      hasTouch: true,
      isMobile: true,
    });
    await page.goto(ARTICLE_PATH);
    await annotate(context, "private", { at: SENTENCE, body: "Read on the bus", tags: ["commute"] });
    await page.reload();
    const toggle = page.getByRole("button", { name: /^Annotations \(\d+\)$/ });
    await expect(toggle).toBeVisible();
    await toggle.click();
    await expect(page.getByText("Read on the bus")).toBeVisible();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await page.screenshot({ path: path.join(__dirname, "..", "reports", "sidebar-390.png") });
    await expectNoAxeViolations(page);
    await context.close();
  });
});

test("Escape closes the editor and keeps what was typed for its next opening; Cancel discards it", async ({ browser }) => {
  const { page, context } = await readerOnArticle(browser, "escape-keeps");
  await page.waitForFunction(() => document.documentElement.dataset.hydratedAt !== undefined);
  const paragraph = page.locator(".reader__body p").filter({ hasText: SENTENCE });
  const openEditor = async () => {
    await paragraph.hover();
    await paragraph.getByRole("button", { name: /^Annotate paragraph/ }).click();
    await expect(page.getByLabel("Comment")).toBeFocused();
  };
  await openEditor();
  await page.keyboard.type("Words I do not want to lose");
  await page.keyboard.press("Escape");
  await expect(page.getByRole("form", { name: "New annotation" })).toHaveCount(0);
  await openEditor();
  await expect(page.getByLabel("Comment")).toHaveValue("Words I do not want to lose");
  await page.getByRole("button", { name: "Cancel" }).click();
  await openEditor();
  await expect(page.getByLabel("Comment")).toHaveValue("");
  await context.close();
});

test("a link to a note the sidebar's filters leave out (another reader's, shared with everyone) opens it, the filters giving way", async ({
  browser,
}) => {
  const writer = await createPerson(browser, "link-writer");
  const reader = await createPerson(browser, "link-reader");
  const body = `Shared with everyone signed in ${Date.now().toString(36)}`;
  const note = await annotate<{ id: string }>(writer.context, "everyone", { at: SECOND_SENTENCE, body });
  const { page } = reader;
  await page.goto(`${ARTICLE_PATH}?annotation=${note.id}`);
  const card = page.locator(`#annotation-${note.id}`);
  await expect(card).toContainText(body);
  await expect(card.locator(".annotation-card__summary")).toHaveAttribute("aria-expanded", "true");
  // "Me & my groups", the default, left it out: the filter now says what is shown.
  await expect(page.getByRole("group", { name: "Written by" }).getByRole("radio", { name: "Anyone" })).toBeChecked();
});
