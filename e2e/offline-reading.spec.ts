// Issue 14, items 4-6: keep a reading offline (or have an assigned one kept), read and annotate it
// without the network, sync in order on reconnect with a second device's conflicting edit shown,
// sign-out asks about waiting changes and clears the device, and a reading I lose access to leaves it.
// One phone (Chromium, touch, 390 px); the server's own answers are the oracle at the end.
import { expect, test, type Page } from "./test";
import { describeTextRange } from "@/lib/anchoring/text-quote";
import { annotate, createGroup, createPerson } from "./factories";
import { ARTICLE, ARTICLE_PATH, expectNoAxeViolations, openControlledByServiceWorker, storedOutbox, writeNoteByTouch } from "./fixtures";

// What the service worker does offline is what this file tests (playwright.config.ts blocks it elsewhere).
test.use({ serviceWorkers: "allow" });

const PHONE = { viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true };

type Listed = { id: string; body: string };

/** Opens a card in the annotation sheet (the sheet opens with it). */
async function openCard(page: Page, id: string) {
  const card = page.locator(`#annotation-${id}`);
  const sheet = page.locator(".sidebar__sheet-toggle");
  if ((await sheet.getAttribute("aria-expanded")) === "false") await sheet.tap();
  await card.getByRole("button", { expanded: false }).tap();
  return card;
}

const deviceHolds = (page: Page) =>
  page.evaluate(async () => ({
    databases: (await indexedDB.databases()).map((database) => database.name),
    caches: await caches.keys(),
  }));

