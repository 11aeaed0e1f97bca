// Issue 16, "First use without surprises": the class workflow as a new instructor (1280 px
// desktop), a student (390 px touch phone) and a private note-taker (dark mode) meet it.
import path from "node:path";
import { expect, test, type Browser, type Locator, type Page } from "./test";
import { annotate, createGroup, joinGroup, createInvite, createPerson, reply, type Person } from "./factories";
import { ARTICLE, ARTICLE_PATH, expectNoAxeViolations, scrollSidebarUntil, startNoteByTouch } from "./fixtures";

const SCREENSHOTS = path.join(__dirname, "..", "docs", "screenshots", "first-use");
const DESKTOP = { viewport: { width: 1280, height: 800 } };
const PHONE = { viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true };

// Each test walks several people through several pages on a shared machine.
test.describe.configure({ timeout: 90_000 });

const instructorAt = (browser: Browser) => createPerson(browser, "instructor", DESKTOP);
const studentAt = (browser: Browser) => createPerson(browser, "student", PHONE);

/** Opens the editor on `phrase` from the selection toolbar, by touch (after loading the article). */
async function startNote(page: Page, phrase: string) {
  await page.goto(ARTICLE_PATH);
  return startNoteByTouch(page, phrase);
}

/**
 * Taps Save and waits for the server's 201. The card shows at once (optimistic) and the editor's
 * text matches getByText too, so neither says the note is stored; a reload before the answer
 * would abort the create (and the scope it remembers).
 */
async function saveNote(page: Page, form: Locator) {
  const saved = page.waitForResponse(
    (response) => response.request().method() === "POST" && /\/api\/documents\/[^/]+\/annotations$/.test(new URL(response.url()).pathname),
  );
  await form.getByRole("button", { name: "Save" }).tap();
  expect((await saved).status()).toBe(201);
}

