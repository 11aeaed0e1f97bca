import path from "node:path";
import { expect, test, type Locator } from "./test";
import { describeTextRange } from "@/lib/anchoring/text-quote";
import { createPerson } from "./factories";
import { expectNoAxeViolations } from "./fixtures";

/**
 * Issue 12 item 2: a reading keeps its structure. Headings, lists, quotes, code and inline marks
 * render with their own elements, highlights paint across them, and the article body's
 * textContent is still exactly the stored text that selectors count into.
 */
const SCREENSHOTS = path.join(__dirname, "..", "docs", "screenshots", "readings");
const MARKDOWN = [
  "# Field notes on herons",
  "Herons hunt by *standing perfectly still* and striking fast; see the [survey](https://example.org/herons).",
  "## What they eat",
  "- small fish\n- frogs and **large insects**\n  - tadpoles, in spring",
  "> The heron is patience given feathers.\n>\n> > So said the old keeper.",
  "```\ncount = 12\n```",
  "| Prey | Share |\n| --- | --- |\n| fish | 70% |\n| frogs | |",
  "![A heron standing in the reeds](heron.jpg)",
].join("\n\n");

test("a Markdown reading shows its headings, lists, quote, code, table, image description and emphasis, in the preview as once saved; highlights cross them; the text stays exact", async ({
  browser,
}) => {
  const reader = await createPerson(browser, "structure");
  const { page } = reader;
  // The preview draws the reading as it will be kept: its heading, its table.
  await page.goto("/readings/new");
  await page.getByLabel("Text", { exact: true }).fill(MARKDOWN);
  await page.getByLabel("It is Markdown").check();
  await page.getByRole("button", { name: "Preview" }).click();
  const preview = page.getByTestId("preview-text");
  await expect(preview.getByRole("heading", { name: "What they eat" })).toBeVisible();
  await expect(preview.getByRole("table").getByRole("columnheader")).toHaveText(["Prey", "Share"]);
  await page.getByRole("button", { name: "Save reading" }).click();
  await page.waitForURL(/\/read\/field-notes-on-herons-[0-9a-f]+$/);
  const slug = new URL(page.url()).pathname.split("/").pop()!;
  const version = ((await (await reader.context.request.get(`/api/documents/${slug}`)).json()) as { version: { text: string } }).version;
  const start = version.text.indexOf("hunt by");
  const end = version.text.indexOf("still") + "still".length;
  const { quote, position } = describeTextRange(version.text, start, end);
  const note = await reader.context.request.post(`/api/documents/${slug}/annotations`, {
    data: { target: { selector: [quote, position] }, body: "Across the emphasis", visibility: "private" },
  });
  expect(note.status()).toBe(201);
  const inCell = describeTextRange(version.text, version.text.indexOf("70%"), version.text.indexOf("70%") + 3);
  const cellNote = await reader.context.request.post(`/api/documents/${slug}/annotations`, {
    data: { target: { selector: [inCell.quote, inCell.position] }, body: "In a cell", visibility: "private" },
  });
  expect(cellNote.status()).toBe(201);

  await page.goto(`/read/${slug}`);
  const body = page.locator(".reader__body");
  await expect(page.getByRole("heading", { level: 1, name: "Field notes on herons" })).toBeVisible();
  await expect(body.getByRole("heading", { level: 2, name: "What they eat" })).toBeVisible();
  // The nested list is inside the list it belongs to, as a screen reader hears it.
  await expect(body.getByRole("list").first()).toMatchAriaSnapshot(`
    - list:
      - listitem:
        - text: small fish
      - listitem:
        - text: frogs and
        - strong: large insects
      - listitem:
        - list:
          - listitem:
            - text: tadpoles, in spring
  `);
  await expect(body.locator("blockquote")).toHaveText(["The heron is patience given feathers.", "So said the old keeper."]);
  // The quote within the quote is drawn a step further in (before, "> >" read as one level).
  const [outer, inner] = await body
    .locator("blockquote")
    .evaluateAll((quotes) => quotes.map((quote) => quote.getBoundingClientRect().left));
  expect(inner).toBeGreaterThan(outer + 10);
  await expect(body.locator("pre")).toHaveText("count = 12");
  await expect(body.getByRole("link", { name: "survey" })).toHaveAttribute("href", "https://example.org/herons");
  // The highlight covers the emphasised words, which keep their emphasis inside it.
  await expect(body.locator("mark.hl em")).toHaveText("standing perfectly still");
  const table = body.getByRole("table");
  await expect(table.getByRole("row")).toHaveCount(3);
  await expect(table.getByRole("cell")).toHaveText(["fish", "70%", "frogs", ""]);
  // A cell's Annotate button sits after its text, never over it (a press there must start a selection).
  const cell = table.getByRole("cell", { name: "fish" });
  const cellButton = await cell.getByRole("button", { name: /^Annotate paragraph/ }).boundingBox();
  const cellText = await cell.locator(".reader__block").evaluate((block) => {
    const range = document.createRange();
    range.selectNodeContents([...block.childNodes].find((node) => node.nodeType === Node.TEXT_NODE)!);
    return range.getBoundingClientRect().right;
  });
  expect(cellButton!.x).toBeGreaterThanOrEqual(cellText);
  await expect(body.locator("figure.reader__image")).toHaveText("A heron standing in the reeds");
  expect(await body.locator("mark.hl").allTextContents()).toEqual(["hunt by standing perfectly still", "70%"]);
  expect(await body.evaluate((element) => element.textContent)).toBe(version.text);
  await expectNoAxeViolations(page);
  await page.screenshot({ path: path.join(SCREENSHOTS, "structure-1280.png"), fullPage: true });
  await page.setViewportSize({ width: 390, height: 844 });
  await page.screenshot({ path: path.join(SCREENSHOTS, "structure-390.png"), fullPage: true });
});

