import { expect, test, type Page } from "./test";
import { describeTextRange } from "@/lib/anchoring/text-quote";
import { createPerson } from "./factories";
import { expectNoAxeViolations, selectByMouse } from "./fixtures";

/**
 * Issue 12, versions: the owner corrects a sentence in the app and the annotations stay on their
 * words; an annotation whose passage was deleted waits under "Needs a new place" (never painted
 * elsewhere) until its author gives it one by selecting; the first version still opens as it was.
 */

const PARAGRAPHS = [
  "Rivers carve valleys over thousands of years, and the river near our town is no exception.",
  "In spring the water rises quickly. Farmers along the banks move their animals to higher ground.",
  "The old mill was built in 1820 and burned down a century later; nothing of it remains today.",
  "Every summer the town holds a festival on the banks of the river.",
];
const TEXT = PARAGRAPHS.join("\n\n");

const painted = (page: Page) => page.locator(".reader__body mark").allTextContents();

test("the owner corrects a sentence: annotations stay on their words, the one on a deleted passage needs a new place and its author gives it one", async ({
  browser,
}) => {
  test.slow();
  const owner = await createPerson(browser, "editor");
  const { page, context } = owner;
  const created = await context.request.post("/api/documents", { data: { text: TEXT, title: "The River Town" } });
  expect(created.status()).toBe(201);
  const { slug } = (await created.json()) as { slug: string };
  for (const [phrase, body] of [
    ["the water rises quickly", "how quickly?"],
    ["carve valleys", "geology"],
    ["The old mill was built in 1820", "there is a **plaque**"],
  ] as const) {
    const start = TEXT.indexOf(phrase);
    const { quote, position } = describeTextRange(TEXT, start, start + phrase.length);
    const response = await context.request.post(`/api/documents/${slug}/annotations`, {
      data: { target: { selector: [quote, position] }, body, visibility: "private" },
    });
    expect(response.status()).toBe(201);
  }

  // The correction, in the app: "quickly" becomes "fast", and the paragraph about the mill goes.
  await page.goto(`/read/${slug}/settings`);
  await expect(page.getByRole("heading", { name: "Correct the text" })).toBeVisible();
  await expectNoAxeViolations(page);
  const corrected = [PARAGRAPHS[0], PARAGRAPHS[1].replace("quickly", "fast"), PARAGRAPHS[3]].join("\n\n");
  await page.getByLabel("Text", { exact: true }).fill(corrected);
  // From the keyboard: the button, then Enter. Focus lands on what the save says (it fell to the page), and Tab goes on from there.
  await page.getByRole("button", { name: "Save as a new version" }).focus();
  await page.keyboard.press("Enter");
  const saved = page.getByRole("status").filter({ hasText: "Saved as version 2" });
  await expect(saved).toContainText("1 needs a new place");
  await expect(saved.locator("p")).toBeFocused();
  await page.keyboard.press("Tab");
  await expect(saved.getByRole("link", { name: "Open the reading" })).toBeFocused();

  await page.goto(`/read/${slug}`);
  await expect(page.locator(".reader__body")).toHaveText(corrected);
  // On their words, in the new text; the mill's annotation is painted nowhere.
  await expect.poll(() => painted(page)).toEqual(["carve valleys", "the water rises fast"]);
  // The note on the reworded words says what it was written on; the one on unchanged words says nothing.
  const reworded = page.locator(".annotation-card", { hasText: "how quickly?" }).locator(".annotation-card__reworded");
  await expect(reworded).toContainText("The text changed since this was written. It was on:");
  await expect(reworded.locator("q")).toHaveText("the water rises quickly");
  await expect(page.locator(".annotation-card", { hasText: "geology" }).locator(".annotation-card__reworded")).toHaveCount(0);
  await expect(page.locator(".sidebar__count")).toHaveText("Showing 2 of 2 annotations; 1 more needs a new place");
  await page.getByRole("tab", { name: "Needs a new place (1)" }).click();
  const orphan = page.locator(".orphan");
  await expect(orphan).toContainText("The old mill was built in 1820");
  await expect(orphan).toContainText("higher ground."); // its old context
  // It reads like the other cards: mine, its comment rendered, and it can be let go.
  await expect(orphan.locator(".orphan__author")).toHaveText("You");
  await expect(orphan.locator(".md strong")).toHaveText("plaque");
  await expect(orphan.getByRole("button", { name: "Delete" })).toBeVisible();
  await expectNoAxeViolations(page);

  // Its author gives it a new place by selecting.
  await orphan.getByRole("button", { name: "Give it a new place" }).click();
  await selectByMouse(page, "a festival");
  await page.getByRole("button", { name: "Move here" }).click();
  await expect(page.getByRole("tab", { name: /Needs a new place/ })).toHaveCount(0);
  await expect.poll(() => painted(page)).toEqual(["carve valleys", "the water rises fast", "a festival"]);
  await expect
    .poll(
      async () =>
        ((await (await context.request.get(`/api/documents/${slug}/annotations?status=orphaned`)).json()) as { items: unknown[] }).items,
    )
    .toEqual([]);

  // The first version opens as it was, with the annotations made on it.
  await page.reload();
  await page.getByLabel("Version").selectOption("1");
  await page.getByRole("button", { name: "Open" }).click();
  await page.waitForURL(/version=1/);
  await expect(page.locator(".reader__body")).toHaveText(TEXT);
  await expect.poll(() => painted(page)).toEqual(["carve valleys", "the water rises quickly", "The old mill was built in 1820"]);
  const onVersionOne = page.getByRole("list", { name: "Annotations on this version" }).getByRole("listitem").filter({ hasText: "1820" });
  await expect(onVersionOne.locator(".orphan__author")).toHaveText("You");
  await expect(onVersionOne.locator(".md strong")).toHaveText("plaque");
  await expectNoAxeViolations(page);
  // Beside the text, the sidebar says which version this is. On a phone it sits below the text, and
  // only the version menu said so: the page says it before the text there.
  const olderBar = page.getByText("Version 1 of 2, an older one: read-only.");
  await expect(olderBar).toBeHidden();
  await page.setViewportSize({ width: 390, height: 844 });
  await expect(olderBar).toBeVisible();
  const [bar, text] = await Promise.all([olderBar.boundingBox(), page.locator(".reader__body").boundingBox()]);
  expect(bar!.y + bar!.height).toBeLessThanOrEqual(text!.y);
  await expect(olderBar.getByRole("link", { name: "Read the latest version" })).toHaveAttribute("href", `/read/${slug}`);
});

