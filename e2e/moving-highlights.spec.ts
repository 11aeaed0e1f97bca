// Giving a note a new place after its words were removed by a new version, the two ways an
// independent QA pass could not: from the keyboard alone (a paragraph's button opened a new note
// instead of offering the move), and on a phone, where the instruction and Cancel move were inside
// the closed sheet.
import { expect, test, type BrowserContextOptions, type Locator, type Page } from "./test";
import { describeTextRange } from "@/lib/anchoring/text-quote";
import { createPerson, type Person } from "./factories";
import { expectNoAxeViolations, selectLikeLongPress } from "./fixtures";

const WIDE: BrowserContextOptions = { viewport: { width: 1280, height: 800 } };
const PHONE: BrowserContextOptions = { viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true };

const KEPT = "The first paragraph stays as it was.";
const NEW_PLACE = "A festival on the banks of the river every summer.";
const REMOVED = "The old mill burned down a century later.";
// Enough paragraphs for a phone's screen to scroll: the last of them must still come up above the move bar.
const FILLER = Array.from({ length: 14 }, (_, index) => `Filler paragraph ${index + 1}, about the town and its river.`);

/** A reading whose second version removed the words `person`'s note was on: it needs a new place. */
async function readingWithNoteNeedingNewPlace({ context }: Person) {
  const text = [KEPT, NEW_PLACE, REMOVED, ...FILLER].join("\n\n");
  const created = await context.request.post("/api/documents", { data: { text, title: "The River Town" } });
  expect(created.status()).toBe(201);
  const { slug } = (await created.json()) as { slug: string };
  const start = text.indexOf("old mill");
  const { quote, position } = describeTextRange(text, start, start + "old mill".length);
  const note = await context.request.post(`/api/documents/${slug}/annotations`, {
    data: { target: { selector: [quote, position] }, body: "Where did the mill go?", visibility: "private" },
  });
  expect(note.status()).toBe(201);
  const revised = await context.request.post(`/api/documents/${slug}/versions`, {
    data: { text: [KEPT, NEW_PLACE, ...FILLER].join("\n\n") },
  });
  expect(revised.status()).toBe(201);
  const { id } = (await note.json()) as { id: string };
  return { slug, id };
}

/** The quote the server holds for the note now (an independent look, not the page's). */
async function savedQuote({ context }: Person, id: string) {
  const saved = (await (await context.request.get(`/api/annotations/${id}`)).json()) as { target: { selector: { exact?: string }[] } };
  return saved.target.selector[0].exact;
}

/** Presses Tab (Shift+Tab when `backwards`) until `control` has focus, as a keyboard reader would. */
async function tabTo(page: Page, control: Locator, { backwards = false } = {}) {
  for (let presses = 0; presses < 120; presses++) {
    if (await control.evaluate((element) => element === document.activeElement)) return;
    await page.keyboard.press(backwards ? "Shift+Tab" : "Tab");
  }
  await expect(control).toBeFocused();
}

const painted = (page: Page) => page.locator(".reader__body mark").allTextContents();
const focusedTag = (page: Page) => page.evaluate(() => document.activeElement?.tagName);

