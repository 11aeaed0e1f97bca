import { expect, test } from "./test";
import { describeTextRange } from "@/lib/anchoring/text-quote";
import { annotate, createGroup, createPerson, reply } from "./factories";
import { ARTICLE_PATH, expectNoAxeViolations, newUser, signUpWithoutScript } from "./fixtures";

// What a usability audit found: controls that looked usable before the page's script ran, a
// right-to-left reading shown left to right, a page wider than a phone, an offline page that
// reloaded itself for ever, a wrong status and a link that was plain text.

const SENTENCE = "This distinction matters.";

test.describe("before the page's script runs", () => {
  test("buttons that only the script answers are disabled, and the paragraph buttons are hidden", async ({ browser }) => {
    const { page, context } = await createPerson(browser, "no-script-controls", { javaScriptEnabled: false });
    const classmate = await createPerson(browser, "no-script-replier");
    const group = await createGroup(context);
    // An unread notification, so "Mark all as read" is offered.
    const { id } = await annotate(context, "everyone", { at: SENTENCE, body: "Mine" });
    await reply(classmate.context, id, "A reply");

    await page.goto("/groups");
    await expect(page.getByRole("button", { name: "Create group" })).toBeDisabled();
    await expect(page.getByRole("button", { name: "Join group" })).toBeDisabled();

    await page.goto(`/groups/${group.id}`);
    await expect(page.getByRole("button", { name: "Save settings" })).toBeDisabled();
    await expect(page.getByRole("button", { name: "Create invitation link" })).toBeDisabled();
    await expect(page.getByRole("button", { name: "Copy code" })).toBeDisabled();

    await page.goto("/notifications");
    await expect(page.getByRole("button", { name: "Mark all as read" })).toBeDisabled();

    await page.goto(ARTICLE_PATH);
    const paragraphButton = page.locator(".paragraph-annotate").first();
    await expect(paragraphButton).toBeAttached();
    await expect(paragraphButton).toBeHidden();
    await expect(page.getByRole("button", { name: /^Annotate paragraph/ })).toHaveCount(0);

    await context.close();
    await classmate.context.close();
  });
});

test("once the script runs, the same controls work", async ({ browser }) => {
  const { page, context } = await createPerson(browser, "script-controls");
  await page.goto("/groups");
  await expect(page.getByRole("button", { name: "Create group" })).toBeEnabled();
  await page.goto(ARTICLE_PATH);
  await page.waitForFunction(() => document.documentElement.dataset.hydratedAt !== undefined);
  const paragraph = page.locator(".reader__body p").filter({ hasText: SENTENCE });
  await paragraph.hover();
  await paragraph.getByRole("button", { name: /^Annotate paragraph/ }).click();
  await expect(page.getByRole("form", { name: "New annotation" })).toBeVisible();
  await context.close();
});

