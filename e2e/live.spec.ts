import { expect, test, type Browser, type BrowserContext, type Page } from "./test";
import { annotate, createGroup, createPerson, joinGroup, reply, type Person } from "./factories";
import { ARTICLE_PATH, expectNoAxeViolations, scrollSidebarUntil, selectLikeLongPress } from "./fixtures";

// Two members of one group, each with the article open in a browser context of their own, on the
// real server and its real stream. Group notes are seen by the group only, and each test makes its
// own group, but each still annotates passages of its own (tests run in parallel on one database).

// Two people signing up, a group, two pages on the stream: more than the default 30 s on a busy
// two-core machine running the suite in parallel.
test.describe.configure({ timeout: 60_000 });

type Member = Person;

async function twoMembers(browser: Browser) {
  const a = await createPerson(browser, "live-a");
  const b = await createPerson(browser, "live-b");
  const group = await createGroup(a, { name: `Seminar ${Date.now().toString(36)}`, members: { member: [b] } });
  return { a, b, group };
}

const sidebarOf = (page: Page) => page.getByRole("complementary", { name: "Annotations" });
const cardOf = (page: Page, text: string) => sidebarOf(page).locator(".annotation-card").filter({ hasText: text });
const markOf = (page: Page, id: string) => page.locator(`.reader__body mark[data-annotation-id="${id}"]`);
const readingNow = (page: Page) => sidebarOf(page).getByRole("list", { name: "Reading now" });

/** Opens the article and waits until the stream is connected (presence arrives on connect; until then the line says "Counting who…"). */
async function openArticle(member: Member, groupName: string) {
  await member.page.goto(ARTICLE_PATH);
  await expect(readingNow(member.page)).toContainText(`from ${groupName} are reading now`);
}

async function closeAll(...contexts: BrowserContext[]) {
  await Promise.all(contexts.map((context) => context.close()));
}

test("a group annotation, its edit and its delete reach the other member live; a private note never does", async ({ browser }) => {
  const { a, b, group } = await twoMembers(browser);
  await openArticle(a, group.name);
  await openArticle(b, group.name);
  const unique = Date.now().toString(36);

  const private_ = await annotate(a.context, "private", { at: "administrative weakness", body: `Only mine ${unique}` });
  const shared = await annotate(a.context, { group: group.id }, { at: "sustained observation", body: `For the seminar ${unique}` });

  // B: highlight painted and card shown, without a reload; announced politely.
  await expect(markOf(b.page, shared.id)).toBeVisible();
  await expect(cardOf(b.page, `For the seminar ${unique}`)).toHaveCount(1);
  await expect(b.page.locator("[role=status][aria-live=polite]").filter({ hasText: `${a.user.name} added an annotation` })).toHaveCount(1);
  // The private note was written first, so it would have arrived first: it never does.
  await expect(markOf(b.page, private_.id)).toHaveCount(0);
  await expect(b.page.getByText(`Only mine ${unique}`)).toHaveCount(0);

  // A's own page (another "tab" of A's) shows both, each exactly once.
  await expect(cardOf(a.page, `For the seminar ${unique}`)).toHaveCount(1);
  await expect(cardOf(a.page, `Only mine ${unique}`)).toHaveCount(1);

  // An edit by A reaches B.
  const patched = await a.context.request.patch(`/api/annotations/${shared.id}`, { data: { body: `Edited for the seminar ${unique}` } });
  expect(patched.status()).toBe(200);
  await expect(cardOf(b.page, `Edited for the seminar ${unique}`)).toHaveCount(1);
  await expect(cardOf(b.page, `For the seminar ${unique}`).filter({ hasNotText: "Edited" })).toHaveCount(0);

  // A delete by A reaches B: card and highlight are gone.
  expect((await a.context.request.delete(`/api/annotations/${shared.id}`)).status()).toBe(200);
  await expect(cardOf(b.page, `Edited for the seminar ${unique}`)).toHaveCount(0);
  await expect(markOf(b.page, shared.id)).toHaveCount(0);
  await expect(markOf(a.page, shared.id)).toHaveCount(0);

  await expect(b.page.getByText(`Only mine ${unique}`)).toHaveCount(0);
  await closeAll(a.context, b.context);
});

