import { expect, test } from "./test";
import { describeTextRange } from "@/lib/anchoring/text-quote";
import { annotate, createGroup, createPerson } from "./factories";
import { ARTICLE, expectNoAxeViolations, MARKUP_ONLY } from "./fixtures";

const SLUG = ARTICLE.slug;

test.describe("my notes", () => {
  test("find a note by searching as I type, then jump back to its spot in the text", async ({ browser }) => {
    const { context, page } = await createPerson(browser, "notes", { acceptDownloads: true });
    await annotate(context, "private", { at: "calculated tolerance", body: "The thesis in two words", tags: ["thesis"], color: "green" });
    const other = await annotate(context, "private", { at: "Deobandi school of Sunni Islam", body: "Shared ideology", tags: ["ideology"] });
    await page.goto("/notes");
    await expect(page.getByRole("heading", { level: 1, name: "My notes" })).toBeVisible();
    await expect(page.getByText("2 notes")).toBeVisible();
    await expect(page.getByRole("button", { name: "thesis (1)" })).toBeVisible();

    await page.getByLabel("Search my notes").pressSequentially("Deoband");
    await expect(page.getByText("Showing 1 of 2 notes")).toBeVisible();
    const card = page.getByRole("listitem").filter({ hasText: "Shared ideology" });
    await expect(card).toBeVisible();
    await expect(page.getByText("The thesis in two words")).toHaveCount(0);

    // Each card's link says which note it opens (every card has one).
    await card.getByRole("link", { name: "Open in the text: “Deobandi school of Sunni Islam”", exact: true }).click();
    await expect(page).toHaveURL(new RegExp(`/read/${SLUG}\\?annotation=${other.id}`));
    await expect(page.locator(`#annotation-${other.id}`).getByRole("button", { expanded: true })).toBeVisible();
    await expect(page.locator(`mark[data-annotation-id="${other.id}"]`).first()).toBeInViewport();
    // The keyboard is at the note, not at the top of the page: Tab goes on into its thread.
    await expect(page.locator(`#annotation-${other.id}`).getByRole("button", { expanded: true })).toBeFocused();
    await context.close();
  });

  test("export my notes as Markdown and find the quote, the note, the tags and a link back", async ({ browser }) => {
    const { context, page } = await createPerson(browser, "notes", { acceptDownloads: true });
    const { id } = await annotate(context, "private", {
      at: "calculated tolerance",
      body: "The **thesis** in two words",
      tags: ["key claim"],
    });
    await page.goto("/notes");
    await page.getByLabel("Format").selectOption("markdown");
    await page.getByLabel("Notes from").selectOption(SLUG);
    const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "Download" }).click()]);
    expect(download.suggestedFilename()).toMatch(/\.md$/);
    const markdown = await (await download.createReadStream()).toArray().then((chunks) => Buffer.concat(chunks).toString("utf8"));
    expect(markdown).toMatch(/^---\n/);
    expect(markdown).toContain(`title: "${ARTICLE.title}"`);
    expect(markdown).toContain("> calculated tolerance");
    expect(markdown).toContain("The **thesis** in two words");
    expect(markdown).toContain("#key-claim");
    expect(markdown).toContain(`/read/${SLUG}?annotation=${id}`);
    await expect(page.getByText(/^Downloaded /)).toBeVisible();
    await context.close();
  });

  test("import a W3C JSON-LD file made by another tool; importing it again adds nothing", async ({ browser }) => {
    const { context, page } = await createPerson(browser, "notes", { acceptDownloads: true });
    // As another W3C client would write it: string body, quote-only selector with its own short
    // context, an urn id; plus one annotation whose quote is not in our text.
    const elsewhere = {
      "@context": "http://www.w3.org/ns/anno.jsonld",
      type: "AnnotationCollection",
      id: "urn:uuid:6b8e2f1c-0000-4000-8000-000000000001",
      first: {
        type: "AnnotationPage",
        items: [
          {
            "@context": "http://www.w3.org/ns/anno.jsonld",
            id: "urn:uuid:6b8e2f1c-0000-4000-8000-000000000002",
            type: "Annotation",
            body: { type: "TextualBody", value: "Imported from elsewhere", purpose: "commenting" },
            target: {
              source: "https://example.org/some-copy-of-the-article",
              selector: { type: "TextQuoteSelector", exact: "divergent interests", prefix: "lies in ", suffix: " rather" },
            },
          },
          {
            "@context": "http://www.w3.org/ns/anno.jsonld",
            id: "urn:uuid:6b8e2f1c-0000-4000-8000-000000000003",
            type: "Annotation",
            body: "A note on a sentence this version does not have",
            target: {
              source: "https://example.org/x",
              selector: { type: "TextQuoteSelector", exact: "a sentence that is nowhere in the article" },
            },
          },
        ],
      },
    };
    await page.goto("/notes");
    await page.getByLabel("Into document").selectOption(SLUG);
    const file = { name: "from-elsewhere.jsonld", mimeType: "application/ld+json", buffer: Buffer.from(JSON.stringify(elsewhere)) };
    await page.getByLabel("File").setInputFiles(file);
    await page.getByRole("button", { name: "Import" }).click();
    const summary = page.getByRole("status").filter({ hasText: "Imported" });
    await expect(summary).toContainText("Imported 1 annotation");
    await expect(summary).toContainText("1 was not imported:");
    await expect(summary).toContainText("a sentence that is nowhere in the article");
    // The list beside the panel shows it without a reload.
    await expect(page.locator(".notes__list").getByText("Imported from elsewhere")).toBeVisible();

    await page.getByLabel("File").setInputFiles(file);
    await page.getByRole("button", { name: "Import" }).click();
    await expect(page.getByRole("status").filter({ hasText: "Imported 0 annotations" })).toContainText("1 was already here");

    await page.goto(`/read/${SLUG}`);
    const card = page.getByRole("listitem").filter({ hasText: "Imported from elsewhere" });
    await expect(card).toHaveCount(1);
    await expect(page.locator("mark.hl").filter({ hasText: "divergent interests" })).toHaveCount(1);
    await context.close();
  });

  test("a malformed file says so and imports nothing", async ({ browser }) => {
    const { context, page } = await createPerson(browser, "notes", { acceptDownloads: true });
    await page.goto("/notes");
    // No reading is chosen for the reader: Import waits for one.
    await page.getByLabel("File").setInputFiles({ name: "empty.json", mimeType: "application/json", buffer: Buffer.from("{}") });
    // Marked unavailable rather than disabled, so that the keyboard reaches it and hears why.
    await expect(page.getByRole("button", { name: "Import" })).toHaveAttribute("aria-disabled", "true");
    await page.getByLabel("Into document").selectOption(SLUG);
    await page.getByLabel("File").setInputFiles({
      name: "broken.json",
      mimeType: "application/json",
      buffer: Buffer.from('{"type": "AnnotationCollection", "first": {'),
    });
    await page.getByRole("button", { name: "Import" }).click();
    await expect(page.getByRole("status").locator(".notice--error")).toContainText(/not valid JSON/i);
    const list = await (await context.request.get(`/api/documents/${SLUG}/annotations?author=me`)).json();
    expect(list.items).toEqual([]);
    await context.close();
  });
});