async function joinByInvite(student: Person, token: string, groupName: string) {
  await student.page.goto(`/invite/${token}`);
  await student.page.getByRole("button", { name: `Join ${groupName}` }).tap();
  await expect(student.page).not.toHaveURL(/\/invite\//);
}

function reviewRow(page: Page, name: string) {
  return page.getByRole("row").filter({ has: page.getByRole("rowheader").filter({ hasText: name }) });
}

test.describe("item 1: a student's first note reaches their class", () => {
  test("a member of one group writes to it by default, and the instructor's review counts it", async ({ browser }) => {
    const instructor = await instructorAt(browser);
    const group = await createGroup(instructor, { name: `Seminar ${Date.now().toString(36)}` });
    const student = await studentAt(browser);
    await joinByInvite(student, await createInvite(instructor, group), group.name);

    const form = await startNote(student.page, "This distinction matters.");
    await expect(form.getByLabel("Who can see this")).toHaveValue(`group:${group.id}`);
    await expect(form.getByLabel("Who can see this").locator("option:checked")).toHaveText(`Group: ${group.name}`);
    await form.getByLabel("Comment").fill("The distinction is the argument.");
    await expectNoAxeViolations(student.page);
    await form.getByLabel("Who can see this").scrollIntoViewIfNeeded();
    await student.page.screenshot({ path: path.join(SCREENSHOTS, "1-editor-group-default-390.png") });
    // The card shows at once (optimistic); the instructor looks once the server has answered 201.
    await saveNote(student.page, form);
    await expect(student.page.getByText("The distinction is the argument.")).toBeVisible();

    await instructor.page.goto(`/groups/${group.id}/review?document=${ARTICLE.slug}`);
    const row = reviewRow(instructor.page, student.user.name);
    await expect(row.getByRole("cell").first()).toHaveText("1");
    await expect(row.getByText(/All notes private/)).toHaveCount(0);
    await expect(instructor.page.getByText("The distinction is the argument.")).toBeVisible();
  });

  test("a student who keeps every note private is flagged on the review, and 'Only me' is then remembered", async ({ browser }) => {
    const instructor = await instructorAt(browser);
    const group = await createGroup(instructor, { name: `Seminar ${Date.now().toString(36)}` });
    const student = await studentAt(browser);
    await joinByInvite(student, await createInvite(instructor, group), group.name);

    const form = await startNote(student.page, "Such statements indicate a preference");
    await form.getByLabel("Who can see this").selectOption("private");
    await form.getByLabel("Comment").fill("Just for me, for now.");
    await saveNote(student.page, form);
    await expect(student.page.getByText("Just for me, for now.")).toBeVisible();

    // The next note starts where the last one went: a deliberate "Only me" is not overridden.
    const next = await startNote(student.page, "This distinction matters.");
    await expect(next.getByLabel("Who can see this")).toHaveValue("private");

    await instructor.page.goto(`/groups/${group.id}/review?document=${ARTICLE.slug}`);
    const row = reviewRow(instructor.page, student.user.name);
    await expect(row.getByText("All notes private (1)")).toBeVisible();
    await expect(instructor.page.getByText(`${student.user.name} has notes on this reading that only they can see.`)).toBeVisible();
    // The count, never the note.
    await expect(instructor.page.getByText("Just for me, for now.")).toHaveCount(0);
    await expectNoAxeViolations(instructor.page);
    await instructor.page.screenshot({ path: path.join(SCREENSHOTS, "1-review-all-private-1280.png"), fullPage: true });
    const phone = await instructor.context.browser()!.newContext(PHONE);
    await phone.addCookies(await instructor.context.cookies());
    const phonePage = await phone.newPage();
    await phonePage.goto(`/groups/${group.id}/review?document=${ARTICLE.slug}`);
    await expect(phonePage.getByText("All notes private (1)")).toBeVisible();
    await phonePage.screenshot({ path: path.join(SCREENSHOTS, "1-review-all-private-390.png"), fullPage: true });
    await phone.close();
  });

  test("a member of several groups is asked once where a note goes, and the answer is remembered", async ({ browser }) => {
    const instructor = await instructorAt(browser);
    const first = await createGroup(instructor, { name: `Seminar A ${Date.now().toString(36)}` });
    const second = await createGroup(instructor, { name: `Seminar B ${Date.now().toString(36)}` });
    const student = await studentAt(browser);
    await joinByInvite(student, await createInvite(instructor, first), first.name);
    await joinByInvite(student, await createInvite(instructor, second), second.name);

    const form = await startNote(student.page, "This distinction matters.");
    const scope = form.getByLabel("Who can see this");
    await expect(scope).toHaveValue("");
    await expect(form.getByText("You are in 2 groups: choose where this goes.")).toBeVisible();
    await form.getByLabel("Comment").fill("For the second seminar.");
    await expectNoAxeViolations(student.page);
    await form.getByRole("button", { name: "Save" }).tap();
    await expect(form.getByText("Choose who can see this note.")).toBeVisible();
    await expect(scope).toBeFocused();
    await student.page.screenshot({ path: path.join(SCREENSHOTS, "1-editor-choose-group-390.png") });

    await scope.selectOption(`group:${second.id}`);
    await saveNote(student.page, form);
    await expect(student.page.getByText("For the second seminar.")).toBeVisible();

    const next = await startNote(student.page, "Such statements indicate a preference");
    await expect(next.getByLabel("Who can see this")).toHaveValue(`group:${second.id}`);
    await expect(next.getByText(/choose where this goes/)).toHaveCount(0);
  });
});

test.describe("item 2: hide until you post says so, never hides the instructor nor me, and lifts live", () => {
  test("a student on a phone sees the prompt and their own reply, the count to go, and the group's notes the moment they post", async ({
    browser,
  }) => {
    const instructor = await instructorAt(browser);
    const group = await createGroup(instructor, { name: `Gated ${Date.now().toString(36)}`, hideUntilPostCount: 1 });
    const prompt = await annotate(instructor, { group: group.id }, { at: "This distinction matters.", body: "Prompt: which distinction?" });
    const peer = await createPerson(browser, "peer", DESKTOP);
    await joinGroup(peer, group);
    await annotate(peer, { group: group.id }, { at: "Such statements indicate a preference", body: "A peer's reading." });
    await reply(peer, prompt.id, "A peer's answer to the prompt.");

    const student = await studentAt(browser);
    await joinByInvite(student, await createInvite(instructor, group), group.name);
    await reply(student, prompt.id, "My answer to the prompt.");
    const { page } = student;
    await page.goto(ARTICLE_PATH);
    await page.getByRole("button", { name: /^Annotations \(\d+\)/ }).tap();
    const sidebar = page.getByRole("complementary", { name: "Annotations" });
    await expect(sidebar.getByText("Post 1 more annotation to see your group’s annotations")).toBeVisible();
    await expect(sidebar.getByText(`in ${group.name}.`, { exact: false })).toBeVisible();
    // The instructor's prompt shows, and in it my reply; the peer's note and the peer's reply wait.
    await expect(sidebar.getByText("Prompt: which distinction?")).toBeVisible();
    await expect(sidebar.getByText("A peer's reading.")).toHaveCount(0);
    await sidebar.getByRole("button", { name: /This distinction matters/ }).tap();
    await expect(sidebar.getByText("My answer to the prompt.")).toBeVisible();
    await expect(sidebar.getByText("A peer's answer to the prompt.")).toHaveCount(0);
    await expectNoAxeViolations(page);
    await sidebar.getByText("Post 1 more annotation").scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(SCREENSHOTS, "2-gate-holding-390.png") });

    // Posting (to the group, the default for a member of one group) lifts the gate at once, no reload.
    const form = await startNoteByTouch(page, "not a monolithic organization");
    await form.getByLabel("Comment").fill("My own reading first.");
    await form.getByRole("button", { name: "Save" }).tap();
    await expect(sidebar.getByText(`You can now see ${group.name}’s annotations.`)).toBeVisible();
    await expect(sidebar.getByText("Post 1 more annotation")).toHaveCount(0);
    await expect(sidebar.getByText("A peer's reading.")).toBeVisible();
    await sidebar.getByText(`You can now see`).scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(SCREENSHOTS, "2-gate-lifted-390.png") });
  });

  test("the instructor at a desktop is never gated", async ({ browser }) => {
    const instructor = await instructorAt(browser);
    const group = await createGroup(instructor, { name: `Gated ${Date.now().toString(36)}`, hideUntilPostCount: 2 });
    const student = await createPerson(browser, "student", PHONE);
    await joinByInvite(student, await createInvite(instructor, group), group.name);
    await annotate(student, { group: group.id }, { at: "This distinction matters.", body: "A student's first note." });
    await instructor.page.goto(ARTICLE_PATH);
    await expect(instructor.page.getByText("A student's first note.")).toBeVisible();
    await expect(instructor.page.getByText(/more annotations? to see/)).toHaveCount(0);
    await instructor.page.screenshot({ path: path.join(SCREENSHOTS, "2-instructor-ungated-1280.png") });
  });
});