test("a member removed while reading the group's reading is told it is no longer open to them, instead of reconnecting for ever", async ({
  browser,
}) => {
  const { a, b, group } = await twoMembers(browser);
  const created = await a.context.request.post("/api/documents", {
    data: {
      text: "The seminar's own reading, for its members only.",
      title: `Members only ${group.name}`,
      visibility: "group",
      groupId: group.id,
    },
  });
  expect(created.status()).toBe(201);
  const { slug } = (await created.json()) as { slug: string };
  await b.page.goto(`/read/${slug}`);
  await expect(readingNow(b.page)).toContainText(`from ${group.name}`);

  expect((await a.context.request.delete(`/api/groups/${group.id}/members/${b.id}`)).status()).toBe(200);
  // The stream ends at the next access check (every 15 s); the page asks for the reading, is refused, and says so.
  await expect(sidebarOf(b.page).getByRole("status").filter({ hasText: "This reading is no longer open to you" })).toBeVisible({
    timeout: 40_000,
  });
  await expect(b.page.getByText("Reconnecting…")).toHaveCount(0);
  await closeAll(a.context, b.context);
});

test("a resolution and an instructor's hide reach the group live: the author is told, a member loses it", async ({ browser }) => {
  // `a` made the group, so `a` owns it (staff); `b` writes; `c` is another member.
  const { a, b, group } = await twoMembers(browser);
  const c = await createPerson(browser, "live-c");
  await joinGroup(c, group);
  for (const member of [a, b, c]) await openArticle(member, group.name);
  const unique = Date.now().toString(36);

  const note = await annotate(b.context, { group: group.id }, { at: "de facto government", body: `Worth a debate ${unique}` });
  for (const member of [a, c]) await expect(cardOf(member.page, `Worth a debate ${unique}`)).toHaveCount(1);

  // The thread's author resolves it: everyone's card says so, without a reload.
  expect((await b.context.request.patch(`/api/annotations/${note.id}`, { data: { resolved: true } })).status()).toBe(200);
  for (const member of [a, c]) await expect(cardOf(member.page, `Worth a debate ${unique}`).getByText("Resolved")).toBeVisible();

  // The owner hides it: gone for the other member (card and highlight), the author is told why,
  // and the owner keeps seeing it.
  expect((await a.context.request.post(`/api/annotations/${note.id}/hide`)).status()).toBe(200);
  await expect(cardOf(c.page, `Worth a debate ${unique}`)).toHaveCount(0);
  await expect(markOf(c.page, note.id)).toHaveCount(0);
  await expect(cardOf(b.page, `Worth a debate ${unique}`).getByText("Hidden by an instructor")).toBeVisible();
  await expect(cardOf(a.page, `Worth a debate ${unique}`)).toHaveCount(1);

  // Restored: back for the member, live.
  expect((await a.context.request.delete(`/api/annotations/${note.id}/hide`)).status()).toBe(200);
  await expect(cardOf(c.page, `Worth a debate ${unique}`)).toHaveCount(1);
  await expect(markOf(c.page, note.id)).toBeVisible();
  await closeAll(a.context, b.context, c.context);
});

test("my annotation made in this page arrives once, though the stream echoes it", async ({ browser }) => {
  const { a, b, group } = await twoMembers(browser);
  await openArticle(a, group.name);
  await openArticle(b, group.name);
  const unique = Date.now().toString(36);
  const paragraph = a.page.locator(".reader__body p").filter({ hasText: "reporting cycles" });
  await paragraph.getByRole("button", { name: /^Annotate paragraph/ }).click();
  await a.page.getByLabel("Comment").fill(`Whole paragraph ${unique}`);
  await a.page.getByLabel("Who can see this").selectOption({ label: `Group: ${group.name}` });
  await a.page.getByRole("button", { name: "Save", exact: true }).click();
  await expect(cardOf(b.page, `Whole paragraph ${unique}`)).toHaveCount(1);
  // A barrier: B's later note reaches A's page after the echo of A's own (one stream, in event order).
  await annotate(b.context, { group: group.id }, { at: "border stability", body: `After the echo ${unique}` });
  await expect(cardOf(a.page, `After the echo ${unique}`)).toHaveCount(1);
  await expect(cardOf(a.page, `Whole paragraph ${unique}`)).toHaveCount(1);
  await closeAll(a.context, b.context);
});