test("the owner uploads a new edition as a file: it becomes the next version and the annotations follow their words", async ({
  browser,
}) => {
  const { page, context } = await createPerson(browser, "edition");
  const created = await context.request.post("/api/documents", { data: { text: TEXT, title: "The River Town" } });
  expect(created.status()).toBe(201);
  const { slug } = (await created.json()) as { slug: string };
  const start = TEXT.indexOf("a festival");
  const { quote, position } = describeTextRange(TEXT, start, start + "a festival".length);
  const note = await context.request.post(`/api/documents/${slug}/annotations`, {
    data: { target: { selector: [quote, position] }, body: "every July", visibility: "private" },
  });
  expect(note.status()).toBe(201);

  // The second edition, as a file: a paragraph added at the start moves every word.
  const edition = ["A note on this edition: the mill's history was revised.", ...PARAGRAPHS].join("\n\n");
  await page.goto(`/read/${slug}/settings`);
  const upload = page.getByRole("form", { name: "Or upload a changed file" });
  await expect(upload.getByRole("button", { name: "Save the file as a new version" })).toBeDisabled();
  await upload.getByLabel("File").setInputFiles({ name: "river-town-2nd.txt", mimeType: "text/plain", buffer: Buffer.from(edition) });
  await upload.getByRole("button", { name: "Save the file as a new version" }).click();
  await expect(upload.getByRole("status").filter({ hasText: "Saved as version 2" })).toContainText("1 annotation is on their words");
  await expectNoAxeViolations(page);

  await page.goto(`/read/${slug}`);
  // The reading keeps its title (the file's first line is text, not a new title) and shows the edition.
  await expect(page.getByRole("heading", { level: 1, name: "The River Town" })).toBeVisible();
  await expect(page.locator(".reader__body")).toHaveText(edition);
  await expect.poll(() => painted(page)).toEqual(["a festival"]);
  await context.close();
});

test("My notes says which note needs a new place, and Open in the text goes to it in its tab", async ({ browser }) => {
  const { page, context } = await createPerson(browser, "unplaced");
  const created = await context.request.post("/api/documents", { data: { text: TEXT, title: "The River Town" } });
  expect(created.status()).toBe(201);
  const { slug } = (await created.json()) as { slug: string };
  for (const [phrase, body] of [
    ["The old mill was built in 1820", "about the mill"],
    ["carve valleys", "about the valleys"],
  ] as const) {
    const start = TEXT.indexOf(phrase);
    const { quote, position } = describeTextRange(TEXT, start, start + phrase.length);
    const response = await context.request.post(`/api/documents/${slug}/annotations`, {
      data: { target: { selector: [quote, position] }, body, visibility: "private" },
    });
    expect(response.status()).toBe(201);
  }
  const revised = await context.request.post(`/api/documents/${slug}/versions`, {
    data: { text: [PARAGRAPHS[0], PARAGRAPHS[1], PARAGRAPHS[3]].join("\n\n") },
  });
  expect(revised.status()).toBe(201);

  await page.goto("/notes");
  const unplaced = page.locator(".note-card", { hasText: "about the mill" });
  await expect(unplaced).toContainText("Needs a new place");
  await expect(page.locator(".note-card", { hasText: "about the valleys" })).not.toContainText("Needs a new place");
  await unplaced.getByRole("link", { name: /^Open in the text/ }).click();
  await expect(page.getByRole("tab", { name: "Needs a new place (1)" })).toHaveAttribute("aria-selected", "true");
  await expect(page.locator(".orphan", { hasText: "about the mill" }).getByRole("button", { name: "Give it a new place" })).toBeFocused();
  await context.close();
});