test("a kept reading opens offline with its highlights; notes written, edited, deleted and replied to offline sync exactly; sign-out asks first, then clears the device", async ({
  browser,
}) => {
  test.setTimeout(60_000);
  const reader = await createPerson(browser, "offline", PHONE);
  const { page, context } = reader;
  const toEdit = await annotate<Listed>(reader, "private", { at: "This distinction matters.", body: "Edit me offline." });
  const toDelete = await annotate<Listed>(reader, "private", { at: "Such statements indicate a preference", body: "Delete me offline." });
  const toKeep = await annotate<Listed>(reader, "private", { at: [100, 140], body: "Leave me be." });

  await openControlledByServiceWorker(page);

  await page.getByRole("button", { name: "Keep offline" }).tap();
  await expect(page.getByRole("button", { name: "Kept offline" })).toHaveAttribute("aria-pressed", "true");
  await expect(page.getByText("On this device")).toBeVisible();

  // Offline, from a fresh load: the page comes from the device, highlights painted, and hydrates.
  await context.setOffline(true);
  await page.reload();
  await expect(page.getByRole("heading", { level: 1, name: ARTICLE.title })).toBeVisible();
  for (const { id } of [toEdit, toDelete, toKeep]) await expect(page.locator(`mark[data-annotation-id="${id}"]`).first()).toBeAttached();
  await expect.poll(() => page.evaluate(() => document.documentElement.dataset.hydratedAt ?? null)).not.toBeNull();
  await expect(page.getByTestId("sync-status")).toHaveText("Offline");
  await expectNoAxeViolations(page);

  // A second device edits the same note meanwhile (the request context is not the offline browser).
  const laptop = await context.request.patch(`/api/annotations/${toEdit.id}`, { data: { body: "Edited on my laptop." } });
  expect(laptop.status()).toBe(200);

  await writeNoteByTouch(page, "This distinction matters.", "First offline note.");
  // Waiting on the device is what "Keep offline" promised: said calmly, not as an error.
  const waitingCard = page.locator(".annotation-card", { hasText: "First offline note." });
  await expect(waitingCard.locator(".save-status--waiting")).toContainText(
    "Kept on this device: it will be sent when you are back online.",
  );
  await expect(waitingCard.locator(".save-status--failed")).toHaveCount(0);
  // Nor is it announced as saved: it was added here, and waits to be sent.
  await expect(page.getByRole("status").filter({ hasText: "Annotation added." })).toBeAttached();
  await expect(page.getByText(/saved/i)).toHaveCount(0);
  await writeNoteByTouch(page, "Such statements indicate a preference", "Second offline note.");
  await writeNoteByTouch(page, ARTICLE.text.slice(200, 230), "Third offline note.");

  let card = await openCard(page, toEdit.id);
  await card.getByRole("button", { name: "Edit", exact: true }).tap();
  const editForm = page.getByRole("form", { name: "Edit annotation" });
  await editForm.getByLabel("Comment").fill("Edited offline on my phone.");
  await editForm.getByRole("button", { name: "Save" }).tap();
  await expect(editForm).toBeHidden();

  card = await openCard(page, toDelete.id);
  await card.getByRole("button", { name: "Delete", exact: true }).tap();
  await expect(page.locator(`#annotation-${toDelete.id}`)).toHaveCount(0);

  // A reply to a note that is itself still waiting: it waits after it, and goes under its saved id.
  const pendingCard = page.locator(".annotation-card", { hasText: "Third offline note." });
  await pendingCard.getByRole("button", { expanded: false }).tap();
  await pendingCard.getByLabel("Reply", { exact: true }).fill("Reply to my offline note.");
  await pendingCard.getByRole("button", { name: "Send reply" }).tap();
  await expect(pendingCard.getByRole("list", { name: "Replies" })).toContainText("Reply to my offline note.");
  await expect(page.getByTestId("sync-status")).toHaveText("Offline — 6 changes waiting");

  // Signing out now would delete them: it asks first, and waiting keeps everything.
  await page.getByRole("button", { name: "Menu" }).tap();
  await page.getByRole("button", { name: "Sign out" }).tap();
  const ask = page.getByRole("dialog", { name: "6 changes not synced yet — sign out anyway?" });
  await expect(ask).toBeVisible();
  await expectNoAxeViolations(page);
  await ask.getByRole("button", { name: "Wait" }).tap();
  await expect(ask).toBeHidden();
  // The offline header and sheet at 320 CSS px (the reflow width: 1280 px at 400%, a 640 px phone at 200%): no sideways scroll, axe clean.
  await page.setViewportSize({ width: 320, height: 640 });
  await expect(page.getByTestId("sync-status")).toHaveText("Offline — 6 changes waiting");
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320);
  await expectNoAxeViolations(page);

  // The browser closes with everything still on the device; back online, the page replays it in order.
  await page.close();
  await context.setOffline(false);
  const again = await context.newPage();
  await again.goto(ARTICLE_PATH);
  await expect(again.getByTestId("sync-status")).toHaveText("Synced", { timeout: 15_000 });
  const conflict = again.getByTestId("sync-conflict");
  await expect(conflict).toContainText("Edited on my laptop.");

  // Mine only: other tests running beside this one share notes with everyone on the same article.
  const listed = (await (await context.request.get(`/api/documents/${ARTICLE.slug}/annotations?author=me&limit=100`)).json()) as {
    items: Listed[];
  };
  expect(listed.items.map((item) => item.body).sort()).toEqual(
    ["Edited offline on my phone.", "First offline note.", "Leave me be.", "Second offline note.", "Third offline note."].sort(),
  );
  expect(listed.items.find((item) => item.id === toEdit.id)?.body).toBe("Edited offline on my phone.");
  // The laptop's words were the ones to keep after all: one press puts them back, and the notice goes.
  const sheetToggle = again.locator(".sidebar__sheet-toggle");
  if ((await sheetToggle.getAttribute("aria-expanded")) === "false") await sheetToggle.tap();
  await conflict.getByRole("button", { name: "Use the other version" }).tap();
  await expect(conflict).toHaveCount(0);
  await expect
    .poll(async () => ((await (await context.request.get(`/api/annotations/${toEdit.id}`)).json()) as Listed).body)
    .toBe("Edited on my laptop.");
  expect(listed.items.some((item) => item.id === toDelete.id)).toBe(false);
  const third = listed.items.find((item) => item.body === "Third offline note.")!;
  const thread = (await (await context.request.get(`/api/annotations/${third.id}`)).json()) as { replies: Listed[] };
  expect(thread.replies.map((item) => item.body)).toEqual(["Reply to my offline note."]);

  // The library marks it kept; signing out leaves nothing of this reader on the device.
  await again.goto("/");
  await expect(again.locator(`[data-reading-slug="${ARTICLE.slug}"] .library__kept`)).toBeVisible();
  expect(await deviceHolds(again)).toMatchObject({
    databases: expect.arrayContaining(["marginalia-offline"]),
    caches: expect.arrayContaining(["marginalia-kept"]),
  });
  await again.getByRole("button", { name: "Menu" }).tap();
  await again.getByRole("button", { name: "Sign out" }).tap();
  await expect(again.getByRole("button", { name: "Sign out" })).toHaveCount(0);
  await expect(again.getByText(reader.user.name)).toHaveCount(0);
  const left = await deviceHolds(again);
  expect(left.databases).not.toContain("marginalia-offline");
  expect(left.caches).not.toContain("marginalia-kept");
  await context.close();
});