test("queue mode: others' annotations wait behind “1 new — show”; mine apply at once", async ({ browser }) => {
  const { a, b, group } = await twoMembers(browser);
  await b.page.goto("/settings");
  await b.page.getByLabel("Wait until I choose to show them").check();
  await b.page.getByRole("button", { name: "Save settings" }).click();
  await expect(b.page.getByText("Settings saved.")).toBeVisible();
  await b.page.reload();
  await expect(b.page.getByLabel("Wait until I choose to show them")).toBeChecked();

  await openArticle(b, group.name);
  await openArticle(a, group.name);
  const unique = Date.now().toString(36);
  const theirs = await annotate(a.context, { group: group.id }, { at: "bilateral relationship", body: `Queued ${unique}` });

  const show = sidebarOf(b.page).getByRole("button", { name: "1 new — show" });
  await expect(show).toBeVisible();
  await expect(markOf(b.page, theirs.id)).toHaveCount(0);
  await expect(cardOf(b.page, `Queued ${unique}`)).toHaveCount(0);

  // B's own change (from another tab: the API with B's cookies) does not wait.
  const mine = await annotate(b.context, { group: group.id }, { at: "coercive capacity", body: `Mine at once ${unique}` });
  await expect(markOf(b.page, mine.id)).toBeVisible();
  await expect(show).toHaveText("1 new — show");
  await expectNoAxeViolations(b.page);

  // Keyboard: the button, then Enter; the highlight is painted and focus stays in the sidebar.
  await show.focus();
  await b.page.keyboard.press("Enter");
  await expect(markOf(b.page, theirs.id)).toBeVisible();
  await expect(cardOf(b.page, `Queued ${unique}`)).toHaveCount(1);
  await expect(show).toHaveCount(0);
  await expect(sidebarOf(b.page).getByRole("heading", { name: "Annotations" })).toBeFocused();

  // Two more, then "2 new".
  await annotate(a.context, { group: group.id }, { at: "regional perceptions", body: `Second ${unique}` });
  await annotate(a.context, { group: group.id }, { at: "ideological unity", body: `Third ${unique}` });
  await expect(sidebarOf(b.page).getByRole("button", { name: "2 new — show" })).toBeVisible();
  await closeAll(a.context, b.context);
});

test("my helpful mark, given or taken back in one tab, shows in my other tab; the author is told only the count", async ({ browser }) => {
  const { a, b, group } = await twoMembers(browser);
  const unique = Date.now().toString(36);
  await annotate(a.context, { group: group.id }, { at: "most pressing concerns", body: `Worth a mark ${unique}` });
  await openArticle(a, group.name);
  await openArticle(b, group.name);
  const secondTab = await b.context.newPage();
  await openArticle({ ...b, page: secondTab }, group.name);
  const helpfulIn = (page: Page) => cardOf(page, `Worth a mark ${unique}`).getByRole("button", { name: /^Helpful/ });

  await helpfulIn(b.page).click();
  await expect(helpfulIn(b.page)).toHaveAttribute("aria-pressed", "true");
  await expect(helpfulIn(secondTab)).toHaveAttribute("aria-pressed", "true");
  await expect(helpfulIn(secondTab)).toContainText("Helpful · 1");
  await expect(cardOf(a.page, `Worth a mark ${unique}`)).toContainText("1 found it helpful");

  await helpfulIn(secondTab).click();
  await expect(helpfulIn(secondTab)).toHaveAttribute("aria-pressed", "false");
  await expect(helpfulIn(b.page)).toHaveAttribute("aria-pressed", "false");
  await expect(helpfulIn(b.page)).toContainText("Helpful · 0");
  await closeAll(a.context, b.context);
});

