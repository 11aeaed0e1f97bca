// Issue 16, item 9, as the private note-taker in dark mode met it: exports use my colour meanings,
// offer "what is shown" (the sidebar's filters) or everything, and one document is a plain .md.
import { mkdirSync } from "node:fs";
import path from "node:path";
import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Download, type Page } from "./test";
import { describeTextRange } from "@/lib/anchoring/text-quote";
import { annotate, createPerson } from "./factories";
import { ARTICLE, ARTICLE_PATH, expectNoAxeViolations } from "./fixtures";

const SCREENSHOTS = path.join(__dirname, "..", "docs", "screenshots", "exports");

async function textOf(download: Download): Promise<string> {
  const chunks = await (await download.createReadStream()).toArray();
  return Buffer.concat(chunks).toString("utf8");
}

async function downloadMarkdown(page: Page): Promise<Download> {
  const exportSection = page.getByRole("region", { name: "Export", exact: true });
  await exportSection.getByLabel("Export format").selectOption("markdown");
  const [download] = await Promise.all([page.waitForEvent("download"), exportSection.getByRole("button", { name: "Download" }).click()]);
  await expect(exportSection.getByText(/^Downloaded /)).toBeVisible();
  return download;
}

test.describe("exports follow what the reader set up", () => {
  for (const width of [1280, 390] as const) {
    test(`at ${width} px: my colour meaning names my highlights; "what is shown" exports the filtered view, "everything" all of it, as one .md`, async ({
      browser,
    }) => {
      test.setTimeout(120_000);
      const isPhone = width === 390;
      const { context, page } = await createPerson(browser, "notetaker", {
        acceptDownloads: true,
        colorScheme: "dark",
        viewport: { width, height: isPhone ? 844 : 900 },
        hasTouch: isPhone,
        isMobile: isPhone,
      });
      // My meaning for pink, in my settings.
      await page.goto("/settings");
      await page.getByLabel("Pink means").fill("Evidence");
      await page.getByRole("button", { name: "Save settings" }).click();
      await expect(page.getByText("Settings saved.")).toBeVisible();
      await page.reload();
      await expect(page.getByLabel("Pink means")).toHaveValue("Evidence");

      await annotate(context, "private", { at: "calculated tolerance", body: "The pink one: evidence", color: "pink" });
      await annotate(context, "private", { at: "Deobandi school of Sunni Islam", body: "The yellow one: a question", color: "yellow" });
      await annotate(context, "private", { at: "diplomatic engagement", body: "The green one", color: "green", tags: ["later"] });

      await page.goto(ARTICLE_PATH);
      if (isPhone) await page.getByRole("button", { name: /^Annotations \(/ }).click();
      await page.getByLabel("Colour", { exact: true }).selectOption({ label: "Pink — Evidence (1)" });
      const exportSection = page.getByRole("region", { name: "Export", exact: true });
      await expect(exportSection.getByRole("radio", { name: "What is shown (1)" })).toBeChecked();
      await expect(exportSection.getByText("Your highlights are named by your colour meanings.")).toBeVisible();

      const shown = await downloadMarkdown(page);
      expect(shown.suggestedFilename()).toMatch(new RegExp(`^marginalia-notes-${ARTICLE.slug}-\\d{4}-\\d{2}-\\d{2}\\.md$`));
      const shownText = await textOf(shown);
      expect(shownText).toContain(`title: "${ARTICLE.title}"`);
      expect(shownText).toContain("The pink one: evidence");
      expect(shownText).toContain("· Evidence (Pink) ·");
      expect(shownText).not.toContain("Colour: Pink");
      expect(shownText).not.toContain("The yellow one");
      expect(shownText).not.toContain("The green one");

      await exportSection.getByRole("radio", { name: /^Everything I can see/ }).check();
      await exportSection.scrollIntoViewIfNeeded();
      mkdirSync(SCREENSHOTS, { recursive: true });
      await page.screenshot({ path: path.join(SCREENSHOTS, `reader-export-${width}.png`) });
      await exportSection.screenshot({ path: path.join(SCREENSHOTS, `reader-export-panel-${width}.png`) });
      const everything = await downloadMarkdown(page);
      expect(everything.suggestedFilename()).toMatch(new RegExp(`^marginalia-notes-${ARTICLE.slug}-\\d{4}-\\d{2}-\\d{2}\\.md$`));
      const everythingText = await textOf(everything);
      for (const note of ["The pink one: evidence", "The yellow one: a question", "The green one"]) expect(everythingText).toContain(note);
      expect(everythingText).toContain("· Evidence (Pink) ·");
      expect(everythingText).toContain("· Colour: Yellow ·");
      expect(everythingText).toContain("#later");
      if (isPhone) {
        // The export itself; the sidebar's Tag and Author filters above it fail target-size at 390 px
        // on their own (issue 16, item 10), which is not this change's to fix.
        const results = await new AxeBuilder({ page })
          .include(".sidebar__export")
          .withTags(["wcag2a", "wcag2aa", "wcag21aa", "wcag22aa"])
          .analyze();
        expect(results.violations.map((violation) => violation.id)).toEqual([]);
      } else {
        await expectNoAxeViolations(page);
      }

      // My notes page: notes on one document are a plain .md even when exporting "All documents".
      await page.goto("/notes");
      await page.getByLabel("Format").selectOption("markdown");
      const [mine] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "Download" }).click()]);
      expect(mine.suggestedFilename()).toMatch(/^marginalia-notes-\d{4}-\d{2}-\d{2}\.md$/);
      expect(await textOf(mine)).toContain("· Evidence (Pink) ·");
      await context.close();
    });
  }
});