test("notes written offline are sent once the reader is online on any page, without opening their reading again", async ({ browser }) => {
  test.setTimeout(45_000);
  const reader = await createPerson(browser, "offline-elsewhere", PHONE);
  const { page, context } = reader;
  await openControlledByServiceWorker(page);

  // On the train: two notes, the second with a reply, then the tab is closed.
  await context.setOffline(true);
  await writeNoteByTouch(page, "This distinction matters.", "Written on the train.");
  await writeNoteByTouch(page, "Such statements indicate a preference", "Also on the train.");
  // A note just saved opens in the sheet, with its reply box.
  const pendingCard = page.locator(".annotation-card", { hasText: "Also on the train." });
  await pendingCard.getByLabel("Reply", { exact: true }).fill("And a reply to it.");
  await pendingCard.getByRole("button", { name: "Send reply" }).tap();
  await expect(page.getByTestId("sync-status")).toHaveText("Offline — 3 changes waiting");
  // The header counts a change as it is made; the device stores it a moment later (a tab closed in
  // between loses it, a few milliseconds a reader never meets, but a script can).
  await expect.poll(() => storedOutbox(page)).toContain("And a reply to it.");
  await page.close();

  // Back online, the reader opens the library, not the reading: the header sends what waited, in order, once.
  await context.setOffline(false);
  const elsewhere = await context.newPage();
  const served = await (await elsewhere.goto("/"))!.text();
  const countIn = (html: string) => Number(new RegExp(`data-reading-slug="${ARTICLE.slug}".*?(\\d+) annotations?<`, "s").exec(html)![1]);
  const before = countIn(served);
  await expect(elsewhere.getByTestId("sync-status")).toHaveText("Synced", { timeout: 15_000 });
  // The library's count, served before the sending, is read again once the notes are in (it had said the old count until a reload).
  await expect(elsewhere.locator(`[data-reading-slug="${ARTICLE.slug}"] .library__meta`)).toContainText(`${before + 2} annotations`);
  const listed = (await (await context.request.get(`/api/documents/${ARTICLE.slug}/annotations?author=me&limit=100`)).json()) as {
    items: (Listed & { replyCount?: number })[];
  };
  expect(listed.items.map((item) => item.body).sort()).toEqual(["Also on the train.", "Written on the train."]);
  const thread = (await (
    await context.request.get(`/api/annotations/${listed.items.find((item) => item.body === "Also on the train.")!.id}`)
  ).json()) as {
    replies: Listed[];
  };
  expect(thread.replies.map((reply) => reply.body)).toEqual(["And a reply to it."]);
  // Nothing is left on the device to send a second time when the reading opens.
  await elsewhere.goto(ARTICLE_PATH);
  const written = listed.items.find((item) => item.body === "Written on the train.")!;
  await expect(elsewhere.locator(`mark[data-annotation-id="${written.id}"]`).first()).toBeAttached();
  await expect.poll(() => elsewhere.evaluate(() => document.documentElement.dataset.hydratedAt ?? null)).not.toBeNull();
  await expect(elsewhere.getByTestId("sync-status")).not.toContainText("waiting");
  expect((await (await context.request.get(`/api/documents/${ARTICLE.slug}/annotations?author=me&limit=100`)).json()).items).toHaveLength(
    2,
  );
  await context.close();
});

