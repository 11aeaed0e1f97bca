import path from "node:path";
import { expect, test } from "@playwright/test";
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
  "- small fish",
  "- frogs and **large insects**",
  "> The heron is patience given feathers.",
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
  await expect(body.getByRole("list").getByRole("listitem")).toHaveText(["small fish", "frogs and large insects"]);
  await expect(body.locator("blockquote")).toHaveText("The heron is patience given feathers.");
  await expect(body.locator("pre")).toHaveText("count = 12");
  await expect(body.getByRole("link", { name: "survey" })).toHaveAttribute("href", "https://example.org/herons");
  // The highlight covers the emphasised words, which keep their emphasis inside it.
  await expect(body.locator("mark.hl em")).toHaveText("standing perfectly still");
  const table = body.getByRole("table");
  await expect(table.getByRole("row")).toHaveCount(3);
  await expect(table.getByRole("cell")).toHaveText(["fish", "70%", "frogs", ""]);
  await expect(body.locator("figure.reader__image")).toHaveText("A heron standing in the reeds");
  expect(await body.locator("mark.hl").allTextContents()).toEqual(["hunt by standing perfectly still", "70%"]);
  expect(await body.evaluate((element) => element.textContent)).toBe(version.text);
  await expectNoAxeViolations(page);
  await page.screenshot({ path: path.join(SCREENSHOTS, "structure-1280.png"), fullPage: true });
  await page.setViewportSize({ width: 390, height: 844 });
  await page.screenshot({ path: path.join(SCREENSHOTS, "structure-390.png"), fullPage: true });
});
