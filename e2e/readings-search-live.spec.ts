import { expect, test } from "./test";
import { describeTextRange } from "../lib/anchoring/text-quote";
import { createPerson } from "./factories";

/**
 * Issue 12: the library's full-text search (prefix words, best match first, typed operators
 * harmless, a private reading invisible to anyone else), and the live notice that a newer version
 * of the reading open on the page was saved, and what that page does with notes written since.
 */

test("search the library by the words of a text: best match first, operators harmless, nobody else's private reading", async ({
  browser,
}) => {
  const owner = await createPerson(browser, "searcher");
  const stranger = await createPerson(browser, "stranger");
  // A word no other test writes, so the results are this test's alone.
  const word = `quokka${Date.now().toString(36)}`;
  for (const reading of [
    { title: "Notes in passing", text: `A walk along the coast, where a ${word} was seen near the path.` },
    { title: `The ${word} at home`, text: "Small marsupials of the island live in colonies among the scrub." },
  ]) {
    expect((await owner.context.request.post("/api/documents", { data: reading })).status()).toBe(201);
  }

  const { page } = owner;
  await page.goto("/");
  await page.getByLabel("Search titles, authors and texts").fill(`"${word.slice(0, -2)}*`);
  await page.getByRole("button", { name: "Search" }).click();
  // A GET form: the server answers with the results already in the page.
  await expect(page.getByRole("status").filter({ hasText: "2 readings match" })).toBeVisible();
  await expect(page.locator(".library__item h2")).toHaveText([`The ${word} at home`, "Notes in passing"]);

  await stranger.page.goto(`/?q=${encodeURIComponent(word)}`);
  await expect(stranger.page.getByRole("status").filter({ hasText: `No readings match “${word}”.` })).toBeVisible();
  // A control character in the address is not written into the page (nor searched for).
  const withNul = await stranger.page.request.get(`/?q=${encodeURIComponent(word)}%00`);
  expect(withNul.status()).toBe(200);
  const html = await withNul.text();
  expect(html).not.toContain("\u0000");
  expect(html).toContain(`No readings match “${word}”.`);
});

test("a reader with the reading open is told a newer version was saved, and opens it", async ({ browser }) => {
  const owner = await createPerson(browser, "reviser");
  const created = await owner.context.request.post("/api/documents", {
    data: { title: "The Harbour", text: "Boats leave the harbour at dawn.\n\nThe fish market opens at six." },
  });
  expect(created.status()).toBe(201);
  const { slug } = (await created.json()) as { slug: string };

  const { page } = owner;
  await page.goto(`/read/${slug}`);
  await expect(page.locator(".reader__body")).toContainText("opens at six");
  // The page says which version it shows when its stream opens, so the order of these two does not matter.
  const revised = await owner.context.request.post(`/api/documents/${slug}/versions`, {
    data: { text: "Boats leave the harbour at dawn.\n\nThe fish market opens at seven." },
  });
  expect(revised.status()).toBe(201);

  const notice = page.getByRole("status").filter({ hasText: "Version 2 of this reading was just saved." });
  await expect(notice).toBeVisible();
  await notice.getByRole("link", { name: "Open it" }).click();
  await expect(page.locator(".reader__body")).toContainText("opens at seven");
});

test("a page left on the older version paints a note written on the newer one on the same words, told apart by the words around them", async ({
  browser,
}) => {
  const owner = await createPerson(browser, "teas");
  const first = "Tea is hot. Milk is cold, and the kettle sings all afternoon long. Tea is sweet.";
  const created = await owner.context.request.post("/api/documents", { data: { title: "Two teas", text: first } });
  expect(created.status()).toBe(201);
  const { slug } = (await created.json()) as { slug: string };
  const { page } = owner;
  await page.goto(`/read/${slug}`);
  await expect(page.locator(".reader__body")).toContainText("Tea is sweet.");

  // Version 2 drops the opening: its "Tea is sweet" now starts at 14, nearer the first "Tea" of the
  // text this page still shows (at 0) than the one it is (at 67). Only the words around it tell.
  const second = "Milk is cold. Tea is sweet.";
  const revised = await owner.context.request.post(`/api/documents/${slug}/versions`, { data: { text: second } });
  expect(revised.status()).toBe(201);
  await expect(page.getByRole("status").filter({ hasText: "Version 2 of this reading was just saved." })).toBeVisible();
  const at = second.indexOf("Tea");
  const { quote, position } = describeTextRange(second, at, at + "Tea".length);
  const note = await owner.context.request.post(`/api/documents/${slug}/annotations`, {
    data: { target: { selector: [quote, position] }, visibility: "private", body: "The sweet one" },
  });
  expect(note.status()).toBe(201);

  const mark = page.locator(".reader__body mark").filter({ hasText: "Tea" });
  await expect(mark).toHaveCount(1);
  // The words after the mark on the page are the sweet tea's.
  expect(await mark.evaluate((element) => element.nextSibling?.textContent ?? "")).toMatch(/^ is sweet\./);

  // A note on words only version 2 has cannot be shown on this page: the notice says it waits there,
  // and stops counting it once it is deleted.
  const cold = second.indexOf("cold.");
  const onNewWords = describeTextRange(second, cold, cold + "cold.".length);
  const other = await owner.context.request.post(`/api/documents/${slug}/annotations`, {
    data: { target: { selector: [onNewWords.quote, onNewWords.position] }, visibility: "private", body: "Full stop" },
  });
  expect(other.status()).toBe(201);
  const notice = page.getByRole("status").filter({ hasText: "Version 2 of this reading was just saved." });
  await expect(notice).toContainText("1 note is on words only it has, shown there.");
  const { id } = (await other.json()) as { id: string };
  expect((await owner.context.request.delete(`/api/annotations/${id}`)).status()).toBe(200);
  await expect(notice).not.toContainText("on words only it has");
});
