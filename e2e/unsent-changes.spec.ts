// Nothing a reader writes is lost to a change made elsewhere meanwhile (an independent check lost
// both): a note written on a page left open while the owner saved a new version is placed on the
// new text; a note written offline on a reading that closed to its reader before they came back
// is refused, and its words stay on the device, said in the header and listed in My notes.
import { expect, test, type Browser, type Page } from "./test";
import { createGroup, createPerson, type Person } from "./factories";
import {
  ARTICLE,
  ARTICLE_PATH,
  expectNoAxeViolations,
  selectByMouse,
  selectLikeLongPress,
  startNoteByMouse,
  writeNoteByMouse,
} from "./fixtures";

// Changes kept while offline go through the service worker, as on a reader's device (playwright.config.ts blocks it elsewhere).
test.use({ serviceWorkers: "allow" });

const PHONE = { viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true };
const TEXT = [
  "The opening paragraph says what the essay is about and why it matters now.",
  "The middle paragraph holds the target words that a reader will annotate today.",
  "The closing paragraph gathers the threads and leaves the reader with a question.",
].join("\n\n");

type Listed = { id: string; body: string; target: { selector: { type: string; exact?: string; start?: number; end?: number }[] } };

async function groupReading(owner: Person, member: Person, title: string) {
  const group = await createGroup(owner, { members: { member: [member] } });
  const created = await owner.context.request.post("/api/documents", {
    data: { text: TEXT, title: `${title} ${group.name}`, visibility: "group", groupId: group.id },
  });
  expect(created.status(), await created.text()).toBe(201);
  const { slug } = (await created.json()) as { slug: string };
  return { group, slug };
}

const myNotes = async (person: Person, slug: string) =>
  ((await (await person.context.request.get(`/api/documents/${slug}/annotations?author=me`)).json()) as { items: Listed[] }).items;

/** The kinds of the changes this device holds for the page's reader, in order (IndexedDB, components/offline/offline-db.ts). */
const storedOutbox = (page: Page) =>
  page.evaluate(async () => {
    const open = indexedDB.open("marginalia-offline");
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      open.onsuccess = () => resolve(open.result);
      open.onerror = () => reject(open.error);
    });
    try {
      if (!db.objectStoreNames.contains("outbox")) return [];
      const request = db.transaction("outbox").objectStore("outbox").getAll();
      const stored = await new Promise<{ entries: { kind: string }[] }[]>((resolve) => (request.onsuccess = () => resolve(request.result)));
      return stored.flatMap((outbox) => outbox.entries.map((entry) => entry.kind));
    } finally {
      db.close();
    }
  });

const hydrated = (page: Page) => expect.poll(() => page.evaluate(() => document.documentElement.dataset.hydratedAt ?? null)).not.toBeNull();

/**
 * A new reader on the article, its page hydrated, then offline. The page's parts that load after
 * its first script (the cards, the editor, the selection's toolbar) are here before the network
 * goes: on a loaded machine it went first, and no card showed.
 */
async function offlineOnArticle(browser: Browser, label: string): Promise<Person> {
  const reader = await createPerson(browser, label);
  await reader.page.goto(ARTICLE_PATH);
  await hydrated(reader.page);
  const warmUp = await startNoteByMouse(reader.page, "This distinction matters.");
  await warmUp.getByRole("button", { name: "Cancel" }).click();
  await expect(reader.page.getByText("Loading annotations…")).toHaveCount(0);
  await reader.context.setOffline(true);
  return reader;
}