test("a reply reaches the open thread and the reply count; my own reply from the page counts once", async ({ browser }) => {
  const { a, b, group } = await twoMembers(browser);
  const unique = Date.now().toString(36);
  const root = await annotate(b.context, { group: group.id }, { at: "stable pattern", body: `Thread ${unique}` });
  await openArticle(a, group.name);
  await openArticle(b, group.name);
  const bCard = cardOf(b.page, `Thread ${unique}`);
  await bCard.locator(".annotation-card__summary").click();
  await expect(bCard.getByRole("list", { name: "Replies" })).toBeAttached();

  const reply = await a.context.request.post(`/api/annotations/${root.id}/replies`, { data: { body: `A reply ${unique}` } });
  expect(reply.status()).toBe(201);
  await expect(bCard.getByRole("list", { name: "Replies" })).toContainText(`A reply ${unique}`);
  await expect(bCard.locator(".annotation-card__replies-count")).toHaveText(/^1 reply\b/);
  await expect(cardOf(a.page, `Thread ${unique}`).locator(".annotation-card__replies-count")).toHaveText(/^1 reply\b/);

  // B replies from the page: the POST's answer and the stream's echo make one reply, counted once.
  await bCard.getByLabel("Reply", { exact: true }).fill(`My answer ${unique}`);
  await bCard.getByRole("button", { name: "Send reply" }).click();
  await expect(bCard.getByRole("list", { name: "Replies" }).getByText(`My answer ${unique}`)).toHaveCount(1);
  await expect(cardOf(a.page, `Thread ${unique}`).locator(".annotation-card__replies-count")).toHaveText(/^2 replies\b/);
  // A barrier: A's later note reaches B's page after the echo of B's reply (one stream, in event order).
  await annotate(a.context, { group: group.id }, { at: "security failure", body: `After the reply's echo ${unique}` });
  await expect(cardOf(b.page, `After the reply's echo ${unique}`)).toHaveCount(1);
  await expect(bCard.locator(".annotation-card__replies-count")).toHaveText(/^2 replies\b/);
  await expect(bCard.getByRole("list", { name: "Replies" }).getByText(`My answer ${unique}`)).toHaveCount(1);
  await closeAll(a.context, b.context);
});

test("the live bar holds the count's place from the server's HTML, so the sidebar does not move when it arrives", async ({ browser }) => {
  const a = await createPerson(browser, "live-bar");
  // A name too long for one line: the placeholder and the count differ in length, and wrapped they
  // took different numbers of lines (the bar moved by a line for some names and not others).
  const group = await createGroup(a, { name: `Seminar on the Taliban, the TTP and Pakistan's policy ${Date.now().toString(36)}` });
  // The server's HTML alone (no script, so no stream): a line per group, busy.
  const served = await browser.newContext({ javaScriptEnabled: false, storageState: await a.context.storageState() });
  const page = await served.newPage();
  await page.goto(ARTICLE_PATH);
  await expect(readingNow(page)).toHaveText(`Counting who from ${group.name} is reading now…`);
  await expect(readingNow(page)).toHaveAttribute("aria-busy", "true");
  const held = await page.locator(".live-bar").boundingBox();
  // Live: the count takes the line's place, and the bar keeps its height.
  await openArticle(a, group.name);
  await expect(readingNow(a.page)).toHaveAttribute("aria-busy", "false");
  expect((await a.page.locator(".live-bar").boundingBox())?.height).toBe(held?.height);
  await closeAll(served, a.context);
});

