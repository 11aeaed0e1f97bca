// Issue 16, items 6 and 10: @mentions that reach the member meant, and the smaller first-use
// details, each checked as the person who met it — a student on a 390 px touch phone, an
// instructor at a desktop, a private note-taker in dark mode.
import path from "node:path";
import { expect, test, type Browser, type BrowserContextOptions, type Locator, type Page } from "./test";
import { annotate, createGroup, createInvite, createPerson, joinGroup, reply, type Person } from "./factories";
import {
  ARTICLE,
  ARTICLE_PATH,
  expectNoAxeViolations,
  expectSignedIn,
  expectSignedOut,
  newUser,
  selectLikeLongPress,
  signIn,
  signUp,
} from "./fixtures";

const SCREENSHOTS = path.join(__dirname, "..", "docs", "screenshots", "first-use");
const DESKTOP = { viewport: { width: 1280, height: 800 } };
const PHONE = { viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true };
const DARK = { ...DESKTOP, colorScheme: "dark" as const };

test.describe.configure({ timeout: 120_000 });

const unique = () => `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;

/** A signed-up person whose name is `name` (the factories' people are all "Test <label> <id>"). */
async function personNamed(browser: Browser, name: string, options: BrowserContextOptions): Promise<Person> {
  const context = await browser.newContext(options);
  const page = await context.newPage();
  const user = { ...newUser("named"), name };
  await signUp(page, user);
  const session = (await (await context.request.get("/api/auth/session")).json()) as { user: { id: string } };
  return { user, id: session.user.id, context, page };
}

/** The same page at the other width too: `name-1280.png` and `name-390.png`. */
async function screenshotBoth(page: Page, name: string, options: { fullPage?: boolean } = {}) {
  const original = page.viewportSize()!;
  for (const width of [1280, 390]) {
    await page.setViewportSize({ width, height: width === 390 ? 844 : 800 });
    await page.screenshot({ path: path.join(SCREENSHOTS, `${name}-${width}.png`), fullPage: options.fullPage });
  }
  await page.setViewportSize(original);
}

async function openEditor(page: Page, phrase: string) {
  const toolbar = await selectLikeLongPress(page, phrase);
  const annotate = toolbar.getByRole("button", { name: /^Annotate/ });
  // By touch on a phone, by mouse at a desktop.
  if (await page.evaluate(() => navigator.maxTouchPoints > 0)) await annotate.tap();
  else await annotate.click();
  const form = page.getByRole("form", { name: "New annotation" });
  await expect(form).toBeVisible();
  return form;
}

type Notification = { kind: string; actor: { id: string }; annotation: { snippet: string } | null };
async function notificationsOf(person: Person): Promise<Notification[]> {
  return ((await (await person.context.request.get("/api/notifications")).json()) as { items: Notification[] }).items;
}

/** Whether the select's chosen option fits inside it: its text, in the select's font, plus room for the arrow. */
async function selectTextFits(select: Locator): Promise<boolean> {
  return select.evaluate((element: HTMLSelectElement) => {
    const style = getComputedStyle(element);
    const canvas = document.createElement("canvas").getContext("2d")!;
    canvas.font = `${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
    const text = element.options[element.selectedIndex]?.text ?? "";
    const room = element.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight) - 20;
    return canvas.measureText(text).width <= room;
  });
}