test("keyboard alone: a paragraph's button offers the move, its words narrowed by arrows; Cancel and Move here leave focus where the reader is", async ({
  browser,
}) => {
  const person = await createPerson(browser, "move-keys", WIDE);
  const { page, context } = person;
  const { slug, id } = await readingWithNoteNeedingNewPlace(person);
  await page.goto(`/read/${slug}`);
  await page.waitForFunction(() => document.documentElement.dataset.hydratedAt !== undefined);

  const needsPlace = page.getByRole("tab", { name: "Needs a new place (1)" });
  await tabTo(page, needsPlace);
  await page.keyboard.press("Enter");
  const giveNewPlace = page.locator(".orphan").getByRole("button", { name: "Give it a new place" });
  await tabTo(page, giveNewPlace);
  await page.keyboard.press("Enter");

  // In move mode every paragraph's button says what it now does.
  const banner = page.locator(".move-banner");
  await expect(banner).toBeVisible();
  const moveToSecond = page.getByRole("button", { name: "Move the highlight to paragraph 2: “A festival on the banks…”" });
  await expect(moveToSecond).toHaveCount(1);
  await expect(page.getByRole("button", { name: /^Annotate paragraph/ })).toHaveCount(0);

  // The banner's Cancel move, reached by Shift+Tab: focus goes back to the button that started the move.
  await tabTo(page, banner.getByRole("button", { name: "Cancel move" }), { backwards: true });
  await page.keyboard.press("Enter");
  await expect(banner).toHaveCount(0);
  await expect(giveNewPlace).toBeFocused();
  await expect(page.getByRole("button", { name: /^Annotate paragraph 2:/ })).toHaveCount(1);

  // Again; Escape from the text ends the move too, and focus goes back the same way.
  await page.keyboard.press("Enter");
  await tabTo(page, moveToSecond, { backwards: true });
  await page.keyboard.press("Escape");
  await expect(banner).toHaveCount(0);
  await expect(giveNewPlace).toBeFocused();

  // Once more, to the end: the paragraph's button opens its words to move to, not a new note.
  await page.keyboard.press("Enter");
  await tabTo(page, moveToSecond, { backwards: true });
  await page.keyboard.press("Enter");
  const form = page.getByRole("form", { name: "Move the highlight here" });
  await expect(form.getByRole("slider", { name: "First" })).toBeFocused();
  await expect(page.getByRole("form", { name: "New annotation" })).toHaveCount(0);
  // "Not here" (Escape) goes back to the paragraph's button; the move goes on.
  await page.keyboard.press("Escape");
  await expect(form).toHaveCount(0);
  await expect(moveToSecond).toBeFocused();
  await expect(banner).toBeVisible();

  await page.keyboard.press("Enter");
  await page.keyboard.press("ArrowRight");
  await page.keyboard.press("Tab");
  await expect(form.getByRole("slider", { name: "Last" })).toBeFocused();
  for (let word = 0; word < 5; word++) await page.keyboard.press("ArrowLeft");
  await expect(form.getByRole("region", { name: "Its new passage" })).toHaveText("festival on the banks");
  await tabTo(page, form.getByRole("button", { name: "Move here" }));
  await page.keyboard.press("Enter");

  // The note's card, on the text now and open, has focus; nothing waits for a new place.
  await expect(form).toHaveCount(0);
  await expect(banner).toHaveCount(0);
  await expect(page.locator(`#annotation-${id} .annotation-card__summary`)).toBeFocused();
  expect(await focusedTag(page)).not.toBe("BODY");
  await expect(page.getByRole("tab", { name: /Needs a new place/ })).toHaveCount(0);
  await expect.poll(() => painted(page)).toEqual(["festival on the banks"]);
  await expect.poll(() => savedQuote(person, id)).toBe("festival on the banks");
  await page.reload();
  await expect.poll(() => painted(page)).toEqual(["festival on the banks"]);
  await expect(page.locator(".sidebar__count")).toHaveText("Showing 1 of 1 annotation");
  await context.close();
});