test("on a reading no group can open, no group is counted: not in the server's HTML, not once live", async ({ browser }) => {
  // A member of a group, on a reading of their own that they keep private: "Only you from Seminar
  // are reading now" told of a group that cannot read along.
  const a = await createPerson(browser, "live-private");
  const group = await createGroup(a, { name: `Seminar ${Date.now().toString(36)}` });
  const created = await a.context.request.post("/api/documents", { data: { text: "Mine alone, for now.", title: "Draft notes" } });
  expect(created.status()).toBe(201);
  const { slug } = (await created.json()) as { slug: string };

  const served = await browser.newContext({ javaScriptEnabled: false, storageState: await a.context.storageState() });
  const html = await served.newPage();
  await html.goto(`/read/${slug}`);
  await expect(html.getByRole("heading", { level: 1, name: "Draft notes" })).toBeVisible();
  await expect(readingNow(html)).toHaveCount(0);
  // The control: the article is public, and the same HTML names the group there.
  await html.goto(ARTICLE_PATH);
  await expect(readingNow(html)).toHaveText(`Counting who from ${group.name} is reading now…`);

  // Live: the stream opens, and its first presence (sent on connect) names no group either.
  const stream = a.page.waitForResponse((response) => new URL(response.url()).pathname === `/api/documents/${slug}/events`);
  await a.page.goto(`/read/${slug}`);
  expect((await stream).status()).toBe(200);
  await a.page.waitForTimeout(1_500); // a presence round (PRESENCE_EVERY_MS) past the connection
  await expect(readingNow(a.page)).toHaveCount(0);
  await closeAll(served, a.context);
});

test("presence: two readers of the group, then one when the other closes the page", async ({ browser }) => {
  const { a, b, group } = await twoMembers(browser);
  await openArticle(a, group.name);
  await openArticle(b, group.name);
  await expect(readingNow(b.page)).toContainText(`You and 1 other from ${group.name} are reading now`);
  await expect(readingNow(a.page)).toContainText(`You and 1 other from ${group.name} are reading now`);
  await expect(sidebarOf(b.page).getByText("Reconnecting…")).toHaveCount(0);
  await expectNoAxeViolations(b.page);

  await a.page.close();
  await expect(readingNow(b.page)).toContainText(`Only you from ${group.name} are reading now`, { timeout: 20_000 });
  await closeAll(a.context, b.context);
});

test("after a network drop, what was missed arrives without a reload", async ({ browser }) => {
  const { a, b, group } = await twoMembers(browser);
  await openArticle(a, group.name);
  await openArticle(b, group.name);
  const unique = Date.now().toString(36);
  await b.page.evaluate(() => ((window as unknown as { notReloaded: boolean }).notReloaded = true));

  await b.context.setOffline(true);
  await expect(sidebarOf(b.page).getByText("Reconnecting…")).toBeVisible();
  const missed = await annotate(a.context, { group: group.id }, { at: "reporting cycles", body: `While you were away ${unique}` });
  // A barrier: the stream has sent it to A's open page; B, offline, still has not got it.
  await expect(markOf(a.page, missed.id)).toBeVisible();
  await expect(markOf(b.page, missed.id)).toHaveCount(0);

  await b.context.setOffline(false);
  await expect(markOf(b.page, missed.id)).toBeVisible();
  await expect(cardOf(b.page, `While you were away ${unique}`)).toHaveCount(1);
  await expect(sidebarOf(b.page).getByText("Reconnecting…")).toHaveCount(0);
  expect(await b.page.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded)).toBe(true);
  await closeAll(a.context, b.context);
});

test("a classmate's annotation painted live into the paragraph I am selecting leaves my selection as it was", async ({ browser }) => {
  const { a, b, group } = await twoMembers(browser);
  await openArticle(a, group.name);
  await openArticle(b, group.name);
  // B selects words of a paragraph (the toolbar shows for it).
  const selected = "Senior Pakistani officials";
  const toolbar = await selectLikeLongPress(b.page, selected);
  // A annotates other words of the same paragraph; B's page repaints that paragraph.
  const shared = await annotate(a.context, { group: group.id }, { at: "Defence Minister Khawaja Muhammad Asif", body: "Who said it" });
  await expect(markOf(b.page, shared.id)).toBeVisible();
  expect(await b.page.evaluate(() => document.getSelection()?.toString())).toBe(selected);
  await expect(toolbar).toBeVisible();
  await closeAll(a.context, b.context);
});