// After a new version removed a paragraph, the sidebar says "On the text (2) / Needs a new place (1)":
// the export's labels count the same, and its files hold what they count. Both once held all three,
// the orphan unmarked (its quote read like a passage of the text as it is now). The library counts
// what the page does: threads, those needing a new place too, and not the replies in them.
test("after a new version, the export holds what its labels count and marks the note that needs a new place; the library counts threads, not replies", async ({
  browser,
}) => {
  test.setTimeout(90_000);
  const { context, page } = await createPerson(browser, "versioned-export", {
    acceptDownloads: true,
    viewport: { width: 1280, height: 900 },
  });
  const paragraphs = [
    "Rivers carve valleys over thousands of years and the river near our town is no exception.",
    "In spring the water rises quickly. Farmers along the banks move their animals to higher ground.",
    "The old mill was built in 1820 and burned down a century later.",
  ];
  const text = paragraphs.join("\n\n");
  const created = await context.request.post("/api/documents", { data: { text, title: "The River Town" } });
  expect(created.status()).toBe(201);
  const { slug } = (await created.json()) as { slug: string };
  const ids: string[] = [];
  for (const [phrase, body] of [
    ["carve valleys", "about the valleys"],
    ["the water rises quickly", "about the water"],
    ["The old mill was built in 1820", "about the mill"],
  ] as const) {
    const start = text.indexOf(phrase);
    const { quote, position } = describeTextRange(text, start, start + phrase.length);
    const response = await context.request.post(`/api/documents/${slug}/annotations`, {
      data: { target: { selector: [quote, position] }, body, visibility: "private" },
    });
    expect(response.status()).toBe(201);
    ids.push(((await response.json()) as { id: string }).id);
  }
  for (const body of ["a first reply", "a second reply"]) {
    expect((await context.request.post(`/api/annotations/${ids[0]}/replies`, { data: { body } })).status()).toBe(201);
  }
  const revised = await context.request.post(`/api/documents/${slug}/versions`, { data: { text: paragraphs.slice(0, 2).join("\n\n") } });
  expect(revised.status()).toBe(201);

  await page.goto("/?filter=mine");
  await expect(page.getByRole("listitem").filter({ hasText: "The River Town" })).toContainText("3 annotations");

  await page.goto(`/read/${slug}`);
  await expect(page.locator(".sidebar__count")).toHaveText("Showing 2 of 2 annotations; 1 more needs a new place");
  const exportSection = page.getByRole("region", { name: "Export", exact: true });
  await expect(exportSection.getByRole("radio", { name: "What is shown (2)" })).toBeChecked();
  await expect(exportSection.getByRole("radio", { name: "Everything I can see (3)" })).toBeVisible();
  const csvRows = async () => {
    await exportSection.getByLabel("Export format").selectOption("csv");
    const [download] = await Promise.all([page.waitForEvent("download"), exportSection.getByRole("button", { name: "Download" }).click()]);
    const [head, ...rows] = (await textOf(download))
      .replace(/^\uFEFF/, "")
      .trimEnd()
      .split("\r\n");
    const columns = head.split(",");
    // None of these fields holds a comma.
    return rows.map((row) => row.split(",")).map((fields) => [fields[columns.indexOf("note")], fields[columns.indexOf("place")]]);
  };
  expect(await csvRows()).toEqual([
    ["about the valleys", "on the text"],
    ["about the water", "on the text"],
  ]);

  await page.getByRole("tab", { name: "Needs a new place (1)" }).click();
  await expect(exportSection.getByRole("radio", { name: "What is shown (1)" })).toBeChecked();
  const orphanMarkdown = await textOf(await downloadMarkdown(page));
  expect(orphanMarkdown).toContain("about the mill");
  expect(orphanMarkdown).toContain("Needs a new place: its words were removed in version 2.");
  expect(orphanMarkdown).not.toContain("about the valleys");

  await exportSection.getByRole("radio", { name: "Everything I can see (3)" }).check();
  expect(await csvRows()).toEqual([
    ["about the valleys", "on the text"],
    ["about the water", "on the text"],
    ["about the mill", "needs a new place"],
  ]);
  await context.close();
});