const GLOSSARY_HTML = `<!doctype html><html lang="en"><head><title>A tide glossary</title></head><body><article>
<h1>A tide glossary</h1>
<p>The moon's pull falls off as 1/r<sup>3</sup>, not <del>1/r<sup>2</sup></del>, which is why tides are weak.<sup><a href="#n1">1</a></sup></p>
<dl><dt>Spring tide</dt><dd>The largest range, at new and full moon.</dd><dt>Neap tide</dt><dd>The smallest range, at the quarters.</dd></dl>
<p id="n1">1. Newton worked this out in the Principia.</p>
<p>The sea is calm tonight.<br>The tide is full.</p>
</article></body></html>`;

const TASKS_MARKDOWN =
  "# Before the seminar\n\n- [x] Read the ~~whole~~ first half\n- [ ] Note two questions[^q]\n\n[^q]: One about method.";

test("a web page's description list and raised words, and a Markdown task list, strikethrough and footnote, read as they were written", async ({
  browser,
}) => {
  const { page } = await createPerson(browser, "glossary");
  await page.goto("/readings/new");
  await page.getByLabel("Upload a file").check();
  await page.getByLabel(/^File/).setInputFiles({ name: "glossary.html", mimeType: "text/html", buffer: Buffer.from(GLOSSARY_HTML) });
  await page.getByRole("button", { name: "Preview" }).click();
  const preview = page.getByTestId("preview-text");
  await expect(preview.locator("dl dt")).toHaveText(["Spring tide", "Neap tide"]);
  await page.getByRole("button", { name: "Save reading" }).click();
  await page.waitForURL(/\/read\/a-tide-glossary-[0-9a-f]+$/);
  const body = page.locator(".reader__body");
  await expect(body.locator("dl > dt")).toHaveText(["Spring tide", "Neap tide"]);
  await expect(body.locator("dl > dd")).toHaveText(["The largest range, at new and full moon.", "The smallest range, at the quarters."]);
  await expect(body.locator("p sup")).toHaveText(["3", "2", "1"]);
  // Struck through around a raised 2: the marks are cut where they overlap (<del>1/r</del><del><sup>2</sup></del>).
  expect((await body.locator("del").allTextContents()).join("")).toBe("1/r2");
  // A line the page broke (<br>) is a line of its own, its newline the only thing between the lines.
  const verse = body.locator("p", { hasText: "The sea is calm" });
  expect(await verse.textContent()).toBe("The sea is calm tonight.\nThe tide is full.");
  expect(await linesOf(verse)).toBe(2);
  await expectNoAxeViolations(page);

  await page.goto("/readings/new");
  await page.getByLabel("Text", { exact: true }).fill(TASKS_MARKDOWN);
  await page.getByLabel("It is Markdown").check();
  await page.getByRole("button", { name: "Preview" }).click();
  await expect(preview.locator("li[data-task]")).toHaveCount(2);
  await page.getByRole("button", { name: "Save reading" }).click();
  await page.waitForURL(/\/read\/before-the-seminar-[0-9a-f]+$/);
  const items = body.getByRole("listitem");
  await expect(items).toHaveText(["Read the whole first half", "Note two questionsq"]);
  expect(await items.evaluateAll((elements) => elements.map((item) => item.getAttribute("data-task")))).toEqual(["done", "open"]);
  // The box is drawn, not written: the task's text has none, its ::before has one.
  expect(await items.first().evaluate((item) => getComputedStyle(item, "::before").content)).toContain("\u2611");
  await expect(body.locator("del")).toHaveText("whole");
  await expect(body.locator("p").last()).toHaveText("q One about method.");
  await expectNoAxeViolations(page);
});