test("a reading in Arabic is marked with its language and runs right to left; its text stays exact", async ({ browser }) => {
  const { page, context } = await createPerson(browser, "rtl");
  const text = "مرحبا بالعالم. هذه فقرة أولى.\n\nوهذه فقرة ثانية.";
  const created = await context.request.post("/api/documents", { data: { text, title: "نص عربي", language: "ar-EG" } });
  expect(created.status()).toBe(201);
  const { slug, version } = (await created.json()) as { slug: string; version: { text: string } };

  await page.goto(`/read/${slug}`);
  const body = page.locator(".reader__body");
  const marked = page.locator("article.reader div[lang]").filter({ has: body });
  await expect(marked).toHaveAttribute("lang", "ar-EG");
  await expect(marked).toHaveAttribute("dir", "rtl");
  await expect(body).toHaveCSS("direction", "rtl");
  await expect(page.getByRole("heading", { level: 1 })).toHaveAttribute("dir", "rtl");
  expect(await body.evaluate((element) => element.textContent)).toBe(version.text);
  // The page's own words around it stay left to right.
  await expect(page.locator("article.reader")).toHaveCSS("direction", "ltr");

  // A quote's bar and an image description's rule stand where their lines start, at the right; the
  // byline sits under the title, at the right too.
  const quoted = await context.request.post("/api/documents", {
    data: {
      markdown: "فقرة أولى.\n\n> اقتباس من كتاب آخر.\n\n![ميناء عند الجزر](harbour.png)",
      title: "نص مقتبس",
      author: "كاتب",
      language: "ar",
    },
  });
  expect(quoted.status()).toBe(201);
  const quotedReading = (await quoted.json()) as { slug: string; version: { text: string } };
  // A note on it whose comment quotes in Arabic: the comment's quote bar is at the right too.
  const passage = quotedReading.version.text.indexOf("فقرة أولى");
  const { quote: quoteSelector, position } = describeTextRange(quotedReading.version.text, passage, passage + "فقرة أولى".length);
  const noted = await context.request.post(`/api/documents/${quotedReading.slug}/annotations`, {
    data: { target: { selector: [quoteSelector, position] }, visibility: "private", body: "> كما قال الكاتب\n\nتعليقي." },
  });
  expect(noted.status()).toBe(201);
  await page.goto(`/read/${quotedReading.slug}?annotation=${((await noted.json()) as { id: string }).id}`);
  for (const ruled of [page.locator("blockquote.reader__block"), page.locator("figure.reader__image"), page.locator(".md blockquote")]) {
    await expect(ruled).toHaveCSS("border-right-width", "3px");
    await expect(ruled).toHaveCSS("border-left-width", "0px");
  }
  // The card's quote of the passage aligns where its own lines start.
  await expect(page.locator(".annotation-card__quote")).toHaveCSS("direction", "rtl");
  await expect(page.locator(".reader__meta")).toHaveAttribute("dir", "rtl");
  const byline = (await page.locator(".reader__byline").boundingBox())!;
  const header = (await page.locator(".reader__header").boundingBox())!;
  expect(byline.x + byline.width).toBeGreaterThan(header.x + header.width - 2);
  // The interface's words in it read left to right: "By كاتب" and "1 Min Read" (it was drawn "Min Read 1").
  const drawnOrder = (selector: string) =>
    page.locator(selector).evaluate((element) => {
      const words = element.firstChild!;
      const leftOf = (index: number) => {
        const range = document.createRange();
        range.setStart(words, index);
        range.setEnd(words, index + 1);
        return range.getBoundingClientRect().left;
      };
      return leftOf(0) < leftOf(words.textContent!.length - 1);
    });
  expect(await drawnOrder(".reader__reading-time")).toBe(true);
  const byWord = (await page.locator(".reader__byline").evaluate((element) => {
    const range = document.createRange();
    range.selectNodeContents(element.firstChild!);
    return range.getBoundingClientRect().left;
  })) as number;
  expect(byWord).toBeLessThan((await page.locator(".reader__byline [lang]").boundingBox())!.x);
  await context.close();
});

test("a reading whose language is not known runs each paragraph in the direction of its own letters", async ({ browser }) => {
  const { page, context } = await createPerson(browser, "auto-direction");
  const text =
    "مرحبا بالعالم. هذه فقرة أولى، وهي طويلة بما يكفي لتلتف على أكثر من سطر واحد في عمود القراءة الضيق.\n\nAnd this paragraph is English.";
  const created = await context.request.post("/api/documents", { data: { text, title: "نص بلا لغة" } });
  expect(created.status()).toBe(201);
  const { slug, language } = (await created.json()) as { slug: string; language: string | null };
  expect(language).toBeNull();

  await page.goto(`/read/${slug}`);
  const [arabic, english] = [page.locator(".reader__block").first(), page.locator(".reader__block").last()];
  await expect(arabic).toHaveAttribute("dir", "auto");
  expect(await arabic.evaluate((element) => element.matches(":dir(rtl)"))).toBe(true);
  expect(await english.evaluate((element) => element.matches(":dir(ltr)"))).toBe(true);
  expect(await page.getByRole("heading", { level: 1 }).evaluate((element) => element.matches(":dir(rtl)"))).toBe(true);
  // The Arabic paragraph's lines start at the right, and its Annotate button sits in the margin there.
  await arabic.hover();
  const button = (await arabic.getByRole("button", { name: /^Annotate paragraph/ }).boundingBox())!;
  const box = (await arabic.boundingBox())!;
  expect(button.x).toBeGreaterThan(box.x + box.width - 1);

  // Marked English, with an Urdu paragraph in it (an independent check: it ran left to right, its
  // full stop beside its first word): each block takes its own direction too.
  const marked = await context.request.post("/api/documents", {
    data: {
      text: "The river remembers what the street forgets.\n\nدریا وہ یاد رکھتا ہے جو گلی بھول جاتی ہے۔",
      title: "Two scripts",
      language: "en",
    },
  });
  expect(marked.status()).toBe(201);
  await page.goto(`/read/${((await marked.json()) as { slug: string }).slug}`);
  const urdu = page.locator(".reader__block").last();
  await expect(urdu).toHaveAttribute("dir", "auto");
  expect(await urdu.evaluate((element) => element.matches(":dir(rtl)"))).toBe(true);
  expect(
    await page
      .locator(".reader__block")
      .first()
      .evaluate((element) => element.matches(":dir(ltr)")),
  ).toBe(true);
  await context.close();
});