test("a student who leaves the group keeps their notes on its reading in My notes and its export, without a link into it", async ({
  browser,
}) => {
  const teacher = await createPerson(browser, "closed-teacher");
  const student = await createPerson(browser, "closed-student", { acceptDownloads: true });
  const group = await createGroup(teacher, { members: { member: [student] } });
  const text = "Rivers carry silt to the sea. The delta grows where the current slows.";
  const created = await teacher.context.request.post("/api/documents", {
    data: { text, title: `Deltas ${group.name}`, visibility: "group", groupId: group.id },
  });
  expect(created.status()).toBe(201);
  const { slug } = (await created.json()) as { slug: string };
  const start = text.indexOf("The delta grows");
  const { quote, position } = describeTextRange(text, start, start + "The delta grows".length);
  const note = await student.context.request.post(`/api/documents/${slug}/annotations`, {
    data: { target: { selector: [quote, position] }, body: "Where the current slows: remember for the exam", visibility: "private" },
  });
  expect(note.status()).toBe(201);

  // The student leaves: the reading closes to them, their note does not.
  expect((await student.context.request.delete(`/api/groups/${group.id}/members/${student.id}`)).ok()).toBe(true);
  expect((await student.context.request.get(`/read/${slug}`)).status()).toBe(404);
  const { page } = student;
  await page.goto("/notes");
  // Newest first, the card says so itself; by document, its reading's heading does.
  const card = page.getByRole("listitem").filter({ hasText: "remember for the exam" });
  await expect(card).toContainText("The delta grows");
  await expect(card).toContainText(`Deltas ${group.name}`);
  await expect(card).toContainText("You can no longer open this reading");
  await expect(card.getByRole("link", { name: /Open in the text/ })).toHaveCount(0);
  await page.getByRole("radio", { name: /By document/ }).check();
  const section = page.getByRole("region", { name: `Deltas ${group.name}` });
  await expect(section.getByText("You can no longer open this reading: its owner stopped sharing it")).toBeVisible();
  await expect(section.getByRole("listitem").filter({ hasText: "remember for the exam" })).toHaveCount(1);

  // "All documents" takes it elsewhere; the reading is not offered on its own (its export would open it).
  await expect(page.getByLabel("Notes from").locator("option", { hasText: `Deltas ${group.name}` })).toHaveCount(0);
  const exported = await student.context.request.get("/api/notes/export?format=csv");
  expect(exported.status()).toBe(200);
  expect(await exported.text()).toContain("remember for the exam");
  await teacher.context.close();
  await student.context.close();
});