test.describe("item 6: @mentions offer the group's members and reach the one chosen", () => {
  test("a student on a phone types @, chooses a classmate from the list, and an unmatched @name is flagged before saving or completed", async ({
    browser,
  }) => {
    const id = unique();
    const instructor = await personNamed(browser, `Ines Park-${id}`, DESKTOP);
    const group = await createGroup(instructor, { name: `Mentions ${id}` });
    const maya = await personNamed(browser, `Maya Chen-${id}`, DESKTOP);
    const student = await personNamed(browser, `Sam Ortiz-${id}`, PHONE);
    await joinGroup(maya, group);
    await joinGroup(student, group);
    const { page } = student;
    await page.goto(ARTICLE_PATH);

    const form = await openEditor(page, "This distinction matters.");
    await expect(form.getByLabel("Who can see this")).toHaveValue(`group:${group.id}`);
    const comment = form.getByLabel("Comment");
    await comment.pressSequentially("Over to @");

    // The list: a combobox that has focus, expanded, with the group's other members as options.
    const combobox = form.getByRole("combobox", { name: "Mention" });
    await expect(combobox).toBeFocused();
    await expect(combobox).toHaveAttribute("aria-expanded", "true");
    const listbox = form.getByRole("listbox", { name: "Members who can be mentioned" });
    await expect(combobox).toHaveAttribute("aria-controls", (await listbox.getAttribute("id"))!);
    await expect(listbox.getByRole("option")).toHaveText([instructor.user.name, maya.user.name]);
    await expect(listbox.getByRole("option", { name: instructor.user.name })).toHaveAttribute("aria-selected", "true");
    await expect(combobox).toHaveAttribute("aria-activedescendant", (await listbox.getByRole("option").first().getAttribute("id"))!);
    await combobox.press("ArrowDown");
    await expect(listbox.getByRole("option", { name: maya.user.name })).toHaveAttribute("aria-selected", "true");
    await expect(combobox).toHaveAttribute("aria-activedescendant", (await listbox.getByRole("option").nth(1).getAttribute("id"))!);
    await combobox.press("ArrowDown"); // wraps round
    await expect(listbox.getByRole("option", { name: instructor.user.name })).toHaveAttribute("aria-selected", "true");
    // Typing filters: "ma" is the start of one word of Maya's name only.
    await combobox.pressSequentially("ma");
    await expect(listbox.getByRole("option")).toHaveText([maya.user.name]);
    await expectNoAxeViolations(page);
    await page.screenshot({ path: path.join(SCREENSHOTS, "6-mention-list-390.png") });
    await combobox.press("Enter");
    await expect(combobox).toHaveCount(0);
    await expect(comment).toBeFocused();
    await expect(comment).toHaveValue(`Over to @${maya.user.name} `);

    // A name that matches nobody: Escape keeps the text and goes back to the comment, not out of the editor.
    await comment.pressSequentially("and @");
    await combobox.pressSequentially("Zed");
    await expect(combobox).toHaveAttribute("aria-expanded", "false");
    await expect(form.getByText("Nobody here is called “Zed”.")).toBeVisible();
    await combobox.press("Escape");
    await expect(form).toBeVisible();
    await expect(comment).toBeFocused();
    await expect(comment).toHaveValue(`Over to @${maya.user.name} and @Zed`);
    await form.getByRole("button", { name: "Save" }).tap();
    const flagged =
      "“@Zed” is not the full name of anyone who can see this note: type @ and choose a name from the list. Save again to keep it as plain text.";
    await expect(form.getByText(flagged)).toBeVisible();
    await expect(comment).toHaveAttribute("aria-invalid", "true");
    await expect(comment).toHaveAccessibleDescription(new RegExp(flagged.slice(0, 40)));
    await expectNoAxeViolations(page);
    await page.screenshot({ path: path.join(SCREENSHOTS, "6-mention-unmatched-390.png") });
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.screenshot({ path: path.join(SCREENSHOTS, "6-mention-unmatched-1280.png") });
    await page.setViewportSize(PHONE.viewport);

    // A first name typed without the list: Maya is the only one it can mean, so one tap mentions her.
    await comment.fill("Over to @maya, what do you think?");
    await form.getByRole("button", { name: "Save" }).tap();
    await expect(form.getByText("“@maya” is not the full name of anyone who can see this note")).toBeVisible();
    await form.getByRole("button", { name: `Mention ${maya.user.name}` }).tap();
    await expect(comment).toHaveValue(`Over to @${maya.user.name}, what do you think?`);
    await expect(comment).toBeFocused();
    await expect(comment).not.toHaveAttribute("aria-invalid", "true");
    await form.getByRole("button", { name: "Save" }).tap();
    await expect(page.getByText(`what do you think?`)).toBeVisible();

    // Maya, chosen by id, is told; the instructor, not mentioned, is not.
    await expect
      .poll(async () => (await notificationsOf(maya)).map((item) => [item.kind, item.actor.id]))
      .toEqual([["mention", student.id]]);
    expect(await notificationsOf(instructor)).toEqual([]);

    // The instructor replies at a desktop and brings Maya in, by keyboard: she is told of the reply.
    // (The student, the thread's author, hears of any reply anyway: once, as a reply.)
    const note = (await (await maya.context.request.get(`/api/documents/${ARTICLE.slug}/annotations`)).json()) as {
      items: { id: string; body: string }[];
    };
    const noteId = note.items.find((item) => item.body.endsWith("what do you think?"))!.id;
    await instructor.page.goto(`${ARTICLE_PATH}?annotation=${noteId}`);
    const replyBox = instructor.page.getByLabel("Reply", { exact: true });
    await replyBox.pressSequentially("Good question. @");
    const replyCombobox = instructor.page.getByRole("combobox", { name: "Mention" });
    const replyOptions = instructor.page.getByRole("listbox", { name: "Members who can be mentioned" }).getByRole("option");
    await expect(replyOptions).toHaveText([maya.user.name, student.user.name]);
    await replyCombobox.pressSequentially("chen");
    await expect(replyOptions).toHaveText([maya.user.name]);
    await expectNoAxeViolations(instructor.page);
    await instructor.page.screenshot({ path: path.join(SCREENSHOTS, "6-reply-mention-list-1280.png") });
    await replyCombobox.press("Tab");
    await expect(replyBox).toHaveValue(`Good question. @${maya.user.name} `);
    await instructor.page.getByRole("button", { name: "Send reply" }).click();
    await expect
      .poll(async () => (await notificationsOf(maya)).map((item) => [item.kind, item.actor.id]))
      .toEqual([
        ["mention", instructor.id],
        ["mention", student.id],
      ]);
    await expect
      .poll(async () => (await notificationsOf(student)).map((item) => [item.kind, item.actor.id]))
      .toEqual([["reply", instructor.id]]);
  });

  test("a member chosen from the @ list while editing a note or a reply is told; one its words named already is not told again", async ({
    browser,
  }) => {
    // QA round 4, #7: the edit form offered the list, and the edit notified nobody.
    const id = unique();
    const instructor = await personNamed(browser, `Ines Park-${id}`, DESKTOP);
    const maya = await personNamed(browser, `Maya Chen-${id}`, DESKTOP);
    const student = await personNamed(browser, `Sam Ortiz-${id}`, DESKTOP);
    const group = await createGroup(instructor, { name: `Edited mentions ${id}`, members: { member: [maya, student] } });
    const note = await annotate(
      student,
      { group: group.id },
      { at: "This distinction matters.", body: `@${maya.user.name} first thoughts` },
    );
    await expect
      .poll(async () => (await notificationsOf(maya)).map((item) => [item.kind, item.actor.id]))
      .toEqual([["mention", student.id]]);
    // Read, so that telling her again would show as a second notification rather than be merged with the first.
    expect((await maya.context.request.post("/api/notifications/read", { data: { all: true } })).status()).toBe(200);

    const { page } = student;
    await page.goto(`${ARTICLE_PATH}?annotation=${note.id}`);
    await page.locator(`#annotation-${note.id}`).getByRole("button", { name: "Edit", exact: true }).click();
    const form = page.getByRole("form", { name: "Edit annotation" });
    const comment = form.getByLabel("Comment");
    // The editor opens with the caret after the comment: what is typed goes on after it.
    await expect(comment).toBeFocused();
    await page.keyboard.type(", and @");
    const combobox = form.getByRole("combobox", { name: "Mention" });
    await combobox.pressSequentially("ines");
    await expect(form.getByRole("listbox", { name: "Members who can be mentioned" }).getByRole("option")).toHaveText([
      instructor.user.name,
    ]);
    await combobox.press("Enter");
    await expect(comment).toHaveValue(`@${maya.user.name} first thoughts, and @${instructor.user.name} `);
    await form.getByRole("button", { name: "Save" }).click();
    await expect(page.locator(`#annotation-${note.id}`)).toContainText(`@${instructor.user.name}`);

    await expect
      .poll(async () => (await notificationsOf(instructor)).map((item) => [item.kind, item.actor.id]))
      .toEqual([["mention", student.id]]);
    expect((await notificationsOf(maya)).map((item) => [item.kind, item.actor.id])).toEqual([["mention", student.id]]);

    // A reply's edit offers the thread's list too: Maya, chosen there, is told of the reply.
    await reply(student, note.id, "and more");
    await page.reload();
    const replyItem = page.locator(`#annotation-${note.id} .reply`).filter({ hasText: "and more" });
    await replyItem.getByRole("button", { name: "Edit reply" }).click();
    const replyEdit = page.getByLabel("Edit reply");
    await replyEdit.press("ControlOrMeta+End");
    await replyEdit.pressSequentially(" for @");
    const replyCombobox = replyItem.getByRole("combobox", { name: "Mention" });
    await replyCombobox.pressSequentially("maya");
    await replyCombobox.press("Enter");
    await expect(replyEdit).toHaveValue(`and more for @${maya.user.name} `);
    await page.getByRole("button", { name: "Save reply" }).click();
    await expect
      .poll(async () => (await notificationsOf(maya)).map((item) => [item.kind, item.actor.id, item.annotation?.snippet]))
      .toEqual([
        ["mention", student.id, expect.stringContaining("and more for")],
        ["mention", student.id, expect.stringContaining("first thoughts, and")],
      ]);
  });

  test("a private note cannot mention anyone, and says so before saving", async ({ browser }) => {
    const noteTaker = await createPerson(browser, "notetaker", DARK);
    const { page } = noteTaker;
    await page.goto(ARTICLE_PATH);
    const form = await openEditor(page, "This distinction matters.");
    await expect(form.getByLabel("Who can see this")).toHaveValue("private");
    await form.getByLabel("Comment").pressSequentially("ask @Maya");
    // Nobody to offer: no list opens.
    await expect(form.getByRole("combobox", { name: "Mention" })).toHaveCount(0);
    await form.getByRole("button", { name: "Save" }).click();
    await expect(
      form.getByText("“@Maya” will notify nobody: only a note to a group can mention its members.", { exact: false }),
    ).toBeVisible();
    // Saving again keeps it as text.
    await form.getByRole("button", { name: "Save" }).click();
    await expect(page.getByRole("complementary", { name: "Annotations" }).getByText("ask @Maya")).toBeVisible();
  });
});