test("a reader who keeps readings finds My notes offline too, as at their last visit, and from the offline page", async ({ browser }) => {
  const reader = await createPerson(browser, "offline-notes", PHONE);
  const { page, context } = reader;
  await annotate<Listed>(reader, "private", { at: "This distinction matters.", body: "A note to read on the train." });
  await openControlledByServiceWorker(page);
  await page.getByRole("button", { name: "Keep offline" }).tap();
  await expect(page.getByRole("button", { name: "Kept offline" })).toHaveAttribute("aria-pressed", "true");

  await page.goto("/notes");
  await expect(page.getByText("A note to read on the train.")).toBeVisible();
  await expect
    .poll(() => page.evaluate(async () => (await (await caches.open("marginalia-kept")).match("/notes")) !== undefined))
    .toBe(true);

  await context.setOffline(true);
  await page.reload();
  await expect(page.getByRole("heading", { level: 1, name: "My notes" })).toBeVisible();
  await expect(page.getByText("A note to read on the train.")).toBeVisible();
  // A page not kept answers with the offline page, which lists the kept readings and My notes.
  await page.goto("/groups");
  const kept = page.getByRole("region", { name: "Kept on this device" });
  await expect(kept.getByRole("link", { name: "My notes" })).toBeVisible();
  await expect(kept).toContainText("as they were at your last visit online");
  // Changes on the device are said here too (the page has no header of the reader's): one waiting, one refused.
  await expect(page.getByTestId("offline-unsent")).toHaveCount(0);
  await page.evaluate(
    (key) =>
      new Promise<void>((resolve, reject) => {
        const open = indexedDB.open("marginalia-offline", 1);
        open.onsuccess = () => {
          const entries = [
            { kind: "delete", token: "waiting-1", id: "a-1" },
            { kind: "update", token: "refused-1", id: "a-2", patch: { body: "x" }, refused: { message: "Gone.", status: 404 } },
          ];
          const put = open.result.transaction("outbox", "readwrite").objectStore("outbox").put({ key, entries });
          put.onsuccess = () => resolve();
          put.onerror = () => reject(put.error);
        };
        open.onerror = () => reject(open.error);
      }),
    `marginalia:outbox:${reader.id}:${ARTICLE.slug}`,
  );
  await page.reload();
  await expect(page.getByTestId("offline-unsent")).toHaveText(
    "1 change waiting on this device: sent as soon as you are back online. 1 change not saved: listed in My notes, to copy or discard.",
  );
  await context.close();
});