test("a note written, then moved, on a page left open while the owner saved a new version is saved, placed on the new text", async ({
  browser,
}) => {
  const owner = await createPerson(browser, "version-owner");
  const member = await createPerson(browser, "version-member");
  const { slug } = await groupReading(owner, member, "Versions");
  const { page } = member;
  await page.goto(`/read/${slug}`);
  await hydrated(page);

  // The owner adds a paragraph at the top: every offset on the member's open page is now off.
  const NEW_TEXT = `A paragraph the owner added at the top, after the member opened the page.\n\n${TEXT}`;
  const version = await owner.context.request.post(`/api/documents/${slug}/versions`, { data: { text: NEW_TEXT } });
  expect(version.status(), await version.text()).toBe(201);

  const form = await startNoteByMouse(page, "the target words");
  await form.getByLabel("Comment").fill("Words I must not lose.");
  await form.getByRole("button", { name: "Save" }).click();
  await expect(form).toBeHidden();

  const card = page.locator(".annotation-card", { hasText: "Words I must not lose." });
  await expect(card).toBeVisible();
  await expect(page.getByTestId("sync-status")).toHaveText("Synced");
  await expect(card.locator(".save-status")).toHaveCount(0);
  // Still shown where the member put it on the text they are reading.
  await expect(page.locator(".reader mark").filter({ hasText: "the target words" }).first()).toBeAttached();

  // The server has it, on the new version's text.
  const [saved] = await myNotes(member, slug);
  expect(saved.body).toBe("Words I must not lose.");
  const position = saved.target.selector.find((selector) => selector.type === "TextPositionSelector")!;
  expect(NEW_TEXT.slice(position.start, position.end)).toBe("the target words");

  // Moved on the same stale page, to words the new version still has: moved there, not refused.
  // The card opened as it was saved.
  await card.getByRole("button", { name: "Move highlight", exact: true }).click();
  await selectByMouse(page, "gathers the threads");
  await page.getByRole("button", { name: "Move here" }).click();
  await expect(page.locator(`mark[data-annotation-id="${saved.id}"]`).first()).toHaveText("gathers the threads");
  await expect(page.getByTestId("sync-status")).toHaveText("Synced");
  await expect(card.locator(".save-status")).toHaveCount(0);
  await expect
    .poll(async () => {
      const [moved] = await myNotes(member, slug);
      const at = moved.target.selector.find((selector) => selector.type === "TextPositionSelector")!;
      return NEW_TEXT.slice(at.start, at.end);
    })
    .toBe("gathers the threads");

  // Opened again: the new version, the note on its words.
  await page.reload();
  await hydrated(page);
  await expect(page.locator(`mark[data-annotation-id="${saved.id}"]`).first()).toHaveText("gathers the threads");
  await Promise.all([owner.context.close(), member.context.close()]);
});