test.describe("item 5: joining says so and leads to the reading", () => {
  test("a student on a phone joins by invitation, is told so, and taps through to what the group is reading", async ({ browser }) => {
    const instructor = await instructorAt(browser);
    const group = await createGroup(instructor, { name: `Joinable ${Date.now().toString(36)}` });
    const student = await studentAt(browser);
    const { page } = student;

    // Before anyone writes for the group, the library is where its reading starts: the readings the
    // group can open, not the student's own private ones.
    const draftTitle = `My private draft ${Date.now().toString(36)}`;
    expect((await student.context.request.post("/api/documents", { data: { text: "Only mine.", title: draftTitle } })).status()).toBe(201);
    const token = await createInvite(instructor, group);
    await joinByInvite(student, token, group.name);
    await expect(page.getByRole("status").filter({ hasText: `You joined ${group.name}.` })).toBeVisible();
    const readings = page.getByRole("region", { name: `What ${group.name} is reading` });
    await expect(readings.getByText("Nobody has written for the group yet.")).toBeVisible();
    await expect(readings.getByRole("link", { name: ARTICLE.title })).toBeVisible();
    await expect(readings.getByRole("link", { name: draftTitle })).toHaveCount(0);

    // Once the instructor has posted the reading's prompt, it is what the group is reading.
    await annotate(instructor, { group: group.id }, { at: "This distinction matters.", body: "Start here." });
    await page.goto(`/invite/${token}`);
    await expect(page.getByText("You are already a member.")).toBeVisible();
    await page.goto("/groups");
    await page.getByLabel("Join code").fill(group.joinCode.toLowerCase());
    await page.getByRole("button", { name: "Join group" }).tap();
    await expect(page.getByRole("status").filter({ hasText: `You are already in ${group.name}.` })).toBeVisible();
    await expect(readings.getByText("1 note for the group")).toBeVisible();
    await expectNoAxeViolations(page);
    await page.screenshot({ path: path.join(SCREENSHOTS, "5-joined-390.png"), fullPage: true });
    await readings.getByRole("link", { name: ARTICLE.title }).tap();
    await expect(page).toHaveURL(new RegExp(`/read/${ARTICLE.slug}$`));
    await expect(page.getByRole("heading", { level: 1 })).toBeVisible();

    // The instructor at a desktop sees the same landing.
    await instructor.page.goto(`/groups/${group.id}`);
    await expect(instructor.page.getByRole("region", { name: `What ${group.name} is reading` })).toBeVisible();
    await expectNoAxeViolations(instructor.page);
    await instructor.page.screenshot({ path: path.join(SCREENSHOTS, "5-group-page-1280.png"), fullPage: true });
  });
});