test.describe("item 10: the student on a phone", () => {
  test("circles, one-tap highlights, the draft's colour, the Tags error, no keyboard hints, Helpful · 0, join codes", async ({
    browser,
  }) => {
    const instructor = await createPerson(browser, "instructor", DESKTOP);
    const group = await createGroup(instructor, { name: `Phone ${unique()}` });
    await annotate(instructor, { group: group.id }, { at: "calculated tolerance", body: "Is tolerance a policy?" });
    const student = await createPerson(browser, "student", PHONE);
    const { page } = student;

    // A 6-character code is told how long codes are; the right code joins; again says so.
    await page.goto("/groups");
    await page.getByLabel("Join code").fill(group.joinCode.slice(0, 6));
    await page.getByRole("button", { name: "Join group" }).tap();
    await expect(page.getByRole("alert").filter({ hasText: "Join codes have 8 letters and digits; that one has 6." })).toBeVisible();
    // Tied to its field, as the sign-up form's errors are: heard again when the field is reached.
    await expect(page.getByLabel("Join code")).toHaveAccessibleDescription(/that one has 6\./);
    await expectNoAxeViolations(page);
    await screenshotBoth(page, "10-join-code-too-short", { fullPage: true });
    await page.getByLabel("Join code").fill(group.joinCode);
    await page.getByRole("button", { name: "Join group" }).tap();
    await expect(page.getByRole("status").filter({ hasText: `You joined ${group.name}.` })).toBeVisible();
    await page.goto("/groups");
    await page.getByLabel("Join code").fill(group.joinCode);
    await page.getByRole("button", { name: "Join group" }).tap();
    await expect(page.getByRole("status").filter({ hasText: `You are already in ${group.name}.` })).toBeVisible();

    // One tap on a colour highlights in it; the toolbar's swatches are circles; no "(H)" on a phone.
    await page.goto(ARTICLE_PATH);
    const toolbar = await selectLikeLongPress(page, "divergent interests");
    for (const hint of await toolbar.locator(".key-hint").all()) await expect(hint).toBeHidden();
    await expect(toolbar.getByRole("button", { name: "Highlight", exact: true })).toBeVisible();
    for (const swatch of await toolbar.getByRole("radio").all()) {
      const box = (await swatch.boundingBox())!;
      expect(Math.abs(box.width - box.height)).toBeLessThan(1);
    }
    await toolbar.getByRole("radio", { name: "Pink" }).tap();
    await expect(page.locator("mark.hl--pink.hl--mine").filter({ hasText: "divergent interests" })).toBeVisible();
    await expect(toolbar).toBeHidden();

    // The editor: circles too, the draft highlight in the editor's colour, no "Ctrl+Enter" on a phone.
    const form = await openEditor(page, "This distinction matters.");
    for (const swatch of await form.getByRole("radio").all()) {
      const box = (await swatch.boundingBox())!;
      expect(Math.abs(box.width - box.height)).toBeLessThan(1);
    }
    await expect(form.getByText("Ctrl+Enter saves.")).toBeHidden();
    await form.getByRole("radio", { name: "Green" }).tap();
    await expect(page.locator('mark[data-annotation-id="draft"]')).toHaveClass(/hl--green/);
    await form.getByRole("radio", { name: "Blue" }).tap();
    await expect(page.locator('mark[data-annotation-id="draft"]')).toHaveClass(/hl--blue/);

    // A too-long tag is said on the Tags field, which gets focus.
    const tags = form.getByLabel("Tags");
    await tags.fill(`fine, ${"x".repeat(51)}`);
    await form.getByRole("button", { name: "Save" }).tap();
    await expect(tags).toBeFocused();
    await expect(tags).toHaveAttribute("aria-invalid", "true");
    await expect(tags).toHaveAccessibleDescription(/A tag can be at most 50 characters/);
    await expectNoAxeViolations(page);
    await page.screenshot({ path: path.join(SCREENSHOTS, "10-editor-tag-error-390.png") });
    await form.getByRole("button", { name: "Cancel" }).tap();

    // "Helpful · 0": a space either side of the dot, as drawn.
    const sheetToggle = page.getByRole("button", { name: /^Annotations \(\d+\)/ });
    if ((await sheetToggle.getAttribute("aria-expanded")) !== "true") await sheetToggle.tap();
    const helpful = page.getByRole("button", { name: /^Helpful/ }).first();
    await expect(helpful).toBeVisible();
    const gaps = await helpful.evaluate((button) => {
      const dot = button.querySelector('[aria-hidden="true"]')!;
      const word = document.createRange();
      const textNode = [...button.querySelectorAll("*")]
        .flatMap((element) => [...element.childNodes])
        .find((node) => node.nodeType === Node.TEXT_NODE && node.textContent!.includes("Helpful"))!;
      word.setStart(textNode, textNode.textContent!.indexOf("Helpful"));
      word.setEnd(textNode, textNode.textContent!.indexOf("Helpful") + "Helpful".length);
      const count = document.createRange();
      let countNode = dot.nextSibling!;
      while (!/\d/.test(countNode.textContent ?? "")) countNode = countNode.nextSibling!;
      count.setStart(countNode, countNode.textContent!.indexOf("0"));
      count.setEnd(countNode, countNode.textContent!.indexOf("0") + 1);
      const dotBox = dot.getBoundingClientRect();
      return [dotBox.left - word.getBoundingClientRect().right, count.getBoundingClientRect().left - dotBox.right];
    });
    for (const gap of gaps) expect(gap).toBeGreaterThan(2);
  });

  test("someone without an account is offered 'Create an account to join' on an invitation, and is in the group once it is made", async ({
    browser,
  }) => {
    const instructor = await createPerson(browser, "instructor", DESKTOP);
    const group = await createGroup(instructor, { name: `Invited ${unique()}` });
    const token = await createInvite(instructor, group);
    const context = await browser.newContext(PHONE);
    const page = await context.newPage();
    await page.goto(`/invite/${token}`);
    const create = page.getByRole("link", { name: "Create an account to join" });
    await expect(create).toBeVisible();
    await expect(page.getByRole("link", { name: "Sign in to join" })).toBeVisible();
    await expectNoAxeViolations(page);
    await screenshotBoth(page, "10-invite-no-account");
    await create.tap();
    await expect(page).toHaveURL(/\/signup\?callbackUrl=/);
    const user = newUser("newcomer");
    await page.getByLabel("Name").fill(user.name);
    await page.getByLabel("Email").fill(user.email);
    await page.getByLabel("Password").fill(user.password);
    await page.getByRole("button", { name: "Create account" }).tap();
    // "Create an account to join" joins: no second step on the invitation.
    await expect(page).toHaveURL(new RegExp(`/groups/${group.id}\\?joined=new$`));
    await expect(page.getByText(`You joined ${group.name}.`)).toBeVisible();
    await context.close();
  });
});