test("a note written offline on a reading unshared meanwhile is refused, kept on the device, said in the header and listed in My notes to copy or discard", async ({
  browser,
}) => {
  test.setTimeout(45_000);
  const owner = await createPerson(browser, "closing-owner");
  const student = await createPerson(browser, "closing-student", PHONE);
  const { group, slug } = await groupReading(owner, student, "Closing");
  const { page, context } = student;
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  await page.goto(`/read/${slug}`);
  await hydrated(page);

  await expect(page.locator(".reader__body").getByText(/the target words/)).toBeVisible();
  await selectLikeLongPress(page, "the target words");
  await page
    .getByRole("toolbar", { name: "Selected text" })
    .getByRole("button", { name: /^Annotate/ })
    .tap();
  const form = page.getByRole("form", { name: "New annotation" });
  // The train leaves: the note is written and saved offline.
  await context.setOffline(true);
  await form.getByLabel("Who can see this").selectOption("private");
  await form.getByLabel("Comment").fill("IMPORTANT offline words\nover two lines.");
  await form.getByRole("button", { name: "Save" }).tap();
  await expect(form).toBeHidden();
  await expect(page.getByTestId("sync-status")).toHaveText("Offline — 1 change waiting");

  // Meanwhile the owner stops sharing the reading; the student comes back online.
  const unshared = await owner.context.request.patch(`/api/documents/${slug}`, { data: { visibility: "private" } });
  expect(unshared.status(), await unshared.text()).toBe(200);
  await context.setOffline(false);

  const status = page.getByTestId("sync-status");
  await expect(status).toHaveText("1 change not saved", { timeout: 15_000 });
  // The card says why, in words the reader knows, and its words are still there.
  await expect(page.locator(".annotation-card", { hasText: "IMPORTANT offline words" }).locator(".save-status--failed")).toContainText(
    "Not saved: You can no longer open this reading",
  );
  await expect(status).not.toContainText("Synced");
  expect((await context.request.get(`/api/documents/${slug}/annotations`)).status()).toBe(404);

  // The reading no longer opens; the header still says so on every page, and leads to the words.
  await page.reload();
  await expect(status.getByRole("link", { name: "1 change not saved" })).toBeVisible();
  await status.getByRole("link", { name: "1 change not saved" }).tap();
  await expect(page).toHaveURL(/\/notes#not-saved$/);
  const list = page.getByRole("region", { name: "Not saved: 1 change on this device only" });
  await expect(list).toBeVisible();
  await expect(list.getByRole("heading")).toBeFocused();
  await expect(list).toContainText(`A note on Closing ${group.name}`);
  // Named, not linked: it no longer opens to them.
  await expect(list.getByRole("link", { name: `Closing ${group.name}` })).toHaveCount(0);
  await expect(list.locator("blockquote")).toHaveText("the target words");
  await expect(list).toContainText("IMPORTANT offline words\nover two lines.");
  await expect(list).toContainText("Refused: You can no longer open this reading: its owner stopped sharing it with you");
  await expectNoAxeViolations(page);
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await page.screenshot({ path: test.info().outputPath("not-saved-390.png") });

  await list.getByRole("button", { name: "Copy" }).tap();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe("> the target words\n\nIMPORTANT offline words\nover two lines.");

  await list.getByRole("button", { name: "Discard" }).tap();
  const emptied = page.getByRole("region", { name: "Not saved on this device: nothing now" });
  await expect(emptied.getByRole("heading")).toBeFocused();
  await expect(status).not.toContainText("not saved");
  await page.reload();
  await expect(page.getByRole("heading", { level: 1, name: "My notes" })).toBeVisible();
  await expect(status).not.toContainText("not saved");
  await expect(page.locator("#not-saved")).toHaveCount(0);
  // Shared again: nothing reached the server, half-written or otherwise.
  const reshared = await owner.context.request.patch(`/api/documents/${slug}`, { data: { visibility: "group", groupId: group.id } });
  expect(reshared.status(), await reshared.text()).toBe(200);
  expect(await myNotes(student, slug)).toEqual([]);
  await Promise.all([owner.context.close(), context.close()]);
});

test("a reply half-written when a newer version is saved is still in its box after Open it, and gone from the device once its writer signs out", async ({
  browser,
}) => {
  const owner = await createPerson(browser, "draft-owner");
  const member = await createPerson(browser, "draft-member");
  const { group, slug } = await groupReading(owner, member, "Drafts");
  const thread = await owner.context.request.post(`/api/documents/${slug}/annotations`, {
    data: {
      target: { selector: [{ type: "TextQuoteSelector", exact: "the target words" }] },
      visibility: { group: group.id },
      body: "Start here.",
    },
  });
  expect(thread.status(), await thread.text()).toBe(201);
  const { page } = member;
  await page.goto(`/read/${slug}`);
  await hydrated(page);
  const card = page.locator(".annotation-card", { hasText: "Start here." });
  await card.locator(".annotation-card__summary").click();
  await card.getByLabel("Reply", { exact: true }).fill("Half of what I mean to say");

  const version = await owner.context.request.post(`/api/documents/${slug}/versions`, { data: { text: `${TEXT}\n\nA closing line.` } });
  expect(version.status(), await version.text()).toBe(201);
  await page.getByRole("status").getByRole("link", { name: "Open it" }).click();
  await expect(page.locator(".reader__body")).toContainText("A closing line.");
  await hydrated(page);
  await card.locator(".annotation-card__summary").click();
  await expect(card.getByLabel("Reply", { exact: true })).toHaveValue("Half of what I mean to say");

  // A shared computer: signing out leaves no words of theirs behind.
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page.getByRole("link", { name: "Sign in" }).first()).toBeVisible();
  const left = await page.evaluate(() => Object.keys(localStorage).filter((key) => key.includes("draft")));
  expect(left).toEqual([]);
  await Promise.all([owner.context.close(), member.context.close()]);
});