test.describe("personal API tokens", () => {
  test("a token acts for its owner within its scope, and stops working when revoked", async ({ browser, playwright, baseURL }) => {
    const { context } = await createPerson(browser, "notes", { acceptDownloads: true });
    const create = async (scope: string) => {
      const response = await context.request.post("/api/tokens", { data: { name: `script ${scope}`, scope, expiresInDays: 30 } });
      expect(response.status()).toBe(201);
      return (await response.json()) as { id: string; token: string };
    };
    const readWrite = await create("read-write");
    const readOnly = await create("read");
    const asToken = (token: string) => playwright.request.newContext({ baseURL, extraHTTPHeaders: { Authorization: `Bearer ${token}` } });

    const writer = await asToken(readWrite.token);
    const { quote, position } = describeTextRange(ARTICLE.text, 0, 5);
    const created = await writer.post(`/api/documents/${SLUG}/annotations`, {
      data: { target: { selector: [quote, position] }, body: "via token" },
    });
    expect(created.status()).toBe(201);

    const reader = await asToken(readOnly.token);
    const mine = await (await reader.get(`/api/documents/${SLUG}/annotations?author=me`)).json();
    expect(mine.items.map((item: { body: string }) => item.body)).toEqual(["via token"]);
    const refused = await reader.post(`/api/documents/${SLUG}/annotations`, { data: { target: { selector: [quote, position] } } });
    expect(refused.status()).toBe(403);
    expect((await refused.json()).error.message).toMatch(/read-only/);

    // A token cannot manage tokens; only the signed-in owner can.
    expect((await writer.get("/api/tokens")).status()).toBe(401);
    const listed = await (await context.request.get("/api/tokens")).json();
    expect(JSON.stringify(listed)).not.toContain(readWrite.token);

    expect((await context.request.delete(`/api/tokens/${readWrite.id}`)).status()).toBe(200);
    const afterRevoke = await writer.get(`/api/documents/${SLUG}/annotations?author=me`);
    expect(afterRevoke.status()).toBe(401);

    const bogus = await asToken("mrg_not-a-real-token");
    expect((await bogus.get(`/api/documents/${SLUG}/annotations`)).status()).toBe(401);
    await Promise.all([writer.dispose(), reader.dispose(), bogus.dispose(), context.close()]);
  });
});