test.describe("item 8: a private note-taker sees their own notes, not strangers'", () => {
  test("in dark mode, mine and my groups' are the default; everyone's is one choice away and remembered", async ({ browser }) => {
    const unique = Date.now().toString(36);
    const stranger = await createPerson(browser, "stranger", DESKTOP);
    await annotate(stranger, "everyone", { at: "calculated tolerance", body: `Test junk ${unique}` });
    const noteTaker = await createPerson(browser, "notetaker", { ...DESKTOP, colorScheme: "dark" });
    await annotate(noteTaker, "private", { at: "divergent interests", body: `My own note ${unique}` });
    const { page } = noteTaker;
    await page.goto(ARTICLE_PATH);
    const sidebar = page.getByRole("complementary", { name: "Annotations" });
    await expect(sidebar.getByRole("radio", { name: /^Me & my groups/ })).toBeChecked();
    await expect(sidebar.getByText(`My own note ${unique}`)).toBeVisible();
    await expect(sidebar.getByText(`Test junk ${unique}`)).toHaveCount(0);
    await expect(page.locator("mark.hl--others").filter({ hasText: "calculated tolerance" })).toHaveCount(0);
    await expectNoAxeViolations(page);
    await page.screenshot({ path: path.join(SCREENSHOTS, "8-default-mine-dark-1280.png") });

    // Only my note is listed (the list is virtualized, so the count says it, not the cards mounted).
    await expect(sidebar.getByRole("radio", { name: /^Me & my groups \(1\)/ })).toBeChecked();
    await sidebar.getByRole("radio", { name: /^Anyone \(/ }).check();
    // Everyone's holds every public note of the run: scroll the list to the stranger's.
    await scrollSidebarUntil(page, sidebar.getByText(`Test junk ${unique}`));
    await expect(sidebar.getByText(`Test junk ${unique}`)).toBeVisible();
    await expect(page.locator("mark.hl--others").filter({ hasText: "calculated tolerance" })).not.toHaveCount(0);
    // Remembered for this reader: a reload (and the server-rendered page) keeps everyone's.
    await expect(async () => {
      await page.reload();
      await expect(sidebar.getByRole("radio", { name: /^Anyone \(/ })).toBeChecked({ timeout: 1_000 });
    }).toPass({ timeout: 10_000 });
    await scrollSidebarUntil(page, sidebar.getByText(`Test junk ${unique}`));
    await expect(sidebar.getByText(`Test junk ${unique}`)).toBeVisible();
    // …for this reader only: someone else still starts with their own and their groups'.
    await stranger.page.goto(ARTICLE_PATH);
    await expect(stranger.page.getByRole("radio", { name: /^Me & my groups/ })).toBeChecked();

    await sidebar.getByRole("radio", { name: /^Me & my groups/ }).check();
    await expect(async () => {
      await page.reload();
      await expect(sidebar.getByRole("radio", { name: /^Me & my groups/ })).toBeChecked({ timeout: 1_000 });
    }).toPass({ timeout: 10_000 });
    await expect(sidebar.getByText(`Test junk ${unique}`)).toHaveCount(0);

    const phone = await browser.newContext({ ...PHONE, colorScheme: "dark" });
    await phone.addCookies(await noteTaker.context.cookies());
    const phonePage = await phone.newPage();
    await phonePage.goto(ARTICLE_PATH);
    await phonePage.getByRole("button", { name: /^Annotations \(\d+\)/ }).tap();
    await expect(phonePage.getByRole("radio", { name: /^Me & my groups/ })).toBeChecked();
    await expectNoAxeViolations(phonePage);
    await phonePage.getByRole("radio", { name: /^Anyone \(/ }).scrollIntoViewIfNeeded();
    await phonePage.screenshot({ path: path.join(SCREENSHOTS, "8-default-mine-dark-390.png") });
    await phone.close();
  });
});

test.describe("item 7: delete can be undone", () => {
  test("the note-taker in dark mode deletes a thread, sees 'Deleted — Undo', and gets it back with its tags, reply and score", async ({
    browser,
  }) => {
    const unique = Date.now().toString(36);
    const instructor = await instructorAt(browser);
    const noteTaker = await createPerson(browser, "notetaker", { ...DESKTOP, colorScheme: "dark" });
    const group = await createGroup(instructor, { name: `Undo ${unique}`, members: { member: [noteTaker] } });
    const note = await annotate(
      noteTaker,
      { group: group.id },
      { at: "divergent interests", body: `Keep me ${unique}`, tags: ["evidence"] },
    );
    await reply(instructor, note.id, `A reply ${unique}`);
    const scored = await instructor.context.request.put(`/api/annotations/${note.id}/score`, { data: { points: 2 } });
    expect(scored.ok()).toBe(true);

    const { page } = noteTaker;
    await page.goto(ARTICLE_PATH);
    const card = page.locator(`#annotation-${note.id}`);
    await card.getByRole("button", { expanded: false }).click();
    await card.getByRole("button", { name: "Delete", exact: true }).click();
    const toast = page.locator(".undo-toast");
    await expect(toast).toContainText("Deleted");
    await expect(toast.getByRole("button", { name: "Undo" })).toBeVisible();
    // The pointer on the toast holds it (its time stops, WCAG 2.2.1), as for a reader who needs
    // longer: the checks and screenshot below take longer than its few seconds on a busy machine.
    await toast.hover();
    await expect(card).toContainText("This annotation was deleted");
    await expectNoAxeViolations(page);
    await page.screenshot({ path: path.join(SCREENSHOTS, "7-deleted-undo-dark-1280.png") });

    await toast.getByRole("button", { name: "Undo" }).click();
    await expect(toast).toHaveCount(0);
    await expect(card).toContainText(`Keep me ${unique}`);
    await expect(card.getByRole("list", { name: "Tags" })).toContainText("evidence");
    await expect(card).toContainText("1 reply");
    // Restored on the server, not just on this page: after a reload, and its score with it.
    await page.reload();
    await expect(page.locator(`#annotation-${note.id}`)).toContainText(`Keep me ${unique}`);
    const thread = await (await noteTaker.context.request.get(`/api/annotations/${note.id}`)).json();
    expect(thread).toMatchObject({ body: `Keep me ${unique}`, tags: ["evidence"], isDeleted: false });
    expect(thread.replies.map((item: { body: string }) => item.body)).toEqual([`A reply ${unique}`]);
    await instructor.page.goto(`/groups/${group.id}/review?document=${ARTICLE.slug}`);
    await expect(instructor.page.getByText(`Keep me ${unique}`)).toBeVisible();
    await expect(instructor.page.getByRole("row").filter({ hasText: noteTaker.user.name })).toContainText("(1 scored)");

    // Left alone, the offer goes after a few seconds, and the delete stands.
    const phone = await browser.newContext({ ...PHONE, colorScheme: "dark" });
    await phone.addCookies(await noteTaker.context.cookies());
    const phonePage = await phone.newPage();
    const other = await annotate(noteTaker, "private", { at: "calculated tolerance", body: `Let me go ${unique}` });
    await phonePage.goto(ARTICLE_PATH);
    await phonePage.getByRole("button", { name: /^Annotations \(\d+\)/ }).tap();
    const otherCard = phonePage.locator(`#annotation-${other.id}`);
    await otherCard.getByRole("button", { expanded: false }).tap();
    await otherCard.getByRole("button", { name: "Delete", exact: true }).tap();
    await expect(phonePage.locator(".undo-toast")).toBeVisible();
    await phonePage.screenshot({ path: path.join(SCREENSHOTS, "7-deleted-undo-dark-390.png") });
    await expect(phonePage.locator(".undo-toast")).toHaveCount(0, { timeout: 15_000 });
    expect((await noteTaker.context.request.get(`/api/annotations/${other.id}`)).status()).toBe(404);
    await phone.close();
  });
});
