// The reading page with many annotations (issue #15 item 2), the suite's small version of
// `npm run bench:reading-scale`: 1,000 of a reader's own annotations, imported in one request.
import { expect, test, type Page } from "./test";
import { describeTextRange } from "@/lib/anchoring/text-quote";
import { createPerson } from "./factories";
import { ARTICLE, ARTICLE_PATH, phraseInArticle, selectByMouse, startNoteByMouse } from "./fixtures";

// Keeping a large reading offline needs the service worker (playwright.config.ts blocks it elsewhere).
test.use({ serviceWorkers: "allow" });

const COUNT = 1_000;
const CLASS_SIZE = 40;
const CLASS_PASSAGE = { start: 1_000, end: 1_030 };
/** Three notes reaching from before the class's passage to well past it: one crowd runs over it, on several lines. */
const AROUND_PASSAGE = { start: 990, end: 1_100 };

test("1,000 annotations: painted in the server's HTML, the sidebar mounts only a window of cards and scrolls to the last", async ({
  browser,
}) => {
  const { context, page } = await createPerson(browser, "scale");
  const text = ARTICLE.text;
  const items = Array.from({ length: COUNT }, (_, i) => {
    const start = (i * 211) % (text.length - 200);
    const { quote, position } = describeTextRange(text, start, start + 8 + (i % 40));
    return {
      type: "Annotation",
      id: `urn:scale:${i}`,
      body: { type: "TextualBody", value: `scale note ${i}` },
      target: { selector: [quote, position] },
    };
  });
  // And a class of 40 on one passage: a click there lists them all.
  const passage = describeTextRange(text, CLASS_PASSAGE.start, CLASS_PASSAGE.end);
  const classItems = Array.from({ length: CLASS_SIZE }, (_, i) => ({
    type: "Annotation",
    id: `urn:scale:class:${i}`,
    body: { type: "TextualBody", value: `class note ${i}` },
    target: { selector: [passage.quote, passage.position] },
  }));
  const around = describeTextRange(text, AROUND_PASSAGE.start, AROUND_PASSAGE.end);
  const aroundItems = [0, 1, 2].map((i) => ({
    type: "Annotation",
    id: `urn:scale:around:${i}`,
    // One in accented words: the search below asks the server for it without them.
    body: { type: "TextualBody", value: `around note ${i}${i === 1 ? ", un résumé" : ""}` },
    target: { selector: [around.quote, around.position] },
  }));
  const imported = await context.request.post(`/api/documents/${ARTICLE.slug}/import`, {
    data: { "@context": "http://www.w3.org/ns/anno.jsonld", type: "AnnotationPage", items: [...items, ...classItems, ...aroundItems] },
  });
  expect(imported.status(), await imported.text()).toBe(200);

  // Painted before any JavaScript runs: the HTML itself carries the marks, and they cover every
  // character of every note. Where three or more stack they are painted as crowds, one mark while
  // the look stays the same, so far fewer marks than the notes cut the text into.
  const bare = await browser.newContext({ javaScriptEnabled: false, storageState: await context.storageState() });
  const htmlPage = await bare.newPage();
  await htmlPage.goto(ARTICLE_PATH);
  const painted = await htmlPage.locator(".reader__body").evaluate((body) => {
    const covered: boolean[] = [];
    const marks = [...body.querySelectorAll<HTMLElement>("mark[data-at]")];
    for (const mark of marks) {
      const at = Number(mark.dataset.at);
      for (let offset = 0; offset < (mark.textContent ?? "").length; offset += 1) covered[at + offset] = true;
    }
    return { covered, marks: marks.length, crowds: body.querySelectorAll("mark.hl--crowd").length };
  });
  await bare.close();
  // (The line breaks between paragraphs are text between blocks, in no mark.)
  const positions = items.map((item) => ({ id: item.id, ...(item.target.selector[1] as { start: number; end: number }) }));
  const uncovered = positions.filter(({ start, end }) => {
    for (let at = start; at < end; at += 1) if (!painted.covered[at] && text[at] !== "\n") return true;
    return false;
  });
  expect(uncovered.map(({ id }) => id)).toEqual([]);
  expect(painted.crowds).toBeGreaterThan(0);
  const boundaries = new Set(positions.flatMap(({ start, end }) => [start, end])).size;
  expect(painted.marks).toBeLessThan(boundaries / 3);

  // The page's own requests about annotations, in the order its code makes them (the network's events
  // may reach the test in another order), and how many are unanswered: the jump below reads them.
  await page.addInitScript(() => {
    const record = { log: [] as string[], pending: 0 };
    (window as unknown as { annotationRequests: typeof record }).annotationRequests = record;
    const send = window.fetch.bind(window);
    window.fetch = (input, init) => {
      const url = String(input instanceof Request ? input.url : input);
      if (!url.includes("/api/annotations/") && !url.includes("/annotations?ids=")) return send(input, init);
      record.log.push(`sent ${url}`);
      record.pending++;
      const answer = send(input, init);
      void answer.finally(() => {
        record.log.push(`answered ${url}`);
        record.pending--;
      });
      return answer;
    };
  });
  await page.goto(ARTICLE_PATH);
  await page.waitForFunction(() => document.documentElement.dataset.hydratedAt !== undefined);
  // Other tests' annotations shared with everyone may be on the same reading too.
  await expect(page.locator(".sidebar__count")).toContainText(/Showing \d{4,} of/);
  const total = Number(/Showing (\d+) of/.exec((await page.locator(".sidebar__count").textContent()) ?? "")![1]);
  expect(total).toBeGreaterThanOrEqual(COUNT);
  expect(await page.locator(".reader__body").evaluate((body) => body.textContent)).toBe(text);

  // Virtualized: a window of cards, not a thousand (nor a first page of a hundred).
  const cards = page.locator("aside li[id^='annotation-']");
  await expect(cards.first()).toBeVisible();
  expect(await cards.count()).toBeLessThan(60);
  await expect(page.locator(`aside li[aria-posinset='${total}']`)).toHaveCount(0);

  // Scrolling the sidebar to its end mounts the last card, still within a window.
  const last = page.locator(`aside li[aria-posinset='${total}'][aria-setsize='${total}']`);
  await expect(async () => {
    await page.locator("aside.sidebar").evaluate((sidebar) => (sidebar.scrollTop = sidebar.scrollHeight));
    await expect(last).toBeVisible({ timeout: 500 });
  }).toPass({ timeout: 10_000 });
  expect(await cards.count()).toBeLessThan(60);
  // Past 500 annotations the page carries stubs, not notes: the last card's words are fetched as it comes into view.
  await expect(last).not.toHaveAttribute("aria-busy", "true");
  await expect(last.locator(".annotation-card__summary")).toBeVisible();

  // A highlight covered by one annotation opens that annotation's card, scrolled into the window.
  const single = page.locator(".reader__body mark[data-depth='1']").first();
  const id = await single.getAttribute("data-annotation-id");
  await single.click();
  await expect(page.locator(`#annotation-${id} .annotation-card__summary`)).toHaveAttribute("aria-expanded", "true");
  await expect(page.locator(`#annotation-${id} .annotation-card__summary`)).toBeFocused();
  // Its words arrive (the one thread, fetched), and the keyboard stays on it.
  await expect(page.locator(`#annotation-${id}`)).not.toHaveAttribute("aria-busy", "true");
  await expect(page.locator(`#annotation-${id} .annotation-card__summary`)).toBeFocused();
  // Only the open thread's highlights point at a card (the others' cards may not be mounted), and it is there.
  await expect(page.locator(".reader__body mark[aria-details]").first()).toHaveAttribute("aria-details", `annotation-${id}`);
  await page.locator("aside.sidebar").evaluate((sidebar) => (sidebar.scrollTop = 0));
  await expect(page.locator(`#annotation-${id}`)).toHaveCount(1);

  // A highlight whose card lies below the sidebar's view (mid-list): the card comes to the top of the list, so
  // its thread opens in view down to the reply box (brought to the bottom edge, it opened out of view).
  const singles = page.locator(".reader__body mark[data-depth='1']");
  const lowest = singles.nth(Math.floor((await singles.count()) / 2));
  const lowestId = await lowest.getAttribute("data-annotation-id");
  await lowest.scrollIntoViewIfNeeded();
  // Its thread is asked for first and alone: the windows of cards around it (100 at a time) wait for
  // its answer, and none asks for its card again; on a busy server it was answered after them.
  // From a quiet page (the windows earlier scrolls asked for are answered), as from a busy server:
  // the thread's answer takes a while.
  type AnnotationRequests = { log: string[]; pending: number };
  const requests = () => page.evaluate(() => (window as unknown as { annotationRequests: AnnotationRequests }).annotationRequests);
  await expect.poll(async () => (await requests()).pending).toBe(0);
  const threadUrl = `/api/annotations/${lowestId}`;
  await page.route(`**${threadUrl}`, async (route) => {
    await new Promise((resolve) => setTimeout(resolve, 500));
    await route.continue();
  });
  const before = (await requests()).log.length;
  await lowest.click();
  const opened = page.locator(`#annotation-${lowestId}`);
  await expect(opened.locator(".annotation-card__summary")).toHaveAttribute("aria-expanded", "true");
  await expect(opened).not.toHaveAttribute("aria-busy", "true");
  await expect(opened.getByRole("textbox", { name: "Reply" })).toBeInViewport();
  await expect.poll(async () => (await requests()).pending).toBe(0);
  await page.unroute(`**${threadUrl}`);
  const traffic = (await requests()).log.slice(before);
  const log = traffic.join("\n");
  // (A window an earlier scroll asked for may still go out as the page turns quiet: only what follows
  // the thread counts.)
  const sentAt = traffic.indexOf(`sent ${threadUrl}`);
  const answeredAt = traffic.indexOf(`answered ${threadUrl}`);
  expect(sentAt, log).toBeGreaterThanOrEqual(0);
  const windowsAt = traffic.flatMap((entry, at) => (at > sentAt && entry.startsWith("sent") && entry.includes("?ids=") ? [at] : []));
  expect(windowsAt.length, log).toBeGreaterThan(0);
  expect(windowsAt[0], log).toBeGreaterThan(answeredAt);
  expect(
    windowsAt.filter((at) => traffic[at].includes(lowestId!)),
    log,
  ).toEqual([]);
  // And they are the cards around it, not every card between it and where the list was (the open card
  // stays mounted, and the span from it to the view once asked for hundreds).
  const idsAsked = windowsAt.flatMap((at) => new URL(traffic[at].slice("sent ".length), page.url()).searchParams.get("ids")!.split(","));
  expect(idsAsked.length, log).toBeLessThan(100);

  // Where the class annotated one passage, the picker lists every one of them in a box that
  // scrolls, not a list running down the page; the last of them can be reached and opened. The
  // passage is inside a crowd's mark that starts before it: the click is on a character of the
  // passage, and the picker lists what covers that character, not the mark's first one.
  const clickAt = CLASS_PASSAGE.start + 5;
  const phrase = text.slice(clickAt, clickAt + 24);
  expect(text.indexOf(phrase)).toBe(clickAt);
  const word = await phraseInArticle(page, phrase, { scroll: true });
  const point = { x: word.x1 + 1, y: word.y1 };
  const clicked = await page.evaluate(({ x, y }) => {
    const mark = document.elementFromPoint(x, y)!.closest<HTMLElement>("mark[data-at]")!;
    const line = [...mark.getClientRects()].find((box) => box.top <= y && y <= box.bottom)!;
    return {
      markAt: Number(mark.dataset.at),
      isCrowd: mark.classList.contains("hl--crowd"),
      // How far the mark runs below the clicked character's line.
      runsBelow: mark.getBoundingClientRect().bottom - line.bottom,
    };
  }, point);
  expect(clicked.isCrowd).toBe(true);
  expect(clicked.runsBelow).toBeGreaterThan(10);
  expect(clicked.markAt).toBeLessThan(CLASS_PASSAGE.start);
  await page.mouse.click(point.x, point.y);
  const picker = page.getByRole("dialog", { name: "Choose an annotation" });
  await expect(picker.getByRole("button", { name: /class note/ })).toHaveCount(CLASS_SIZE);
  await expect(picker.getByRole("button", { name: /around note/ })).toHaveCount(3);
  // And of the thousand, exactly those covering the clicked character (others' shared notes may be there too).
  const coveringClicked = positions
    .filter(({ start, end }) => start <= clickAt && clickAt < end)
    .map(({ id }) => `scale note ${id.split(":").at(-1)}`);
  // (Each is named by its quote until its words are fetched, as the picker opens.)
  const listed = async () =>
    (await picker.getByRole("button", { name: /scale note \d+/ }).allTextContents()).map((name) => /scale note \d+/.exec(name)![0]).sort();
  await expect.poll(listed).toEqual(coveringClicked.sort());
  const viewport = page.viewportSize()!;
  const pickerBox = (await picker.boundingBox())!;
  // Under the line clicked, though the crowd's mark runs over several lines.
  expect(pickerBox.y).toBeGreaterThan(point.y);
  expect(pickerBox.y).toBeLessThan(point.y + 40);
  expect(pickerBox.height).toBeLessThanOrEqual(viewport.height * 0.6 + 1);
  expect(await picker.evaluate((box) => box.scrollHeight > box.clientHeight)).toBe(true);
  const lastOfClass = picker.getByRole("button", { name: new RegExp(`class note ${CLASS_SIZE - 1}\\b`) });
  await lastOfClass.scrollIntoViewIfNeeded();
  await lastOfClass.click();
  await expect(picker).toHaveCount(0);
  await expect(
    page.locator("aside li[id^='annotation-']").filter({ has: page.locator(".annotation-card__summary[aria-expanded='true']") }),
  ).toContainText(`class note ${CLASS_SIZE - 1}`);

  // Kept offline, a large reading keeps every card's words, not just the window the page had loaded:
  // offline, the last card shows its note with no server to fetch it from.
  const scrollToLast = async () =>
    await expect(async () => {
      await page.locator("aside.sidebar").evaluate((sidebar) => (sidebar.scrollTop = sidebar.scrollHeight));
      await expect(last).toBeVisible({ timeout: 500 });
    }).toPass({ timeout: 10_000 });
  await scrollToLast();
  const lastNote = (await last.locator(".md").first().textContent())!.trim();
  expect(lastNote.length).toBeGreaterThan(0);
  await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
  await page.getByRole("button", { name: "Keep offline" }).click();
  await expect(page.getByRole("button", { name: "Kept offline" })).toHaveAttribute("aria-pressed", "true");
  await context.setOffline(true);
  await page.reload();
  await page.waitForFunction(() => document.documentElement.dataset.hydratedAt !== undefined);
  await scrollToLast();
  await expect(last.locator(".md").first()).toHaveText(lastNote);
  await context.setOffline(false);
  await page.reload();
  await page.waitForFunction(() => document.documentElement.dataset.hydratedAt !== undefined);

  // A note saved on a busy reading: its card opens within the list's view (it is one among a
  // thousand, far from the cards mounted), and focus goes back to the text, not to the card.
  await page.locator("aside.sidebar").evaluate((sidebar) => (sidebar.scrollTop = 0));
  await selectByMouse(page, "aligning incentives");
  await page
    .getByRole("toolbar", { name: "Selected text" })
    .getByRole("button", { name: /^Annotate/ })
    .click();
  const form = page.getByRole("form", { name: "New annotation" });
  await form.getByLabel("Comment").fill("A note among a thousand");
  await form.getByRole("button", { name: "Save" }).click();
  const saved = page.locator("aside li[id^='annotation-']").filter({ hasText: "A note among a thousand" });
  await expect(saved).toBeInViewport();
  await expect(saved.locator(".annotation-card__summary")).toHaveAttribute("aria-expanded", "true");
  expect(await saved.evaluate((card) => card.contains(document.activeElement))).toBe(false);

  // Its search asks the server (the page holds only a window of the cards), which compares as the
  // page's own search does: without case or accents.
  const search = page.getByLabel("Search annotations");
  await search.fill("RESUME");
  await expect(cards).toHaveCount(1);
  await expect(cards).toContainText("around note 1, un résumé");
  await search.fill("");
  await expect.poll(() => cards.count()).toBeGreaterThan(1);

  // The page itself does not carry the stubs (they come after it, so the page is parsed as fast as
  // one without annotations): of the reader's annotations, its HTML names only some of those its
  // marks point at, a run of one or two.
  const stubs = (await (await context.request.get(`/api/documents/${ARTICLE.slug}/annotations/stubs`)).json()) as { ids: string[] };
  expect(stubs.ids.length).toBeGreaterThan(COUNT);
  const html = await (await context.request.get(ARTICLE_PATH)).text();
  const named = stubs.ids.filter((annotationId) => html.includes(annotationId));
  expect(named.length).toBeGreaterThan(0);
  expect(named.length).toBeLessThan(stubs.ids.length / 4);

  // Until they arrive, the article shows the server's paint and the sidebar the server's counts;
  // a highlight clicked meanwhile opens its thread when they do.
  const early = await context.newPage();
  const release = await holdStubs(early);
  await early.goto(ARTICLE_PATH);
  await early.waitForFunction(() => document.documentElement.dataset.hydratedAt !== undefined);
  await expect(early.locator(".sidebar__count")).toHaveText(/Showing \d{4,} of \d{4,} annotations/);
  await expect(early.getByText("Loading annotations…")).toBeVisible();
  await expect(early.getByLabel("Colour")).toBeDisabled();
  const earlyMark = early.locator(".reader__body mark[data-depth='1']").first();
  const earlyId = await earlyMark.getAttribute("data-annotation-id");
  await earlyMark.click();
  expect(await early.evaluate(() => document.documentElement.dataset.stubsLoadedAt)).toBeUndefined();
  release();
  await expect(early.locator(`#annotation-${earlyId} .annotation-card__summary`)).toHaveAttribute("aria-expanded", "true");
  await expect(early.getByLabel("Colour")).toBeEnabled();
  expect(await early.locator(".reader__body").evaluate((body) => body.textContent)).toBe(text);

  // A link to one annotation (from "My notes" or an export) opens it once they arrive, held as long as they are.
  const releaseLinked = await holdStubs(early);
  await early.goto(`${ARTICLE_PATH}?annotation=${lowestId}`);
  await early.waitForFunction(() => document.documentElement.dataset.hydratedAt !== undefined);
  await early.waitForTimeout(300);
  releaseLinked();
  await expect(early.locator(`#annotation-${lowestId} .annotation-card__summary`)).toHaveAttribute("aria-expanded", "true");

  // A note saved before they arrive (on a slow network) is there, open and in the list's view, when
  // they do: it was saved under another id meanwhile, and the list, mounted then, once looked for the
  // first and scrolled nowhere.
  const releaseSaved = await holdStubs(early);
  await early.goto(ARTICLE_PATH);
  await early.waitForFunction(() => document.documentElement.dataset.hydratedAt !== undefined);
  const earlyForm = await startNoteByMouse(early, "a complex and evolving relationship");
  await earlyForm.getByLabel("Comment").fill("Saved before the list");
  const savedEarly = early.waitForResponse((response) => response.url().endsWith("/annotations") && response.request().method() === "POST");
  await earlyForm.getByRole("button", { name: "Save" }).click();
  expect((await savedEarly).status()).toBe(201);
  await expect(early.getByText("Loading annotations…")).toBeVisible();
  releaseSaved();
  const savedBeforeList = early.locator("aside li[id^='annotation-']").filter({ hasText: "Saved before the list" });
  await expect(savedBeforeList).toBeInViewport();
  await expect(savedBeforeList.locator(".annotation-card__summary")).toHaveAttribute("aria-expanded", "true");
  await context.close();
});

/** Holds `page`'s request for the reading's stubs until the function it answers is called. */
async function holdStubs(page: Page): Promise<() => void> {
  let release = () => {};
  const held = new Promise<void>((resolve) => (release = resolve));
  await page.route("**/annotations/stubs", async (route) => {
    await held;
    await route.continue();
  });
  return release;
}