test.describe("export and import through the API", () => {
  test("JSON-LD export → import: another account gets none of its words, its writer nothing twice; the export is saved for the W3C check", async ({
    browser,
  }) => {
    const first = await createPerson(browser, "notes", { acceptDownloads: true });
    const phrases = ["Since", "calculated tolerance", "do so?\n\nThis distinction", "relationship."];
    for (const [index, phrase] of phrases.entries()) {
      await annotate(first.context, "private", {
        at: phrase,
        body: index % 2 ? `note ${index}` : "",
        tags: index === 1 ? ["a", "b", "c"] : [],
      });
    }
    const withReply = await annotate(first.context, "everyone", { at: "Kandahar-based leadership", body: "Thread" });
    expect((await first.context.request.post(`/api/annotations/${withReply.id}/replies`, { data: { body: "A reply" } })).status()).toBe(
      201,
    );

    const exported = await first.context.request.get(`/api/notes/export?format=jsonld`);
    expect(exported.status()).toBe(200);
    // Streamed while it is read (issue 11): no size is known ahead, so none is claimed.
    expect(exported.headers()["x-file-size"]).toBeUndefined();
    const collection = await exported.json();
    expect(collection.type).toBe("AnnotationCollection");
    const { mkdir, writeFile } = await import("node:fs/promises");
    const path = await import("node:path");
    const reports = path.join(__dirname, "..", "reports");
    await mkdir(reports, { recursive: true });
    await writeFile(path.join(reports, "notes-export.jsonld"), JSON.stringify(collection, null, 2));

    // Only one's own words are imported: in another account, every note and reply of the file is
    // reported as someone else's, and nothing is written.
    const second = await createPerson(browser, "notes", { acceptDownloads: true });
    const imported = await second.context.request.post(`/api/documents/${SLUG}/import`, { data: collection });
    expect(imported.status()).toBe(200);
    const summary = (await imported.json()) as { orphans: { reason: string }[] };
    expect(summary).toMatchObject({ imported: 0, alreadyImported: 0, replies: 0 });
    expect(summary.orphans.map((orphan) => orphan.reason)).toEqual([
      ...Array(phrases.length + 1).fill("An annotation someone else wrote: only your own words are imported as yours."),
      "A reply someone else wrote: only your own words are imported as yours.",
    ]);
    const { items } = await (await second.context.request.get(`/api/documents/${SLUG}/annotations?author=me`)).json();
    expect(items).toEqual([]);

    // Its writer's own file, brought back to the same reading, is recognised: nothing is added.
    const again = await first.context.request.post(`/api/documents/${SLUG}/import`, { data: collection });
    expect(await again.json()).toMatchObject({ imported: 0, alreadyImported: phrases.length + 2, orphans: [] });
    await Promise.all([first.context.close(), second.context.close()]);
  });

  test("a Hypothesis export imports, my replies included and a friend's left out as theirs", async ({ browser }) => {
    const { context } = await createPerson(browser, "notes", { acceptDownloads: true });
    const uri = "https://example.org/taliban-ttp-and-pakistan";
    const text = ARTICLE.text;
    const at = text.indexOf("Islamic State Khorasan Province");
    const hypothesisExport = {
      export_date: "2026-11-20T10:00:00.000Z",
      export_userid: "acct:reader@hypothes.is",
      client_version: "1.1500.0",
      annotations: [
        {
          id: "hXa1",
          created: "2026-11-19T09:00:00.000Z",
          updated: "2026-11-19T09:00:00.000Z",
          user: "acct:reader@hypothes.is",
          uri,
          text: "ISKP as the counter-example",
          tags: ["evidence"],
          group: "__world__",
          permissions: { read: ["group:__world__"] },
          target: [
            {
              source: uri,
              selector: [
                {
                  type: "TextQuoteSelector",
                  exact: "Islamic State Khorasan Province",
                  prefix: text.slice(at - 32, at),
                  suffix: text.slice(at + 31, at + 63),
                },
                // Hypothesis counts over its own copy of the page: an offset that is off must not matter.
                { type: "TextPositionSelector", start: at + 40, end: at + 71 },
              ],
            },
          ],
          document: { title: ["Taliban, TTP and Pakistan"] },
          links: {},
        },
        {
          id: "hXa2",
          created: "2026-11-19T09:05:00.000Z",
          updated: "2026-11-19T09:05:00.000Z",
          user: "acct:reader@hypothes.is",
          uri,
          text: "And the Haqqanis, later.",
          tags: [],
          group: "__world__",
          permissions: { read: ["group:__world__"] },
          references: ["hXa1"],
          target: [{ source: uri }],
          document: { title: ["Taliban, TTP and Pakistan"] },
          links: {},
        },
        {
          // A friend's reply in the reader's thread: their words, not the reader's.
          id: "hXa3",
          created: "2026-11-19T09:06:00.000Z",
          updated: "2026-11-19T09:06:00.000Z",
          user: "acct:friend@hypothes.is",
          uri,
          text: "Agreed.",
          tags: [],
          group: "__world__",
          permissions: { read: ["group:__world__"] },
          references: ["hXa1"],
          target: [{ source: uri }],
          document: { title: ["Taliban, TTP and Pakistan"] },
          links: {},
        },
      ],
    };
    const response = await context.request.post(`/api/documents/${SLUG}/import`, { data: hypothesisExport });
    expect(response.status()).toBe(200);
    expect(await response.json()).toMatchObject({
      imported: 2,
      replies: 1,
      orphans: [{ sourceId: "hXa3", quote: "", reason: "A reply someone else wrote: only your own words are imported as yours." }],
    });
    const { items } = await (await context.request.get(`/api/documents/${SLUG}/annotations?author=me`)).json();
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ body: "ISKP as the counter-example", tags: ["evidence"], replyCount: 1 });
    expect(items[0].target.selector[1]).toEqual({ type: "TextPositionSelector", start: at, end: at + 31 });
    await context.close();
  });

  test("bad files are refused with a clear error and nothing is written", async ({ browser }) => {
    const { context } = await createPerson(browser, "notes", { acceptDownloads: true });
    const count = async () => (await (await context.request.get(`/api/documents/${SLUG}/annotations?author=me`)).json()).items.length;
    // Raw bytes: Playwright would JSON-encode a string body, making any text valid JSON.
    const post = (data: string | Buffer, slug = SLUG) =>
      context.request.post(`/api/documents/${slug}/import`, {
        data: typeof data === "string" ? Buffer.from(data) : data,
        headers: { "Content-Type": "application/json" },
      });

    const truncated = await post('{"@context": "http://www.w3.org/ns/anno.jsonld", "type": "Annotation", "target": {');
    expect(truncated.status()).toBe(400);
    expect((await truncated.json()).error.message).toMatch(/not valid JSON/);

    const wrongTypes = await post(
      JSON.stringify({ "@context": "http://www.w3.org/ns/anno.jsonld", type: "Annotation", id: "x", target: 5 }),
    );
    expect(wrongTypes.status()).toBe(400);

    const unknownDocument = await post(
      JSON.stringify({ "@context": "http://www.w3.org/ns/anno.jsonld", type: "AnnotationPage", items: [] }),
      "no-such-document",
    );
    expect(unknownDocument.status()).toBe(404);

    const huge = Buffer.alloc(50 * 1024 * 1024, 0x20); // 50 MB of spaces
    const tooLarge = await post(huge);
    expect(tooLarge.status()).toBe(413);
    expect((await tooLarge.json()).error.message).toMatch(/too large/i);

    expect(await count()).toBe(0);
    await context.close();
  });
});