test("two tabs edit one note: the later save is told the other tab's words; two edits in one tab are no conflict", async ({ browser }) => {
  const { page: first, context } = await createPerson(browser, "two-tabs");
  const unique = Date.now().toString(36);
  const note = await annotate(context, "private", { at: "administrative weakness", body: `Before ${unique}` });
  const stored = async () => ((await (await context.request.get(`/api/annotations/${note.id}`)).json()) as { body: string }).body;
  const second = await context.newPage();
  for (const page of [first, second]) {
    await page.goto(ARTICLE_PATH);
    await page.waitForFunction(() => document.documentElement.dataset.hydratedAt !== undefined);
  }
  const edit = async (page: Page) => {
    const card = cardOf(page, unique);
    const editButton = card.getByRole("button", { name: "Edit", exact: true });
    if (!(await editButton.isVisible())) await card.getByRole("button", { expanded: false }).click();
    await editButton.click();
    return page.getByRole("form", { name: "Edit annotation" });
  };

  // Both tabs begin editing; the second saves first, and its words reach the first tab live.
  const inFirst = await edit(first);
  const inSecond = await edit(second);
  await inSecond.getByLabel("Comment").fill(`From the second tab ${unique}`);
  await inSecond.getByRole("button", { name: "Save" }).click();
  await expect(cardOf(first, `From the second tab ${unique}`)).toHaveCount(1);
  await inFirst.getByLabel("Comment").fill(`From the first tab ${unique}`);
  await inFirst.getByRole("button", { name: "Save" }).click();
  // The first tab's words replace them, and it is told what they replaced (with one press to put it back).
  const conflict = first.getByTestId("sync-conflict");
  await expect(conflict).toContainText(`From the second tab ${unique}`);
  await expect.poll(stored).toBe(`From the first tab ${unique}`);
  await conflict.getByRole("button", { name: "Keep mine" }).click();
  await expect(conflict).toHaveCount(0);

  // One tab edits again before its save is answered: the second edit replaces the reader's own
  // words, which is no conflict (the server would say 409 to a stale version).
  const refused: string[] = [];
  first.on("response", (response) => response.status() === 409 && refused.push(response.url()));
  await first.route(`**/api/annotations/${note.id}`, async (route) => {
    if (route.request().method() === "PATCH") await new Promise((resolve) => setTimeout(resolve, 1_000));
    await route.continue();
  });
  const answered = first.waitForResponse((response) => response.url().endsWith(note.id) && response.request().method() === "PATCH");
  let editor = await edit(first);
  await editor.getByLabel("Comment").fill(`Once ${unique}`);
  await editor.getByRole("button", { name: "Save" }).click();
  editor = await edit(first);
  await answered;
  await editor.getByLabel("Comment").fill(`Twice ${unique}`);
  await editor.getByRole("button", { name: "Save" }).click();
  await expect.poll(stored).toBe(`Twice ${unique}`);
  expect(refused).toEqual([]);
  await expect(conflict).toHaveCount(0);
  await context.close();
});

test("two tabs edit one reply: the later save is told the other tab's words and can put them back", async ({ browser }) => {
  const { page: first, context } = await createPerson(browser, "two-tabs-reply");
  const unique = Date.now().toString(36);
  const note = await annotate(context, "private", { at: "administrative weakness", body: `Thread ${unique}` });
  const answer = await reply<{ id: string }>(context, note.id, `Reply before ${unique}`);
  const stored = async () => ((await (await context.request.get(`/api/annotations/${answer.id}`)).json()) as { body: string }).body;
  const second = await context.newPage();
  for (const page of [first, second]) {
    await page.goto(ARTICLE_PATH);
    await page.waitForFunction(() => document.documentElement.dataset.hydratedAt !== undefined);
  }
  const editReply = async (page: Page) => {
    const card = cardOf(page, `Thread ${unique}`);
    const editButton = card.getByRole("button", { name: "Edit reply" });
    if (!(await editButton.isVisible())) await card.getByRole("button", { expanded: false }).click();
    await editButton.click();
    return card.getByRole("textbox", { name: "Edit reply" });
  };

  // Both tabs begin editing the reply; the second saves first, and its words reach the first tab live.
  const inFirst = await editReply(first);
  const inSecond = await editReply(second);
  await expect(inFirst).toHaveValue(`Reply before ${unique}`);
  await inSecond.fill(`Reply from the second tab ${unique}`);
  await cardOf(second, `Thread ${unique}`).getByRole("button", { name: "Save reply" }).click();
  await expect.poll(stored).toBe(`Reply from the second tab ${unique}`);
  await inFirst.fill(`Reply from the first tab ${unique}`);
  await cardOf(first, `Thread ${unique}`).getByRole("button", { name: "Save reply" }).click();
  // Saved over, and told so with the other words; one press puts them back. (Before: replaced silently.)
  const conflict = first.getByTestId("sync-conflict");
  await expect(conflict).toContainText("This reply was also changed on another device");
  await expect(conflict.locator("q")).toHaveText(`Reply from the second tab ${unique}`);
  await expect.poll(stored).toBe(`Reply from the first tab ${unique}`);
  await conflict.getByRole("button", { name: "Use the other version" }).click();
  await expect.poll(stored).toBe(`Reply from the second tab ${unique}`);
  await expect(conflict).toHaveCount(0);

  // Opened again, the editor starts from the words as they are now, and a plain edit is no conflict.
  const again = await editReply(first);
  await expect(again).toHaveValue(`Reply from the second tab ${unique}`);
  await again.fill(`Reply once more ${unique}`);
  await cardOf(first, `Thread ${unique}`).getByRole("button", { name: "Save reply" }).click();
  await expect.poll(stored).toBe(`Reply once more ${unique}`);
  await expect(conflict).toHaveCount(0);
  await context.close();
});

