import { readFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { expect, test, type Page } from "./test";
import { createPerson } from "./factories";
import { expectNoAxeViolations, formAlert } from "./fixtures";

/**
 * Issue 12, items 1 and 7: adding a reading from each file format and from a web address through
 * the "Add a reading" page in Chromium — chosen, dropped, or fetched — and the refusals a person
 * sees. The files are the real fixtures under tests/fixtures/readings/ (npm run fixtures:readings);
 * the web page is served by this spec on loopback, which the e2e server's READING_URL_ALLOW_HOSTS
 * (localhost) lets the app fetch.
 */
const FIXTURES = path.join(__dirname, "..", "tests", "fixtures", "readings");
const WALDEN = (JSON.parse(readFileSync(path.join(FIXTURES, "paragraphs.json"), "utf8")) as { walden: string[] }).walden;

const PAGE_HTML = `<!doctype html><html lang="en"><head><title>Lichens, Slowly | Field Notes</title>
<meta name="author" content="Ada Moss"><meta property="article:published_time" content="2026-03-01T09:00:00Z"></head><body>
<nav><a href="/">Home</a></nav><div class="share-bar">Share on Facebook</div>
<article><h1>Lichens, Slowly</h1>
<p>A lichen is two lives at once: a fungus that builds the house and an alga that cooks, each unable to live where the pair can.</p>
<p>They grow a millimetre a year on gravestones, which is why the oldest stones in a churchyard wear the widest rosettes.</p>
</article><footer>© Field Notes</footer></body></html>`;

let server: Server;
let pageUrl = "";

test.beforeAll(async () => {
  server = createServer((request, response) => {
    if (request.url === "/lichens") return response.writeHead(200, { "content-type": "text/html; charset=utf-8" }).end(PAGE_HTML);
    if (request.url === "/to-loopback") return response.writeHead(302, { location: "http://127.0.0.1:9/admin" }).end();
    response.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  pageUrl = `http://localhost:${(server.address() as AddressInfo).port}`;
});
test.afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

async function previewFile(page: Page, name: string) {
  await page.goto("/readings/new");
  await page.getByLabel("Upload a file").check();
  await page.getByLabel(/^File/).setInputFiles(path.join(FIXTURES, name));
  await page.getByRole("button", { name: "Preview" }).click();
}

async function saveAndRead(page: Page): Promise<string> {
  await page.getByRole("button", { name: "Save reading" }).click();
  await page.waitForURL(/\/read\/[a-z0-9-]+$/);
  return (await page.locator(".reader__body").evaluate((element) => element.textContent)) ?? "";
}

test.describe("adding a reading from each format", () => {
  test("a PDF: paragraphs rebuilt, running head, foot and page numbers gone, pages counted", async ({ browser }) => {
    const { page } = await createPerson(browser, "pdf");
    await previewFile(page, "walden.pdf");
    await expect(page.getByTestId("preview-title")).toHaveText("Walden");
    await expect(page.locator(".add-reading__preview")).toContainText("By Henry David Thoreau");
    await expect(page.locator(".add-reading__preview")).toContainText("3 pages");
    await expect(page.getByTestId("preview-text").locator("p")).toHaveText(WALDEN);
    await expectNoAxeViolations(page);
    expect(await saveAndRead(page)).toBe(WALDEN.join("\n\n"));
    await expect(page.getByRole("heading", { level: 1, name: "Walden" })).toBeVisible();
  });

  test("an EPUB dropped on the page: chapters in order", async ({ browser }) => {
    const { page } = await createPerson(browser, "epub");
    await page.goto("/readings/new");
    await page.getByLabel("Upload a file").check();
    const bytes = [...readFileSync(path.join(FIXTURES, "walden.epub"))];
    const dataTransfer = await page.evaluateHandle((data) => {
      const transfer = new DataTransfer();
      transfer.items.add(new File([new Uint8Array(data)], "walden.epub", { type: "application/epub+zip" }));
      return transfer;
    }, bytes);
    await page.getByTestId("reading-drop-zone").dispatchEvent("drop", { dataTransfer });
    await expect(page.getByText("Chosen: walden.epub")).toBeVisible();
    await page.getByRole("button", { name: "Preview" }).click();
    await expect(page.getByTestId("preview-title")).toHaveText("Walden, or Life in the Woods");
    await expect(page.locator(".add-reading__preview")).toContainText("3 chapters");
    const text = await saveAndRead(page);
    expect(text).toBe(
      ["Economy I", ...WALDEN.slice(0, 3), "Economy II", ...WALDEN.slice(3, 6), "Economy III", ...WALDEN.slice(6)].join("\n\n"),
    );
    // The chapters are listed above the text, and each link reaches its chapter.
    const contents = page.getByRole("navigation", { name: "Contents" });
    await contents.getByText("Contents · 3 chapters").click();
    await expect(contents.getByRole("link")).toHaveText(["Economy I", "Economy II", "Economy III"]);
    await contents.getByRole("link", { name: "Economy III" }).click();
    await expect(page).toHaveURL(/#chapter-at-\d+$/);
    await expect(page.locator(".reader__body .reader__block", { hasText: /^Economy III$/ })).toBeInViewport();
    await expectNoAxeViolations(page);
  });

  test("a Word document, with a title of my own", async ({ browser }) => {
    const { page } = await createPerson(browser, "docx");
    await page.goto("/readings/new");
    await page.getByLabel("Upload a file").check();
    await page.getByLabel(/^File/).setInputFiles(path.join(FIXTURES, "walden.docx"));
    await page.getByLabel("Title").fill("Economy, a draft");
    await page.getByRole("button", { name: "Preview" }).click();
    await expect(page.getByTestId("preview-title")).toHaveText("Economy, a draft");
    await expect(page.getByTestId("preview-text").locator(".reader__block").first()).toHaveText("Economy");
    const text = await saveAndRead(page);
    expect(text).toContain("Necessaries of life\n\nFood\n\nShelter\n\nClothing\n\nFuel");
    await expect(page.getByRole("heading", { level: 1, name: "Economy, a draft" })).toBeVisible();
  });

  test("a web page from its address: the article, its author and where it came from; a progress bar while it converts", async ({
    browser,
  }) => {
    const person = await createPerson(browser, "url");
    const { page } = person;
    await page.goto("/readings/new");
    await page.getByLabel("From a web address").check();
    await page.getByLabel("Web address", { exact: true }).fill(`${pageUrl}/lichens`);
    // Hold the request until the progress bar has been seen: a barrier, not a sleep.
    let release: () => void = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    await page.route("**/api/documents/preview", async (route) => {
      await held;
      await route.continue();
    });
    await page.getByRole("button", { name: "Preview" }).click();
    await expect(page.getByRole("progressbar")).toBeVisible();
    await expect(page.getByRole("status")).toContainText(/Fetching and converting…/);
    await expectNoAxeViolations(page);
    release();
    await expect(page.getByTestId("preview-title")).toHaveText("Lichens, Slowly");
    await expect(page.getByRole("progressbar")).toHaveCount(0);
    await expect(page.getByTestId("preview-source")).toHaveText(`From ${pageUrl}/lichens`);
    await expect(page.locator(".add-reading__preview")).toContainText("By Ada Moss");
    await expect(page.locator(".add-reading__preview")).toContainText("Published 1 Mar 2026");
    await expect(page.getByTestId("preview-text")).not.toContainText("Share on Facebook");
    await page.unroute("**/api/documents/preview");
    const text = await saveAndRead(page);
    expect(text.split("\n\n")).toHaveLength(2);
    const slug = new URL(page.url()).pathname.split("/").pop()!;
    const stored = (await (await person.context.request.get(`/api/documents/${slug}`)).json()) as { sourceUrl: string; author: string };
    expect(stored).toMatchObject({ sourceUrl: `${pageUrl}/lichens`, author: "Ada Moss" });
  });

  test("what cannot be added says what to do, and nothing is saved", async ({ browser }) => {
    const person = await createPerson(browser, "refused");
    const { page } = person;
    await previewFile(page, "scanned.pdf");
    await expect(formAlert(page)).toContainText("no text layer");
    await page.getByLabel(/^File/).setInputFiles(path.join(FIXTURES, "encrypted.pdf"));
    await page.getByRole("button", { name: "Preview" }).click();
    await expect(formAlert(page)).toContainText("encrypted with a password");
    await page.getByLabel(/^File/).setInputFiles(path.join(FIXTURES, "bomb.epub"));
    await page.getByRole("button", { name: "Preview" }).click();
    await expect(formAlert(page)).toContainText("zip bomb");
    await page.getByLabel("From a web address").check();
    await page.getByLabel("Web address", { exact: true }).fill(`${pageUrl}/to-loopback`);
    await page.getByRole("button", { name: "Preview" }).click();
    await expect(formAlert(page)).toContainText("127.0.0.1 is on a private or local network");
    await expectNoAxeViolations(page);
    const mine = (await (await person.context.request.get("/api/documents?filter=mine")).json()) as { items: unknown[] };
    expect(mine.items).toEqual([]);
  });

  test("screenshots of the Add page for the docs (UPDATE_SCREENSHOTS=1)", async ({ browser }) => {
    test.skip(!process.env.UPDATE_SCREENSHOTS, "only when refreshing docs/screenshots/readings/");
    const { page } = await createPerson(browser, "shots");
    const out = path.join(__dirname, "..", "docs", "screenshots", "readings");
    for (const width of [1280, 390]) {
      await page.setViewportSize({ width, height: 900 });
      await previewFile(page, "walden.pdf");
      await expect(page.getByTestId("preview-title")).toHaveText("Walden");
      await page.screenshot({ path: path.join(out, `add-reading-pdf-preview-${width}.png`), fullPage: true });
      await page.goto("/readings/new");
      await page.getByLabel("From a web address").check();
      await page.getByLabel("Web address", { exact: true }).fill(`${pageUrl}/to-loopback`);
      await page.getByRole("button", { name: "Preview" }).click();
      await expect(formAlert(page)).toBeVisible();
      await page.screenshot({ path: path.join(out, `add-reading-url-refused-${width}.png`), fullPage: true });
    }
  });
});