const TIMETABLE_HTML = `<!doctype html><html lang="en"><head><title>Ferry times</title></head><body><article>
<h1>Ferry times</h1>
<p>The crossings run twice a day while the harbour is open, and not at all while it is closed for repairs.</p>
<table><thead><tr><th>Day</th><th>Port</th><th>High water</th><th>Low water</th></tr></thead><tbody>
<tr><td rowspan="2">Monday</td><td>Dover</td><td>06:10</td><td>12:20</td></tr>
<tr><td>Calais</td><td colspan="2" rowspan="2">closed for repairs</td></tr>
<tr><td>Tuesday</td><td>Ostend</td></tr>
</tbody></table>
<p>Times are local, and the pilots may hold a crossing back when the wind is against the tide.</p>
</article></body></html>`;

test("a web page's lists counted in letters or Roman numerals keep their counting; the text stays exact", async ({ browser }) => {
  const { page, context } = await createPerson(browser, "lettered");
  const html = `<!doctype html><html lang="en"><head><title>Harbour rules</title></head><body><article>
<h1>Harbour rules</h1>
<p>Every vessel entering the harbour follows the rules below, in order, whatever the weather and the hour.</p>
<ol type="a"><li>Report to the harbour master.</li><li>Wait for a berth.</li></ol>
<ol style="list-style-type: upper-roman"><li>Moor as told.</li></ol>
</article></body></html>`;
  await page.goto("/readings/new");
  await page.getByLabel("Upload a file").check();
  await page.getByLabel(/^File/).setInputFiles({ name: "rules.html", mimeType: "text/html", buffer: Buffer.from(html) });
  await page.getByRole("button", { name: "Preview" }).click();
  await page.getByRole("button", { name: "Save reading" }).click();
  await page.waitForURL(/\/read\/harbour-rules-[0-9a-f]+$/);
  const body = page.locator(".reader__body");
  // Before, every numbered list read 1, 2, 3.
  await expect(body.locator("ol")).toHaveCount(2);
  await expect(body.locator("ol").first()).toHaveCSS("list-style-type", "lower-alpha");
  await expect(body.locator("ol").first().getByRole("listitem")).toHaveText(["Report to the harbour master.", "Wait for a berth."]);
  await expect(body.locator("ol").last()).toHaveCSS("list-style-type", "upper-roman");
  const slug = new URL(page.url()).pathname.split("/").pop()!;
  const version = ((await (await context.request.get(`/api/documents/${slug}`)).json()) as { version: { text: string } }).version;
  expect(await body.evaluate((element) => element.textContent)).toBe(version.text);
  await context.close();
});