test("a reply being written in a thread its author deletes meanwhile is shown, not lost", async ({ browser }) => {
  const { a, b, group } = await twoMembers(browser);
  const unique = Date.now().toString(36);
  const note = await annotate(a.context, { group: group.id }, { at: "sustained observation", body: `Soon deleted ${unique}` });
  await openArticle(b, group.name);
  const card = cardOf(b.page, `Soon deleted ${unique}`);
  await card.getByRole("button", { expanded: false }).click();
  const words = `My half-written answer ${unique}`;
  await card.getByRole("textbox", { name: "Reply", exact: true }).fill(words);
  // Closing the card and opening it again keeps what was typed. Once, on a loaded CI machine, the
  // card never showed as closed after the closing click (the test waited its whole minute; alone it
  // passes every time): the close is tried until the card shows closed, then it is opened again.
  await expect(async () => {
    const open = card.getByRole("button", { expanded: true });
    if ((await open.count()) > 0) await open.click({ timeout: 2_000 });
    await expect(card.getByRole("button", { expanded: false })).toBeVisible({ timeout: 2_000 });
  }).toPass({ timeout: 20_000 });
  await card.getByRole("button", { expanded: false }).click();
  await expect(card.getByRole("textbox", { name: "Reply", exact: true })).toHaveValue(words);

  expect((await a.context.request.delete(`/api/annotations/${note.id}`)).status()).toBe(200);
  await expect(card).toHaveCount(0);
  const notice = b.page.getByTestId("sync-conflict");
  await expect(notice).toContainText("The annotation you were replying to was deleted or is no longer shared with you");
  await expect(notice.locator("q")).toHaveText(words);
  await notice.getByRole("button", { name: "Dismiss" }).click();
  await expect(notice).toHaveCount(0);
  await closeAll(a.context, b.context);
});

test("the header's notification count moves while a page stays open: a reply arrives, the count says so without a reload", async ({
  browser,
}) => {
  const author = await createPerson(browser, "count-author");
  const classmate = await createPerson(browser, "count-replier");
  const unique = Date.now().toString(36);
  const note = await annotate(author.context, "everyone", { at: "administrative weakness", body: `Count me ${unique}` });
  const { page } = author;
  await page.clock.install();
  await page.goto("/notes");
  const link = page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: /^Notifications/ });
  await expect(link).toHaveText("Notifications");
  await reply(classmate.context, note.id, `A reply ${unique}`);
  // A minute on, the page asks again (before: the count stayed until the next page load).
  await page.clock.fastForward(61_000);
  await expect(link).toHaveText("Notifications (1)");
  await expect(link).toHaveAccessibleName("Notifications, 1 unread");
  // Over to the notifications (the header stays drawn as it was, with 0): marking them read says 0 at once.
  await link.click();
  await page.getByRole("button", { name: "Mark all as read" }).click();
  await expect(page.getByText("All read.")).toBeVisible();
  await expect(link).toHaveText("Notifications");
  await closeAll(author.context, classmate.context);
});