test("phone: while the sheet is closed for a move, a bar says what to do and offers Cancel move; the move is finished by touch", async ({
  browser,
}) => {
  const person = await createPerson(browser, "move-phone", PHONE);
  const { page, context } = person;
  const { slug, id } = await readingWithNoteNeedingNewPlace(person);
  await page.goto(`/read/${slug}`);
  await page.waitForFunction(() => document.documentElement.dataset.hydratedAt !== undefined);
  const sheetToggle = page.locator(".sidebar__sheet-toggle");
  const giveNewPlace = page.locator(".orphan").getByRole("button", { name: "Give it a new place" });
  const startMove = async () => {
    if ((await sheetToggle.getAttribute("aria-expanded")) === "false") await sheetToggle.tap();
    await page.getByRole("tab", { name: "Needs a new place (1)" }).tap();
    await giveNewPlace.tap();
  };

  await startMove();
  const bar = page.getByRole("group", { name: "Moving a highlight" });
  await expect(bar).toBeVisible();
  await expect(bar).toContainText("Select the new passage, then choose “Move here”.");
  await expect(sheetToggle).toHaveAttribute("aria-expanded", "false");
  // Above the closed sheet, inside the screen.
  const [barBox, toggleBox] = [await bar.boundingBox(), await sheetToggle.boundingBox()];
  expect(barBox!.y + barBox!.height).toBeLessThanOrEqual(toggleBox!.y);
  expect(barBox!.x).toBeGreaterThanOrEqual(0);
  expect(barBox!.x + barBox!.width).toBeLessThanOrEqual(390);
  // The reading's last line still comes up above the bar.
  await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
  const lastLine = await page.locator(".reader__block").last().boundingBox();
  expect(lastLine!.y + lastLine!.height).toBeLessThanOrEqual((await bar.boundingBox())!.y);
  await expectNoAxeViolations(page);

  // Cancel move: the bar goes, and the sheet opens again on the button that started the move.
  await bar.getByRole("button", { name: "Cancel move" }).tap();
  await expect(bar).toHaveCount(0);
  await expect(sheetToggle).toHaveAttribute("aria-expanded", "true");
  await expect(giveNewPlace).toBeFocused();

  // A screen reader on the phone presses a paragraph's button: its words to move to open in the sheet
  // (closed, it held them out of reach); Not here closes it again, the bar back, on the same button.
  await startMove();
  await expect(bar).toBeVisible();
  const moveToSecond = page.getByRole("button", { name: /^Move the highlight to paragraph 2:/ });
  await moveToSecond.focus();
  await page.keyboard.press("Enter");
  const form = page.getByRole("form", { name: "Move the highlight here" });
  await expect(form.getByRole("slider", { name: "First" })).toBeFocused();
  await expect(sheetToggle).toHaveAttribute("aria-expanded", "true");
  await form.getByRole("button", { name: "Not here" }).tap();
  await expect(form).toHaveCount(0);
  await expect(bar).toBeVisible();
  await expect(moveToSecond).toBeFocused();

  const toolbar = await selectLikeLongPress(page, "festival on the banks");
  await toolbar.getByRole("button", { name: "Move here" }).tap();
  await expect(bar).toHaveCount(0);
  await expect.poll(() => painted(page)).toEqual(["festival on the banks"]);
  // Back in the sheet, at the note's card, open; never on the page itself.
  await expect(sheetToggle).toHaveAttribute("aria-expanded", "true");
  await expect(page.locator(`#annotation-${id} .annotation-card__summary`)).toBeFocused();
  await expect(page.locator(`#annotation-${id}`)).toContainText("0 replies");
  await expect(page.locator(`#annotation-${id}`).getByText("Loading replies…")).toHaveCount(0);
  await expect.poll(() => savedQuote(person, id)).toBe("festival on the banks");
  await context.close();
});

test("the move bar at 320 px in the dark theme, and the sidebar's instruction at 1280 px, read and fit", async ({ browser }) => {
  const looks: [label: string, width: number, options: BrowserContextOptions][] = [
    ["320-dark", 320, { ...PHONE, viewport: { width: 320, height: 640 }, colorScheme: "dark" }],
    ["390", 390, PHONE],
    ["1280", 1280, WIDE],
  ];
  for (const [label, width, options] of looks) {
    const person = await createPerson(browser, `move-look-${label}`, options);
    const { page, context } = person;
    const { slug } = await readingWithNoteNeedingNewPlace(person);
    await page.goto(`/read/${slug}`);
    await page.waitForFunction(() => document.documentElement.dataset.hydratedAt !== undefined);
    const isPhone = width < 1000;
    if (isPhone) await page.locator(".sidebar__sheet-toggle").tap();
    await page.getByRole("tab", { name: "Needs a new place (1)" }).click();
    await page.locator(".orphan").getByRole("button", { name: "Give it a new place" }).click();
    const instruction = isPhone ? page.getByRole("group", { name: "Moving a highlight" }) : page.locator(".move-banner");
    await expect(instruction).toBeVisible();
    await expect(instruction.getByRole("button", { name: "Cancel move" })).toBeVisible();
    const box = (await instruction.boundingBox())!;
    expect(box.x + box.width).toBeLessThanOrEqual(width);
    // Nothing scrolls sideways.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
    await expectNoAxeViolations(page);
    await page.screenshot({ path: test.info().outputPath(`move-${label}.png`) });
    await context.close();
  }
});