test("a web page's table with merged cells is drawn as the page drew it, each cell under its own heading, and Chromium reads it as a table", async ({
  browser,
}) => {
  const { page } = await createPerson(browser, "timetable");
  await page.goto("/readings/new");
  await page.getByLabel("Upload a file").check();
  await page.getByLabel(/^File/).setInputFiles({ name: "ferries.html", mimeType: "text/html", buffer: Buffer.from(TIMETABLE_HTML) });
  await page.getByRole("button", { name: "Preview" }).click();
  await page.getByRole("button", { name: "Save reading" }).click();
  await page.waitForURL(/\/read\/ferry-times-[0-9a-f]+$/);
  const table = page.locator(".reader__body").getByRole("table");
  const box = async (name: string) => (await table.locator(".reader__cell", { hasText: new RegExp(`^${name}$`) }).boundingBox())!;
  await expect(table.getByRole("row")).toHaveCount(4);
  const [port, high, low, monday, dover, calais, closed, tuesday, ostend] = await Promise.all(
    ["Port", "High water", "Low water", "Monday", "Dover", "Calais", "closed for repairs", "Tuesday", "Ostend"].map(box),
  );
  // Monday covers its two rows; Calais and Ostend stand under Port; "closed" covers both water columns and two rows.
  expect(monday.height).toBeCloseTo(calais.y + calais.height - dover.y, 0);
  expect(calais.x).toBeCloseTo(port.x, 0);
  expect(ostend.x).toBeCloseTo(port.x, 0);
  expect(closed.x).toBeCloseTo(high.x, 0);
  expect(closed.x + closed.width).toBeCloseTo(low.x + low.width, 0);
  expect(closed.height).toBeCloseTo(ostend.y + ostend.height - calais.y, 0);
  expect(tuesday.y).toBeCloseTo(ostend.y, 0);
  await expect(table.getByRole("cell", { name: "closed for repairs" })).toHaveAttribute("aria-colspan", "2");
  // Chromium's own accessibility tree (what a screen reader gets): the rows are there though they
  // are laid out as `display: contents`, each holding its own cells.
  const cdp = await page.context().newCDPSession(page);
  const { nodes } = (await cdp.send("Accessibility.getFullAXTree")) as {
    nodes: { nodeId: string; ignored: boolean; role?: { value: string }; name?: { value: string }; childIds?: string[] }[];
  };
  const byId = new Map(nodes.map((node) => [node.nodeId, node]));
  const unignoredChildren = (node: (typeof nodes)[number]): (typeof nodes)[number][] =>
    (node.childIds ?? []).flatMap((id) => {
      const child = byId.get(id);
      return !child ? [] : child.ignored ? unignoredChildren(child) : [child];
    });
  const axTable = nodes.find((node) => !node.ignored && node.role?.value === "table")!;
  const axRows = unignoredChildren(axTable).filter((node) => node.role?.value === "row");
  // (A cell's name is its content: its Annotate button's name, then its text.)
  const cellText = (cell: (typeof nodes)[number]) => cell.name?.value.replace(/^Annotate paragraph \d+: “[^”]*” /, "");
  expect(axRows.map((row) => unignoredChildren(row).map(cellText))).toEqual([
    ["Day", "Port", "High water", "Low water"],
    ["Monday", "Dover", "06:10", "12:20"],
    ["Calais", "closed for repairs"],
    ["Tuesday", "Ostend"],
  ]);
  await expectNoAxeViolations(page);
  await page.screenshot({ path: path.join(SCREENSHOTS, "merged-cells-1280.png") });
  // On a phone a column is still as wide as its longest word: no word is broken across lines.
  await page.setViewportSize({ width: 390, height: 844 });
  for (const word of ["Day", "Port", "Monday", "Tuesday", "Ostend", "Calais"]) {
    expect(await linesOf(table.locator(".reader__cell .reader__block", { hasText: new RegExp(`^${word}$`) })), word).toBe(1);
  }
  await page.screenshot({ path: path.join(SCREENSHOTS, "merged-cells-390.png") });
});