test("a note written offline can be edited, and another deleted, before either is saved: back online the server has the edited one only", async ({
  browser,
}) => {
  const reader = await offlineOnArticle(browser, "offline-edit");
  const { page, context } = reader;
  const write = async (phrase: string, body: string) => {
    await writeNoteByMouse(page, phrase, body);
    const card = page.locator(".annotation-card", { hasText: body });
    await expect(card).toContainText("Kept on this device");
    return card;
  };

  const kept = await write("This distinction matters.", "First words, offline");
  if ((await kept.locator(".annotation-card__summary").getAttribute("aria-expanded")) !== "true")
    await kept.locator(".annotation-card__summary").click();
  await kept.getByRole("button", { name: "Edit", exact: true }).click();
  const editor = page.getByRole("form", { name: "Edit annotation" });
  await editor.getByLabel("Comment").fill("Better words, still offline");
  await editor.getByRole("button", { name: "Save" }).click();
  await expect(editor).toBeHidden();
  const edited = page.locator(".annotation-card", { hasText: "Better words, still offline" });
  await expect(edited).toBeVisible();

  const unwanted = await write("Such statements indicate a preference", "Never mind this one");
  if ((await unwanted.locator(".annotation-card__summary").getAttribute("aria-expanded")) !== "true")
    await unwanted.locator(".annotation-card__summary").click();
  await unwanted.getByRole("button", { name: "Delete" }).click();
  await expect(page.locator(".annotation-card", { hasText: "Never mind this one" })).toHaveCount(0);
  // On the device, not only in the page: the two creates, the edit and the delete, in order (the
  // code that writes them used to be fetched at the first write, which offline could not load it).
  await expect.poll(() => storedOutbox(page)).toEqual(["create", "update", "create", "delete"]);

  await context.setOffline(false);
  await expect(page.getByTestId("sync-status")).toHaveText("Synced", { timeout: 20_000 });
  const listed = (await (await context.request.get(`/api/documents/${ARTICLE.slug}/annotations?author=me&limit=100`)).json()) as {
    items: Listed[];
  };
  expect(listed.items.map((item) => item.body)).toEqual(["Better words, still offline"]);
  // Neither the deleted one's save nor its echo brought its card back; the edited one is there once.
  await expect(page.locator(".annotation-card", { hasText: "Never mind this one" })).toHaveCount(0);
  await expect(page.locator(".annotation-card", { hasText: "Better words, still offline" })).toHaveCount(1);
  await context.close();
});

test("closing the tab while a note written offline is not on the device yet asks first; once it is saved, the tab closes without asking", async ({
  browser,
}) => {
  const reader = await offlineOnArticle(browser, "leaving");
  const { page, context } = reader;

  await writeNoteByMouse(page, "This distinction matters.", "Stored before the disk filled");
  await expect.poll(() => storedOutbox(page)).toEqual(["create"]);
  // The device's storage fails from here on (a full disk): the next note is only in the page.
  await page.evaluate(() => {
    const world = window as unknown as { keptTransaction: typeof IDBDatabase.prototype.transaction };
    world.keptTransaction = IDBDatabase.prototype.transaction;
    IDBDatabase.prototype.transaction = () => {
      throw new DOMException("The disk is full.", "QuotaExceededError");
    };
  });
  await writeNoteByMouse(page, "Such statements indicate a preference", "Only in the page");
  await expect(page.locator(".annotation-card", { hasText: "Only in the page" })).toBeVisible();

  const asked = page.waitForEvent("dialog");
  await page.close({ runBeforeUnload: true });
  const dialog = await asked;
  expect(dialog.type()).toBe("beforeunload");
  await dialog.dismiss();
  expect(page.isClosed()).toBe(false);

  // Back online, both are saved: nothing is left to lose, and the tab closes without asking.
  await context.setOffline(false);
  await expect(page.getByTestId("sync-status")).toHaveText("Synced", { timeout: 20_000 });
  const bodies = (await myNotes(reader, ARTICLE.slug)).map((note) => note.body).sort();
  expect(bodies).toEqual(["Only in the page", "Stored before the disk filled"]);
  let askedAgain = false;
  page.on("dialog", (again) => {
    askedAgain = true;
    void again.dismiss();
  });
  const closed = page.waitForEvent("close");
  await page.close({ runBeforeUnload: true });
  await closed;
  expect(askedAgain).toBe(false);
});