test("an open assignment's reading is kept without asking and opens offline; once I am out of the group it leaves the device at the next sync", async ({
  browser,
}) => {
  test.setTimeout(45_000);
  const teacher = await createPerson(browser, "offline-teacher");
  const student = await createPerson(browser, "offline-student", PHONE);
  const group = await createGroup(teacher, { members: { member: [student] } });
  const text = "Tides rise twice a day on most coasts. The moon pulls the water, and the earth turns beneath it.";
  const created = await teacher.context.request.post("/api/documents", {
    data: { text, title: `Tides ${group.name}`, visibility: "group", groupId: group.id },
  });
  expect(created.status()).toBe(201);
  const { slug } = (await created.json()) as { slug: string };
  const start = text.indexOf("The moon pulls");
  const { quote, position } = describeTextRange(text, start, start + "The moon pulls".length);
  const note = await teacher.context.request.post(`/api/documents/${slug}/annotations`, {
    data: { target: { selector: [quote, position] }, body: "Why twice?", visibility: { group: group.id } },
  });
  expect(note.status()).toBe(201);
  const { id: noteId } = (await note.json()) as { id: string };
  const assigned = await teacher.context.request.post(`/api/groups/${group.id}/assignments`, {
    data: {
      document: slug,
      title: "Read about tides",
      dueAt: new Date(Date.now() + 86_400_000).toISOString(),
      expectations: { annotations: 1, replies: 0 },
    },
  });
  expect(assigned.status()).toBe(201);

  // The student only visits the library (the worker in control): the assigned reading is kept.
  const { page, context } = student;
  await page.goto("/");
  const item = page.locator(`[data-reading-slug="${slug}"]`);
  // Said once, by the visit that kept it.
  await expect(page.locator(".kept-marks")).toHaveText("The reading of an open assignment was kept on this device, to read offline.", {
    timeout: 15_000,
  });
  await expect(item.locator(".library__kept")).toBeVisible();
  // Once the service worker controls the page, the kept reading is what offline navigation finds.
  await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
  await page.reload();
  await expect(item.locator(".library__kept")).toBeVisible({ timeout: 15_000 });

  // Offline, never opened before: it opens from the device with the group's highlight and hydrates.
  await context.setOffline(true);
  await page.goto(`/read/${slug}`);
  await expect(page.getByRole("heading", { level: 1, name: `Tides ${group.name}` })).toBeVisible();
  await expect(page.locator(`mark[data-annotation-id="${noteId}"]`).first()).toBeAttached();
  await expect.poll(() => page.evaluate(() => document.documentElement.dataset.hydratedAt ?? null)).not.toBeNull();
  await expect(page.getByRole("button", { name: "Kept offline" })).toHaveAttribute("aria-pressed", "true");

  // The teacher removes the student; back online, the next sync (the library) takes it off the device.
  const removed = await teacher.context.request.delete(`/api/groups/${group.id}/members/${student.id}`);
  expect(removed.ok(), await removed.text()).toBe(true);
  await context.setOffline(false);
  // CI once got a page here that was not the library (no trace said which). One way it can happen:
  // Playwright gives the page its network back before the service worker's, and a reload on the
  // page's "online" event met the offline page 1 time in 3 here. So the test loads the library until
  // it is the library, and says what it got instead if it never is. Only the library syncs: a page in
  // between removes nothing.
  await expect(async () => {
    await page.goto("/");
    await expect(page.locator("h1").first()).toHaveText("Library", { timeout: 2_000 });
  }).toPass({ timeout: 20_000 });
  await expect(page.locator(".kept-marks")).toHaveText("1 kept reading you can no longer open was removed from this device.");
  const left = await page.evaluate(
    async (path) => ({
      cached: (await (await caches.open("marginalia-kept")).match(path)) !== undefined,
      records: await new Promise<number>((resolve, reject) => {
        const open = indexedDB.open("marginalia-offline");
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const count = open.result.transaction("readings").objectStore("readings").count();
          count.onsuccess = () => resolve(count.result);
        };
      }),
    }),
    `/read/${slug}`,
  );
  expect(left).toEqual({ cached: false, records: 0 });
  await Promise.all([context.close(), teacher.context.close()]);
});