test.describe("item 10: the instructor at a desktop", () => {
  test("invite first and above the fold, the code copied, the link's once-only said, coverage explained, one heading face", async ({
    browser,
  }) => {
    const instructor = await createPerson(browser, "instructor", { ...DESKTOP, permissions: ["clipboard-read", "clipboard-write"] });
    const group = await createGroup(instructor, { name: `Desk ${unique()}` });
    const student = await createPerson(browser, "student", PHONE);
    await joinGroup(student, group);
    await annotate(student, { group: group.id }, { at: "calculated tolerance", body: "A first note." });
    const { page } = instructor;

    await page.goto(`/groups/${group.id}`);
    const invite = page.getByRole("region", { name: "Invite people" });
    const inviteBox = (await invite.getByRole("heading", { name: "Invite people" }).boundingBox())!;
    expect(inviteBox.y + inviteBox.height).toBeLessThan(800);
    // Before the flags and the members, in reading order too.
    const order = await page.evaluate(() =>
      [...document.querySelectorAll("h2")].map((heading) => heading.textContent ?? "").filter((text) => /Invite|Members|Flag/.test(text)),
    );
    expect(order[0]).toBe("Invite people");
    expect(order.indexOf("Invite people")).toBeLessThan(order.findIndex((text) => text.startsWith("Members")));

    await expect(invite.getByLabel("Join code")).toHaveValue(group.joinCode);
    await invite.getByRole("button", { name: "Copy code" }).click();
    await expect(invite.getByText("Copied.")).toBeVisible();
    // Only what copying did is a live region: the hint is read with the field, not spoken as the page loads.
    await expect(invite.locator("[aria-live]").filter({ hasText: "Copied." })).toHaveText(/^Copied\.\s*$/);
    await expect(invite.getByLabel("Join code")).toHaveAccessibleDescription(/^Copied\. Students type it under Groups/);
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(group.joinCode);

    await invite.getByRole("button", { name: "Create invitation link" }).click();
    await expect(invite.getByText("Copy it now: it is shown only this once.")).toBeVisible();
    await expect(invite.getByText("A link is shown only when it is made", { exact: false })).toBeVisible();
    await expect(invite.getByRole("list", { name: "Active invitation links" })).toHaveAccessibleDescription(
      /Make a new link and revoke the old one/,
    );
    await expectNoAxeViolations(page);
    await screenshotBoth(page, "10-group-page-invite", { fullPage: true });

    // The coverage strip: a legend under its heading and the count in words.
    await page.goto(`/groups/${group.id}/review?document=${ARTICLE.slug}`);
    const coverageHeading = page.getByRole("columnheader", { name: /Coverage/ });
    await expect(coverageHeading).toContainText("annotated paragraph");
    await expect(coverageHeading).toContainText("not yet");
    await expect(
      page
        .getByRole("row")
        .filter({ hasText: student.user.name })
        .getByText(/^1 of \d+ paragraphs$/),
    ).toBeVisible();
    await expectNoAxeViolations(page);
    await screenshotBoth(page, "10-review-coverage", { fullPage: true });

    // Keyboard hints show at a desktop.
    await page.goto(ARTICLE_PATH);
    const toolbar = await selectLikeLongPress(page, "divergent interests");
    await expect(toolbar.getByRole("button", { name: /^Highlight/ })).toHaveText("Highlight (H)");

    // One face for page headings (h1, h2) across the pages an instructor walks through.
    const faces = new Set<string>();
    for (const url of [
      "/",
      "/groups",
      `/groups/${group.id}`,
      `/groups/${group.id}/review`,
      "/notes",
      "/account",
      "/settings",
      "/notifications",
    ]) {
      await page.goto(url);
      for (const family of await page
        .locator("main h1, main h2")
        .evaluateAll((headings) => headings.map((h) => getComputedStyle(h).fontFamily)))
        faces.add(family);
    }
    expect([...faces]).toHaveLength(1);
    expect([...faces][0]).toMatch(/Literata/);
  });
});