/** How many lines an element's text is laid out on (its text nodes only: the Annotate button sits in the margin). */
function linesOf(element: Locator): Promise<number> {
  return element.evaluate((paragraph) => {
    const walker = document.createTreeWalker(paragraph, NodeFilter.SHOW_TEXT);
    const tops = new Set<number>();
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const range = document.createRange();
      range.selectNodeContents(node);
      for (const rect of range.getClientRects()) if (rect.width > 0) tops.add(Math.round(rect.top));
    }
    return tops.size;
  });
}

test("a pasted poem keeps each line when asked, in the preview and once saved; left unasked, its lines join as prose", async ({
  browser,
}) => {
  const reader = await createPerson(browser, "poem");
  const { page } = reader;
  const poem =
    "The Tide Rises\n\nThe tide rises, the tide falls,\nThe twilight darkens, the curlew calls;\n    Along the sea-sands damp and brown";
  await page.goto("/readings/new");
  await page.getByLabel("Text", { exact: true }).fill(poem);
  await page.getByRole("button", { name: "Preview" }).click();
  const stanza = page.getByTestId("preview-text").locator("p", { hasText: "The tide rises" });
  await expect(stanza).toHaveText(
    "The tide rises, the tide falls, The twilight darkens, the curlew calls; Along the sea-sands damp and brown",
  );
  await page.getByLabel("Keep each line as it is").check();
  await page.getByRole("button", { name: "Preview" }).click();
  await expect(stanza).toHaveText(
    "The tide rises, the tide falls,\nThe twilight darkens, the curlew calls;\nAlong the sea-sands damp and brown",
  );
  expect(await linesOf(stanza)).toBe(3);
  // Markdown says where its own lines break: the choice is not offered for it.
  await page.getByLabel("It is Markdown").check();
  await expect(page.getByLabel("Keep each line as it is")).toHaveCount(0);
  await page.getByLabel("It is Markdown").uncheck();
  await expect(page.getByLabel("Keep each line as it is")).toBeChecked();
  await page.getByRole("button", { name: "Preview" }).click();
  await page.getByRole("button", { name: "Save reading" }).click();
  await page.waitForURL(/\/read\/the-tide-rises-[0-9a-f]+$/);
  const saved = page.locator(".reader__body p");
  await expect(saved).toHaveText([
    "The tide rises, the tide falls,\nThe twilight darkens, the curlew calls;\nAlong the sea-sands damp and brown",
  ]);
  expect(await linesOf(saved)).toBe(3);
  // Its indented line is drawn indented: the spaces are kept in the text, and shown.
  const leftOf = (word: string) =>
    saved.evaluate((paragraph, word) => {
      const node = [...paragraph.childNodes].find((child) => child.nodeType === Node.TEXT_NODE && child.textContent!.includes(word))!;
      const range = document.createRange();
      range.setStart(node, node.textContent!.indexOf(word));
      range.setEnd(node, node.textContent!.indexOf(word) + 1);
      return range.getBoundingClientRect().left;
    }, word);
  expect(await leftOf("Along")).toBeGreaterThan((await leftOf("The twilight")) + 10);
  await expectNoAxeViolations(page);

  // A note across two of its lines quotes them as two lines in the margin, not run together.
  const slug = new URL(page.url()).pathname.split("/").pop()!;
  const version = ((await (await reader.context.request.get(`/api/documents/${slug}`)).json()) as { version: { text: string } }).version;
  const start = version.text.indexOf("the tide falls");
  const across = describeTextRange(version.text, start, version.text.indexOf(", the curlew"));
  const note = await reader.context.request.post(`/api/documents/${slug}/annotations`, {
    data: { target: { selector: [across.quote, across.position] }, body: "Two lines", visibility: "private" },
  });
  expect(note.status()).toBe(201);
  await page.reload();
  const cardQuote = page.locator(".annotation-card__quote");
  await expect(cardQuote).toHaveText("the tide falls,\nThe twilight darkens");
  expect(await linesOf(cardQuote)).toBe(2);
});