test("right-to-left paragraphs fit a 390 px phone without sideways scrolling", async ({ browser }) => {
  const { page, context } = await createPerson(browser, "rtl-phone", {
    viewport: { width: 390, height: 844 },
    isMobile: true,
    hasTouch: true,
  });
  const arabic = "مرحبا بالعالم. هذه فقرة أولى، وهي طويلة بما يكفي لتلتف على أكثر من سطر واحد.";
  // One reading in Arabic throughout, one of unknown language with a paragraph of each direction.
  for (const data of [
    { text: `${arabic}\n\nوهذه فقرة ثانية.`, title: "نص عربي", language: "ar" },
    { text: `${arabic}\n\nAnd this paragraph is English.`, title: "Two directions" },
  ]) {
    const created = await context.request.post("/api/documents", { data });
    expect(created.status()).toBe(201);
    const { slug } = (await created.json()) as { slug: string };
    await page.goto(`/read/${slug}`);
    await page.waitForFunction(() => document.documentElement.dataset.hydratedAt !== undefined);
    expect(await page.evaluate(() => document.scrollingElement!.scrollWidth - document.scrollingElement!.clientWidth)).toBe(0);
  }
  await context.close();
});

test("the API reference fits a 390 px phone without sideways scrolling", async ({ browser }) => {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  const page = await context.newPage();
  await page.goto("/api-reference");
  expect(await page.evaluate(() => document.scrollingElement!.scrollWidth - document.scrollingElement!.clientWidth)).toBe(0);
  await context.close();
});

test("the offline page opened while online goes to the library instead of reloading itself", async ({ page }) => {
  await page.goto("/offline");
  await expect(page).toHaveURL(/\/$/, { timeout: 10_000 });
  await expect(page.getByRole("heading", { name: "You are offline" })).toHaveCount(0);
});

test("an invitation link that matches none answers 404 and says so", async ({ page }) => {
  const response = await page.goto("/invite/not-a-real-token");
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("heading", { level: 1, name: "Invitation not found" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Back to the library" })).toBeVisible();
});

test("signing up with an email that has an account links to signing in", async ({ page, request }) => {
  const user = newUser("taken");
  await signUpWithoutScript(request, user);

  await page.goto("/signup");
  await page.getByLabel("Name").fill(user.name);
  await page.getByLabel("Email").fill(user.email);
  await page.getByLabel("Password").fill(user.password);
  await page.getByRole("button", { name: "Create account" }).click();
  const link = page.getByRole("link", { name: "Sign in instead" });
  await expect(link).toBeVisible();
  await expect(link).toHaveAttribute("href", /^\/signin/);
  await expectNoAxeViolations(page);
});

test("a group owner's own note: its actions take two rows at most, Delete at the far end, at 1280 and 390 px", async ({ browser }) => {
  for (const viewport of [
    { width: 1280, height: 800 },
    { width: 390, height: 844 },
  ]) {
    const owner = await createPerson(browser, "card-actions", { viewport });
    const group = await createGroup(owner.context);
    const unique = Date.now().toString(36);
    await annotate(owner.context, { group: group.id }, { at: SENTENCE, body: `Owner's note ${unique}` });
    const { page } = owner;
    await page.goto(ARTICLE_PATH);
    await page.waitForFunction(() => document.documentElement.dataset.hydratedAt !== undefined);
    if (viewport.width < 600) await page.getByRole("button", { name: /^Annotations \(\d+\)/ }).click();
    const card = page.locator(".annotation-card").filter({ hasText: unique });
    await card.getByRole("button", { expanded: false }).click();
    const actions = card.locator(".thread__actions").first();
    await expect(actions.getByRole("button", { name: "Hide" })).toBeVisible();
    // Edit, Move highlight, Resolve, Hide and Delete: before, in two groups, three rows.
    const boxes = await actions.getByRole("button").evaluateAll((buttons) => buttons.map((button) => button.getBoundingClientRect()));
    expect(boxes).toHaveLength(5);
    expect(new Set(boxes.map((box) => Math.round(box.top))).size).toBeLessThanOrEqual(2);
    const right = Math.max(...boxes.map((box) => box.right));
    expect(Math.round(boxes[4].right)).toBe(Math.round(right));
    await owner.context.close();
  }
});