test("a reading kept for an assignment leaves the device once the assignment closes; one I kept myself stays", async ({ browser }) => {
  test.setTimeout(45_000);
  const teacher = await createPerson(browser, "closing-teacher");
  const student = await createPerson(browser, "closing-student", PHONE);
  const group = await createGroup(teacher, { members: { member: [student] } });
  const reading = async (title: string) => {
    const created = await teacher.context.request.post("/api/documents", {
      data: {
        text: `${title}: the tide comes in, and the tide goes out.`,
        title: `${title} ${group.name}`,
        visibility: "group",
        groupId: group.id,
      },
    });
    expect(created.status()).toBe(201);
    const { slug } = (await created.json()) as { slug: string };
    const assigned = await teacher.context.request.post(`/api/groups/${group.id}/assignments`, {
      data: { document: slug, title, dueAt: new Date(Date.now() + 86_400_000).toISOString(), expectations: { annotations: 1, replies: 0 } },
    });
    expect(assigned.status()).toBe(201);
    return { slug, assignmentId: ((await assigned.json()) as { id: string }).id };
  };
  const auto = await reading("Kept for me");
  const mine = await reading("Kept by me");
  const { page } = student;

  // One the student keeps from its page, before any library visit; the other the library keeps.
  await page.goto(`/read/${mine.slug}`);
  await page.getByRole("button", { name: "Keep offline" }).tap();
  await expect(page.getByRole("button", { name: "Kept offline" })).toHaveAttribute("aria-pressed", "true");
  await page.goto("/");
  await expect(page.locator(".kept-marks")).toHaveText("The reading of an open assignment was kept on this device, to read offline.", {
    timeout: 15_000,
  });
  const keptSlugs = () =>
    page.evaluate(
      () =>
        new Promise<string[]>((resolve, reject) => {
          const open = indexedDB.open("marginalia-offline");
          open.onerror = () => reject(open.error);
          open.onsuccess = () => {
            const all = open.result.transaction("readings").objectStore("readings").getAll();
            all.onsuccess = () => resolve((all.result as { slug: string }[]).map((kept) => kept.slug).sort());
          };
        }),
    );
  expect(await keptSlugs()).toEqual([auto.slug, mine.slug].sort());

  // The teacher closes both assignments; the next library visit lets go of the one kept for it.
  for (const { assignmentId } of [auto, mine]) {
    const closed = await teacher.context.request.patch(`/api/assignments/${assignmentId}`, { data: { closed: true } });
    expect(closed.ok(), await closed.text()).toBe(true);
  }
  await page.goto("/");
  await expect(page.locator(".kept-marks")).toHaveText(
    "The reading of an assignment that is no longer open was removed from this device.",
    {
      timeout: 15_000,
    },
  );
  expect(await keptSlugs()).toEqual([mine.slug]);
  expect(
    await page.evaluate(async (path) => (await (await caches.open("marginalia-kept")).match(path)) !== undefined, `/read/${auto.slug}`),
  ).toBe(false);
  await Promise.all([student.context.close(), teacher.context.close()]);
});

test("the network going away before the annotation list's code arrives leaves the page working: the list waits, then appears once it is back", async ({
  browser,
}) => {
  // No service worker: it would answer from its cache, and this is about a first visit on a bad line.
  const reader = await createPerson(browser, "patchy-line", { serviceWorkers: "block" });
  const { page } = reader;
  // The scripts the page's HTML names load; every chunk asked for after them (the lazily loaded
  // parts) fails, as on a train, until the line comes back.
  const created = await reader.context.request.post("/api/documents", {
    data: { text: "A short reading on a bad line.\n\nIts second paragraph.", title: "On the train" },
  });
  expect(created.status(), await created.text()).toBe(201);
  const path = `/read/${((await created.json()) as { slug: string }).slug}`;
  const html = await (await reader.context.request.get(path)).text();
  // Named by its script tags or its inline server-components payload (the layouts' client parts): first-load JS.
  const firstScripts = new Set(html.match(/\/_next\/static\/chunks\/[\w.-]+\.js/g));
  let isLineDown = true;
  let listRefused = 0; // the requests for the annotation list's own chunk, known by its words
  await page.route("**/_next/static/chunks/**", async (route) => {
    const isFirst = firstScripts.has(new URL(route.request().url()).pathname);
    if (isFirst || !isLineDown) return route.continue();
    const code = await (await route.fetch()).text();
    if (code.includes("No annotations match these filters")) listRefused += 1;
    return route.abort("internetdisconnected");
  });
  await page.goto(path);
  await expect.poll(() => page.evaluate(() => document.documentElement.dataset.hydratedAt ?? null)).not.toBeNull();
  // Asked for, refused, and asked for again for seconds (the bundler's runtime tries twice, then
  // lazyPart goes on): the list keeps waiting, the page reads on.
  await expect.poll(() => listRefused, { timeout: 10_000 }).toBeGreaterThan(3);
  await expect(page.getByText("Loading annotations…")).toBeVisible();
  await expect(page.getByText("could not load")).toHaveCount(0);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("On the train");
  await expect(page.getByText("This page couldn’t load")).toHaveCount(0);

  isLineDown = false;
  await page.evaluate(() => window.dispatchEvent(new Event("online")));
  await expect(page.getByText("No annotations yet. Select text to highlight it")).toBeVisible();
  await expect(page.getByText("Loading annotations…")).toHaveCount(0);
});