test("axe-core finds nothing on My notes and the account page with a token, in both themes", { tag: MARKUP_ONLY }, async ({ browser }) => {
  for (const colorScheme of ["light", "dark"] as const) {
    const { context, page } = await createPerson(browser, "axe-notes", { colorScheme });
    await annotate(context, "private", { at: "calculated tolerance", body: "A *note*", tags: ["thesis"] });
    await page.goto("/notes");
    await expect(page.getByText("1 note")).toBeVisible();
    await expectNoAxeViolations(page, { coloursOnly: colorScheme === "dark" });
    await page.goto("/account");
    await page.getByLabel("Name", { exact: true }).fill("Export script");
    await page.getByRole("button", { name: "Create token" }).click();
    await expect(page.getByText("it will not be shown again")).toBeVisible();
    await expectNoAxeViolations(page, { coloursOnly: colorScheme === "dark" });
    await context.close();
  }
});

test("thousands of notes: the page opens with the first hundred and shows more on request; search still reaches them all", async ({
  browser,
}) => {
  const { context, page } = await createPerson(browser, "many-notes");
  const count = 230;
  const items = Array.from({ length: count }, (_, i) => {
    const start = (i * 29) % (ARTICLE.text.length - 40);
    const { quote, position } = describeTextRange(ARTICLE.text, start, start + 12);
    return {
      type: "Annotation",
      id: `urn:many-notes:${i}`,
      body: { type: "TextualBody", value: `many note ${i}${i === 217 ? " needle" : ""}` },
      target: { selector: [quote, position] },
    };
  });
  const imported = await context.request.post(`/api/documents/${ARTICLE.slug}/import`, {
    data: { "@context": "http://www.w3.org/ns/anno.jsonld", type: "AnnotationPage", items },
  });
  expect(imported.status(), await imported.text()).toBe(200);

  await page.goto("/notes");
  const cards = page.locator(".note-card");
  await expect(page.locator(".notes__count")).toHaveText(`${count} notes (the first 100 below)`);
  await expect(cards).toHaveCount(100);
  await page.getByRole("button", { name: "Show 100 more" }).click();
  await expect(cards).toHaveCount(200);
  await page.getByRole("button", { name: "Show 30 more" }).click();
  await expect(cards).toHaveCount(count);
  await expect(page.getByRole("button", { name: /^Show \d+ more$/ })).toHaveCount(0);
  await expect(page.locator(".notes__count")).toHaveText(`${count} notes`);

  // Search runs over every note, drawn or not; a new search starts from the first hundred again.
  // Typed letter by letter, the count (a live region) changes once, when the typing stops: it was
  // announced at every keystroke (an independent check with a screen reader).
  const counts = await page.locator(".notes__count").evaluateHandle((count) => {
    const seen: string[] = [];
    new MutationObserver(() => seen.push(count.textContent ?? "")).observe(count, { subtree: true, childList: true, characterData: true });
    return seen;
  });
  await page.getByLabel("Search my notes").pressSequentially("needle", { delay: 60 });
  await expect(page.locator(".notes__count")).toHaveText(`Showing 1 of ${count} notes`);
  expect(await counts.evaluate((seen) => [...new Set(seen)])).toEqual([`Showing 1 of ${count} notes`]);
  await expect(cards).toHaveText([/many note 217 needle/]);
  await page.getByLabel("Search my notes").fill("");
  await expect(cards).toHaveCount(100);
  await context.close();
});

test("the From and To days are the reader's own: a note written just now is of today where they are, whatever UTC's day is", async ({
  browser,
}) => {
  // A zone whose day differs from UTC's right now: fourteen hours ahead from 10:00 UTC, eleven behind before 11:00.
  const timezoneId = new Date().getUTCHours() >= 10 ? "Pacific/Kiritimati" : "Pacific/Pago_Pago";
  const { context, page } = await createPerson(browser, "notes-zone", { timezoneId });
  await annotate(context, "private", { at: "calculated tolerance", body: "Written today, where I am" });
  const dayIn = (timeZone: string) =>
    new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" }).format(new Date());
  const [mine, utc] = [dayIn(timezoneId), dayIn("UTC")];
  expect(mine).not.toBe(utc);

  await page.goto("/notes");
  const note = page.getByRole("listitem").filter({ hasText: "Written today, where I am" });
  await expect(note).toBeVisible();
  for (const [day, count] of [
    [mine, 1],
    [utc, 0],
  ] as const) {
    await page.getByLabel("From", { exact: true }).fill(day);
    await page.getByLabel("To", { exact: true }).fill(day);
    await expect(note).toHaveCount(count);
  }
  await context.close();
});