/** A stranger's note shared with everyone is one choice away (not shown by default); with the whole run's notes the list is virtualized. */
async function showEveryones(page: Page, card: ReturnType<typeof cardOf>) {
  await sidebarOf(page)
    .getByRole("radio", { name: /^Anyone \(/ })
    .check();
  if ((await page.locator(".annotation-list--virtual").count()) > 0) await scrollSidebarUntil(page, card);
}

// QA round 4, #12: under a note shared with everyone signed in there are no group staff; a
// stranger's abuse under it could be neither hidden nor flagged. The note's author hides it.
test("the author of a note shared with everyone hides a stranger's reply: it leaves a reader's open page live, its writer still has it", async ({
  browser,
}) => {
  const author = await createPerson(browser, "hide-author");
  const stranger = await createPerson(browser, "hide-stranger");
  const reader = await createPerson(browser, "hide-reader");
  const unique = Date.now().toString(36);
  const note = await annotate(author.context, "everyone", { at: "recalibrated", body: `Open question ${unique}` });
  await reply(stranger.context, note.id, `Abuse ${unique}`);
  await reply(reader.context, note.id, `A kind answer ${unique}`);

  for (const { page } of [author, reader]) {
    await page.goto(ARTICLE_PATH);
    await page.waitForFunction(() => document.documentElement.dataset.hydratedAt !== undefined);
    if (page !== author.page) await showEveryones(page, cardOf(page, `Open question ${unique}`));
    await cardOf(page, `Open question ${unique}`).getByRole("button", { expanded: false }).click();
    await expect(cardOf(page, `Open question ${unique}`).getByText(`Abuse ${unique}`)).toBeVisible();
  }
  // A reader reports it: there are no group staff here, so it goes to the note's author.
  const reported = cardOf(reader.page, `Open question ${unique}`)
    .locator(".reply")
    .filter({ hasText: `Abuse ${unique}` });
  await reported.getByRole("button", { name: "Flag" }).click();
  await reported.getByLabel("Why are you flagging this?").fill("Abusive");
  await reported.getByRole("button", { name: "Send" }).click();
  await expect(reported.getByText("Flagged. The note's author will take a look (they may hide it).")).toBeVisible();
  const abuse = cardOf(author.page, `Open question ${unique}`)
    .locator(".reply")
    .filter({ hasText: `Abuse ${unique}` });
  await abuse.getByRole("button", { name: "Hide reply" }).click();
  await expect(abuse.getByText("Hidden from readers")).toBeVisible();
  // The other reader's open page loses it without a reload; the kind answer stays.
  const readersCard = cardOf(reader.page, `Open question ${unique}`);
  await expect(readersCard.getByText(`Abuse ${unique}`)).toHaveCount(0);
  await expect(readersCard.getByText(`A kind answer ${unique}`)).toBeVisible();
  await expect(readersCard.locator(".annotation-card__replies-count")).toContainText("1 reply");
  // Its writer still reads it, told why no one else does.
  await stranger.page.goto(ARTICLE_PATH);
  await stranger.page.waitForFunction(() => document.documentElement.dataset.hydratedAt !== undefined);
  await showEveryones(stranger.page, cardOf(stranger.page, `Open question ${unique}`));
  await cardOf(stranger.page, `Open question ${unique}`).getByRole("button", { expanded: false }).click();
  const own = cardOf(stranger.page, `Open question ${unique}`)
    .locator(".reply")
    .filter({ hasText: `Abuse ${unique}` });
  await expect(own.getByText("Hidden by the note's author: others no longer see it.")).toBeVisible();
  await expect(own.getByRole("button", { name: "Hide reply" })).toHaveCount(0);
  // Restored: back on the reader's page, live.
  await abuse.getByRole("button", { name: "Show reply again" }).click();
  await expect(readersCard.getByText(`Abuse ${unique}`)).toBeVisible();
  await closeAll(author.context, stranger.context, reader.context);
});
