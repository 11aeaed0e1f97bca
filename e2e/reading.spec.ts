import { expect, test } from "./test";
import { ARTICLE, ARTICLE_PATH } from "./fixtures";

test.describe("an anonymous reader", () => {
  test("finds the article in the library and opens it", async ({ page }) => {
    await page.goto("/");
    await expect(page.getByRole("heading", { level: 1, name: "Library" })).toBeVisible();
    const entry = page.getByRole("listitem").filter({ hasText: ARTICLE.title });
    await expect(entry.getByRole("heading", { level: 2, name: ARTICLE.title })).toBeVisible();
    await expect(entry).toContainText("By Arslan Ghazi");
    await expect(entry).toContainText("7 Min Read");

    await entry.getByRole("link", { name: ARTICLE.title }).click();
    await expect(page).toHaveURL(ARTICLE_PATH);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("TALIBAN, TTP AND PAKISTAN: A QUESTION OF POLICY, NOT CAPACITY");
    await expect(page.getByText("By Arslan Ghazi", { exact: true })).toBeVisible();
    await expect(page.getByText("7 Min Read", { exact: true })).toBeVisible();
    await expect(page).toHaveTitle(`${ARTICLE.title} · Marginalia`);
  });

  test("searches the library by a word of the text with the form, without JavaScript", async ({ browser }) => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto("/");
    // "Deobandi" is in the article's text, not its title or author.
    await page.getByLabel("Search titles, authors and texts").fill("deobandi");
    await page.getByRole("button", { name: "Search" }).click();
    await expect(page).toHaveURL(/[?&]q=deobandi/);
    await expect(page.getByRole("listitem").filter({ hasText: ARTICLE.title })).toBeVisible();
    await page.getByLabel("Search titles, authors and texts").fill("deobandi zzzznowhere");
    await page.getByRole("button", { name: "Search" }).click();
    await expect(page.getByText("No readings match “deobandi zzzznowhere”.")).toBeVisible();
    await context.close();
  });

  test("gets the whole article in the server HTML, before any JavaScript", async ({ request }) => {
    const response = await request.get(ARTICLE_PATH);
    expect(response.status()).toBe(200);
    const html = await response.text();
    const text = html
      .replace(/<[^>]+>/g, "")
      .replace(/&#x27;|&#39;/g, "'")
      .replace(/&quot;/g, '"')
      .replace(/&amp;/g, "&");
    expect(ARTICLE.paragraphs).toHaveLength(15);
    for (const paragraph of ARTICLE.paragraphs) expect(text).toContain(paragraph);
    expect(text).toContain("TALIBAN, TTP AND PAKISTAN: A QUESTION OF POLICY, NOT CAPACITY");
    expect(text).not.toContain("Share This Article");
  });

  test("reads the article with JavaScript switched off", async ({ browser }) => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(ARTICLE_PATH);
    const paragraphs = page.locator("article p[data-start]");
    await expect(paragraphs).toHaveCount(15);
    expect(await paragraphs.allTextContents()).toEqual(ARTICLE.paragraphs);
    await context.close();
  });

  test("sees a body whose text is exactly the stored canonical text", async ({ page }) => {
    await page.goto(ARTICLE_PATH);
    const bodyText = await page.locator(".reader__body").evaluate((element) => element.textContent);
    expect(bodyText).toBe(ARTICLE.text);
  });

  test("selects and copies text like ordinary text", async ({ page, context }) => {
    await context.grantPermissions(["clipboard-read", "clipboard-write"]);
    await page.goto(ARTICLE_PATH);
    const first = page.locator("article p[data-start]").first();
    // Drag across the first words of the first paragraph with the mouse.
    const box = (await first.boundingBox())!;
    await page.mouse.move(box.x + 1, box.y + 4);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width * 0.6, box.y + 4, { steps: 8 });
    await page.mouse.up();
    const selected = await page.evaluate(() => window.getSelection()?.toString() ?? "");
    expect(selected.length).toBeGreaterThan(10);
    expect(ARTICLE.paragraphs[0].startsWith(selected.trim())).toBe(true);

    await page.keyboard.press("Control+C");
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    expect(copied).toBe(selected);
  });

  test("gets a reading measure of 60–75 characters per line on a desktop, in the reading face and in its fallback", async ({ page }) => {
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.goto(ARTICLE_PATH);
    // The reading face is display: optional, so a page draws in Literata or, when it is not there
    // within 100 ms, in its size-adjusted fallback for the page's whole life: which one depends on
    // the machine's load. Both are drawn here, each in a face of its own name: Literata loaded from
    // the page's own @font-face rule, and the fallback.
    const literataUrl = await page.evaluate(() => {
      for (const sheet of document.styleSheets) {
        for (const rule of sheet.cssRules) {
          if (!(rule instanceof CSSFontFaceRule)) continue;
          const family = rule.style.getPropertyValue("font-family");
          if (!/literata/i.test(family) || /fallback/i.test(family) || rule.style.getPropertyValue("font-style") === "italic") continue;
          const url = /url\(["']?([^"')]+)/.exec(rule.style.getPropertyValue("src"))?.[1];
          // Relative to the stylesheet it stands in, not to the page.
          if (url) return new URL(url, sheet.href ?? document.baseURI).href;
        }
      }
      return null;
    });
    expect(literataUrl, "the page's Literata @font-face").toMatch(/\.woff2$/);
    await page.evaluate(async (url) => {
      const face = new FontFace("Measured Literata", `url(${url})`, { weight: "200 900" });
      document.fonts.add(await face.load());
    }, literataUrl);

    for (const family of ['"Measured Literata"', '"Literata Metric Fallback"']) {
      await page.addStyleTag({ content: `.reader { font-family: ${family}, serif !important; }` });
      const charactersPerLine = await page
        .locator("article p[data-start]")
        .nth(1)
        .evaluate((paragraph) => {
          // Group the paragraph's characters by the line box they are laid out on.
          const text = paragraph.firstChild as Text;
          const range = document.createRange();
          const lines = new Map<number, number>();
          for (let offset = 0; offset < text.length; offset++) {
            range.setStart(text, offset);
            range.setEnd(text, offset + 1);
            const top = Math.round(range.getBoundingClientRect().top);
            lines.set(top, (lines.get(top) ?? 0) + 1);
          }
          const full = [...lines.values()].slice(0, -1); // the last line is usually short
          return full.reduce((sum, count) => sum + count, 0) / full.length;
        });
      expect(charactersPerLine, `characters a line in ${family}`).toBeGreaterThanOrEqual(60);
      expect(charactersPerLine, `characters a line in ${family}`).toBeLessThanOrEqual(75);
    }
  });

  test("reads comfortably on a 360 px wide phone, without sideways scrolling", async ({ page }) => {
    await page.setViewportSize({ width: 360, height: 740 });
    for (const path of ["/", ARTICLE_PATH, "/signin", "/signup"]) {
      await page.goto(path);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect(overflow, `horizontal overflow on ${path}`).toBeLessThanOrEqual(0);
    }
    await page.goto(ARTICLE_PATH);
    const fontSize = await page
      .locator("article p[data-start]")
      .first()
      .evaluate((p) => parseFloat(getComputedStyle(p).fontSize));
    expect(fontSize).toBeGreaterThanOrEqual(16);
  });

  test("gets a 404 page for a document that does not exist", async ({ page }) => {
    const response = await page.goto("/read/no-such-document");
    expect(response?.status()).toBe(404);
    await expect(page.getByRole("heading", { name: "Not found" })).toBeVisible();
  });

  test("is protected by a nonce-based Content-Security-Policy", async ({ request }) => {
    const response = await request.get(ARTICLE_PATH);
    const csp = response.headers()["content-security-policy"];
    expect(csp).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+' 'strict-dynamic'/);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("object-src 'none'");
    expect(response.headers()["x-content-type-options"]).toBe("nosniff");
    expect(response.headers()["x-powered-by"]).toBeUndefined();
  });
});

test("ships no server secret in any script the browser loads", async ({ page, request }) => {
  const scripts = new Set<string>();
  for (const path of ["/", ARTICLE_PATH, "/signin", "/signup"]) {
    await page.goto(path);
    for (const src of await page.locator("script[src]").evaluateAll((nodes) => nodes.map((node) => (node as HTMLScriptElement).src))) {
      scripts.add(src);
    }
  }
  expect(scripts.size).toBeGreaterThan(0);
  for (const src of scripts) {
    const body = await (await request.get(src)).text();
    // The e2e server's secret (scripts/e2e-server.sh), and anything naming password hashes.
    expect(body, src).not.toContain("e2e-only-secret-not-for-production");
    expect(body, src).not.toMatch(/passwordHash|\$argon2id\$/);
  }
});