test.describe("item 10: the note-taker in dark mode", () => {
  test("colour meanings in full with a way to edit them, filters that fit, an empty state in My notes", async ({ browser }) => {
    const noteTaker = await createPerson(browser, "notetaker", DARK);
    const { page } = noteTaker;
    const meaning = "Evidence the author gives for the main claim, with a source";
    expect(meaning.length).toBeGreaterThan(40);
    await page.goto("/settings");
    await page.getByLabel("Pink means").fill(meaning);
    await page.getByRole("button", { name: "Save settings" }).click();
    await expect(page.getByText("Settings saved.")).toBeVisible();

    await annotate(noteTaker, "private", { at: "divergent interests", body: "Mine.", color: "pink" });
    await page.goto(ARTICLE_PATH);
    const sidebar = page.getByRole("complementary", { name: "Annotations" });
    const key = sidebar.getByRole("list", { name: "What my colours mean" });
    await expect(key).toContainText(`Pink — ${meaning}`);
    const edit = sidebar.getByRole("link", { name: "Edit colour meanings" });
    await expect(edit).toHaveAttribute("href", "/settings#colour-meanings");

    // The filters show their whole words, at a desktop and on a phone.
    for (const label of ["Colour", "Author", "Tag"]) expect(await selectTextFits(sidebar.getByLabel(label, { exact: true }))).toBe(true);

    // The editor says what the chosen colour means, in full.
    const form = await openEditor(page, "This distinction matters.");
    await form.getByRole("radio", { name: /^Pink/ }).check();
    await expect(form.getByText(`Pink — ${meaning}`)).toBeVisible();
    await expectNoAxeViolations(page);
    await page.screenshot({ path: path.join(SCREENSHOTS, "10-colour-key-dark-1280.png") });
    await form.getByRole("button", { name: "Cancel" }).click();

    const phone = await browser.newContext({ ...PHONE, colorScheme: "dark" });
    await phone.addCookies(await noteTaker.context.cookies());
    const phonePage = await phone.newPage();
    await phonePage.goto(ARTICLE_PATH);
    await phonePage.getByRole("button", { name: /^Annotations \(\d+\)/ }).tap();
    const phoneSidebar = phonePage.getByRole("complementary", { name: "Annotations" });
    for (const label of ["Colour", "Author", "Tag", "Shared with"])
      expect(await selectTextFits(phoneSidebar.getByLabel(label, { exact: true }))).toBe(true);
    await expect(phoneSidebar.getByRole("list", { name: "What my colours mean" })).toContainText(meaning);
    await phoneSidebar.getByRole("link", { name: "Edit colour meanings" }).scrollIntoViewIfNeeded();
    await expectNoAxeViolations(phonePage);
    await phonePage.screenshot({ path: path.join(SCREENSHOTS, "10-colour-key-dark-390.png") });
    await phoneSidebar.getByRole("link", { name: "Edit colour meanings" }).tap();
    await expect(phonePage).toHaveURL(/\/settings#colour-meanings$/);
    await expect(phonePage.getByLabel("Pink means")).toHaveValue(meaning);
    await phone.close();

    // My notes: a search that matches nothing says so and offers the way back.
    await page.goto("/notes");
    await page.getByLabel("Search my notes").fill("zebra crossing");
    await expect(page.getByText("No notes match “zebra crossing”.")).toBeVisible();
    await expectNoAxeViolations(page);
    await screenshotBoth(page, "10-notes-empty-dark");
    await page.getByRole("button", { name: "Clear search and filters" }).click();
    await expect(page.getByLabel("Search my notes")).toHaveValue("");
    await expect(page.getByText("Mine.")).toBeVisible();
  });

  test("the account page changes my name (exactly as typed) and my password (other sessions end, this one stays)", async ({ browser }) => {
    const noteTaker = await createPerson(browser, "notetaker", DARK);
    const { page } = noteTaker;
    const laptop = await browser.newContext(DESKTOP);
    const laptopPage = await laptop.newPage();
    await signIn(laptopPage, noteTaker.user);

    await page.goto("/account");
    const nameField = page.getByLabel("Name shown to others");
    await expect(nameField).toHaveValue(noteTaker.user.name);
    await nameField.fill("Maya\tChen");
    await page.getByRole("button", { name: "Save name" }).click();
    await expect(page.getByText("A name cannot contain line breaks, tabs or other control characters.")).toBeVisible();
    await expect(nameField).toHaveAttribute("aria-invalid", "true");

    const naughty = `<b>Zoë</b> "O'Brien" \${7*7} ${unique()}`;
    await nameField.fill(naughty);
    await page.getByRole("button", { name: "Save name" }).click();
    await expect(page.getByRole("status").filter({ hasText: `Your name is now “${naughty}”.` })).toBeVisible();
    await page.reload();
    await expectSignedIn(page, { name: naughty });
    await expect(page.locator("b", { hasText: "Zoë" })).toHaveCount(0);
    await expect(page.getByLabel("Name shown to others")).toHaveValue(naughty);

    // Password: the current one first.
    const newPassword = `new-${unique()}-password`;
    await page.getByLabel("Current password").fill("not my password");
    await page.getByLabel("New password").fill(newPassword);
    await page.getByRole("button", { name: "Change password" }).click();
    await expect(page.getByText("That is not your current password.")).toBeVisible();
    await expect(page.getByLabel("Current password")).toHaveAttribute("aria-invalid", "true");
    await expectNoAxeViolations(page);
    await screenshotBoth(page, "10-account-dark", { fullPage: true });

    await page.getByLabel("Current password").fill(noteTaker.user.password);
    await page.getByLabel("New password").fill(newPassword);
    await page.getByRole("button", { name: "Change password" }).click();
    await expect(page.getByRole("status").filter({ hasText: "Password changed." })).toBeVisible();
    // This browser stays signed in; the laptop's session is over.
    await page.reload();
    await expectSignedIn(page, { name: naughty });
    await laptopPage.reload();
    await expectSignedOut(laptopPage);
    await signIn(laptopPage, { ...noteTaker.user, name: naughty, password: newPassword });
    await laptop.close();
  });
});