// CI once lost a colour picked while the reading page hydrated: React took the select over and put
// the server's value back before the change reached it (components/common/use-is-interactive.ts).
// So until the page's script runs, the controls that filter and export are disabled, and a reader
// (or a test) can only choose once the choice will hold. The page's script is held back here, so
// the page stays as the server sent it for as long as the test needs.
test("the reading sidebar's filters and export, my notes' search, export and import, and a new reading's form wait for the page's script", async ({
  browser,
}) => {
  test.setTimeout(90_000);
  // No service worker: the page's script must come from the network, where the test holds it.
  const { context, page } = await createPerson(browser, "waits-for-script", {
    viewport: { width: 1280, height: 900 },
    serviceWorkers: "block",
  });
  await annotate(context, "private", { at: "calculated tolerance", body: "The pink one", color: "pink" });
  await annotate(context, "private", { at: "diplomatic engagement", body: "The green one", color: "green" });

  let releaseScript = () => {};
  const scriptHeld = new Promise<void>((resolve) => (releaseScript = resolve));
  await page.route(/\/_next\/static\/chunks\/.+\.js$/, async (route) => {
    await scriptHeld;
    await route.continue();
  });

  await page.goto(ARTICLE_PATH, { waitUntil: "domcontentloaded" });
  const colour = page.getByLabel("Colour", { exact: true });
  const exportSection = page.getByRole("region", { name: "Export", exact: true });
  await expect(colour).toBeDisabled();
  for (const control of [
    page.getByLabel("Search annotations"),
    page.getByLabel("Tag", { exact: true }),
    page.getByRole("group", { name: "Written by" }).getByRole("radio").first(),
    exportSection.getByRole("radio", { name: /^What is shown/ }),
    exportSection.getByLabel("Export format"),
    exportSection.getByRole("button", { name: "Download" }),
  ])
    await expect(control).toBeDisabled();

  releaseScript();
  await expect(colour).toBeEnabled();
  await colour.selectOption("pink");
  await expect(exportSection.getByRole("radio", { name: "What is shown (1)" })).toBeChecked();
  await expect(page.getByText(/^Showing 1 of \d+ annotations$/)).toBeVisible();

  await page.unrouteAll({ behavior: "wait" });
  const held = new Promise<void>(() => {});
  await page.route(/\/_next\/static\/chunks\/.+\.js$/, async (route) => {
    await held;
    await route.continue();
  });
  await page.goto("/notes", { waitUntil: "domcontentloaded" });
  for (const control of [
    page.getByLabel("Search my notes"),
    page.getByLabel("Format"),
    page.getByRole("button", { name: "Download" }),
    page.getByLabel("Into document"),
  ])
    await expect(control).toBeDisabled();
  // A reading of one's own: a long paste typed while the page hydrates would be lost.
  await page.goto("/readings/new", { waitUntil: "domcontentloaded" });
  for (const control of [page.getByLabel("Text", { exact: true }), page.getByLabel("Title"), page.getByRole("button", { name: "Preview" })])
    await expect(control).toBeDisabled();
  await page.unrouteAll({ behavior: "ignoreErrors" });
  await context.close();
});
