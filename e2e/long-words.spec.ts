// QA round 4, #10: a word or an address longer than a phone's line (a URL pasted into a note, a
// name with no spaces) breaks where it must, in every place that shows what someone typed, rather
// than pushing the page sideways or running off its edge.
import { expect, test, type Browser, type Locator, type Page, type TestInfo } from "./test";
import { annotate, createGroup, type Person } from "./factories";
import { ARTICLE, ARTICLE_PATH, MARKUP_ONLY, newUser, signUpWithoutScript } from "./fixtures";

const PHONE = { viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true } as const;
const WORD = "Pneumonoultramicroscopicsilicovolcanoconiosis";
/** `length` characters with no place to break: `word` again and again. */
const unbroken = (length: number, word = WORD) => word.repeat(Math.ceil(length / word.length)).slice(0, length);
/** 120 characters of address: the host, then one path segment with no break opportunity in it. */
const URL_TEXT = `https://example.com/${unbroken(100)}`;

test.describe.configure({ timeout: 90_000 });

/** A person at 390 px whose name is `name` (a long one, with no spaces, is the point here). */
async function createPhonePerson(browser: Browser, label: string, name?: string): Promise<Person> {
  const context = await browser.newContext(PHONE);
  const user = { ...newUser(label), ...(name && { name }) };
  await signUpWithoutScript(context.request, user);
  const session = (await (await context.request.get("/api/auth/session")).json()) as { user: { id: string } };
  return { user, id: session.user.id, context, page: await context.newPage() };
}

/**
 * The page does not scroll sideways, and each of `texts` (an element holding long words) has its
 * words inside the viewport: measured on the text itself (a Range over it), since a box that fits
 * can still let its text run out over the edge. Soft: one run names every page that overflows. A
 * screenshot of the page goes with the results.
 */
async function expectNoSidewaysOverflow(page: Page, testInfo: TestInfo, name: string, texts: Locator[], { fullPage = true } = {}) {
  const width = page.viewportSize()!.width;
  for (const text of texts) {
    await expect(text).toBeVisible();
    await text.scrollIntoViewIfNeeded();
    const extent = await text.evaluate((element) => {
      const range = document.createRange();
      range.selectNodeContents(element);
      const { left, right } = range.getBoundingClientRect();
      return { left, right };
    });
    const what = `${name}: ${await text.evaluate((element) => element.outerHTML.slice(0, 120))}`;
    expect.soft(extent.left, what).toBeGreaterThanOrEqual(0);
    expect.soft(extent.right, what).toBeLessThanOrEqual(width);
  }
  // Said with the first innermost elements that reach past the right edge: where to look.
  const stickingOut = await page.evaluate(() =>
    [...document.body.querySelectorAll("*")]
      .filter((element) => element.getBoundingClientRect().right > window.innerWidth + 0.5 && element.children.length === 0)
      .slice(0, 5)
      .map((element) => `<${element.tagName.toLowerCase()} class="${element.className}">`),
  );
  expect
    .soft(await page.evaluate(() => document.documentElement.scrollWidth), `${name} scrolls sideways: ${stickingOut.join(" ")}`)
    .toBeLessThanOrEqual(width);
  await page.screenshot({ path: testInfo.outputPath(`${name}.png`), fullPage });
}

test(
  "long words stay inside a 390 px screen on the group, assignment, review, notifications, notes, account, library and reading pages",
  { tag: MARKUP_ONLY },
  async ({ browser }, testInfo) => {
    const unique = Date.now().toString(36);
    // Another word than the rest, so that finding the group's name never finds the person's.
    const longName = unbroken(100, "Hippopotomonstrosesquippedaliophobia");
    const groupName = unbroken(80);
    const title = unbroken(200);
    const teacher = await createPhonePerson(browser, "teacher");
    const student = await createPhonePerson(browser, "longname", longName);
    const group = await createGroup(teacher, { name: groupName, members: { member: [student] } });
    const teacherApi = teacher.context.request;
    expect((await teacherApi.patch(`/api/groups/${group.id}`, { data: { description: `See ${URL_TEXT}` } })).status()).toBe(200);
    const made = await teacherApi.post(`/api/groups/${group.id}/assignments`, {
      data: {
        document: ARTICLE.slug,
        title,
        instructions: `Read [the notes](${URL_TEXT}) and ${URL_TEXT}`,
        dueAt: new Date(Date.now() + 48 * 3_600_000).toISOString(),
        // More than the student writes below: the assignment stays due on their library page.
        expectations: { annotations: 2, replies: 0 },
      },
    });
    expect(made.status()).toBe(201);
    const assignmentId = ((await made.json()) as { id: string }).id;
    const readingTitle = `${unbroken(150)} ${unique}`;
    expect((await teacherApi.post("/api/documents", { data: { text: `One paragraph: ${URL_TEXT}`, title: readingTitle } })).status()).toBe(
      201,
    );
    const tokenName = unbroken(60);
    expect((await teacherApi.post("/api/tokens", { data: { name: tokenName, scope: "read", expiresInDays: 30 } })).status()).toBe(201);

    // The student's note in the group, with a long tag; the teacher's reply to it; the student's
    // reply naming the teacher: notifications both ways, with long names, quotes and words.
    const body = `${URL_TEXT} and ${unbroken(120)}`;
    const note = await annotate(student, { group: group.id }, { at: "calculated tolerance", body, tags: [unbroken(50)] });
    const teacherReply = await teacherApi.post(`/api/annotations/${note.id}/replies`, { data: { body: `Yes: ${unbroken(120)}` } });
    expect(teacherReply.status()).toBe(201);
    const studentReply = await student.context.request.post(`/api/annotations/${note.id}/replies`, {
      data: { body: `@${teacher.user.name} ${URL_TEXT}` },
    });
    expect(studentReply.status()).toBe(201);

    const text = (page: Page, words: string) => page.getByText(words, { exact: false }).first();
    const { page } = teacher;

    await page.goto(`/groups/${group.id}`);
    await expectNoSidewaysOverflow(page, testInfo, "group", [
      page.getByRole("heading", { level: 1, name: groupName }),
      page.locator(".group-page__description"),
      text(page, longName),
      text(page, title),
    ]);

    await page.goto(`/assignments/${assignmentId}`);
    await expectNoSidewaysOverflow(page, testInfo, "assignment (staff)", [
      page.getByRole("heading", { level: 1, name: title }),
      page.getByRole("link", { name: `← ${groupName}` }),
      page.getByRole("link", { name: "the notes" }),
      text(page, longName),
    ]);

    // The review opens on the assigned reading, where the student's note is (the teacher's long-titled
    // upload is among the readings behind "Change", whose list starts closed).
    await page.goto(`/groups/${group.id}/review`);
    await expectNoSidewaysOverflow(page, testInfo, "review", [
      page.getByRole("heading", { level: 1, name: `Review: ${groupName}` }),
      page.getByRole("link", { name: `← ${groupName}` }),
      text(page, longName),
      page
        .locator(".md")
        .filter({ hasText: unbroken(120) })
        .first(),
    ]);

    await page.goto("/notifications");
    await expectNoSidewaysOverflow(page, testInfo, "notifications (teacher)", [
      page.locator(".notification").first(),
      page.locator(".notification").last(),
    ]);

    await page.goto("/account");
    await expectNoSidewaysOverflow(page, testInfo, "account", [text(page, tokenName)]);

    await page.goto(`/?q=${unique}`);
    await expectNoSidewaysOverflow(page, testInfo, "library", [text(page, readingTitle)]);

    await page.goto(`${ARTICLE_PATH}?annotation=${note.id}`);
    await page.waitForFunction(() => document.documentElement.dataset.hydratedAt !== undefined);
    // The thread the address names opens in the sheet, its replies shown.
    await expect(page.locator(".sidebar--open")).toBeVisible();
    const thread = page.locator(`#annotation-${note.id}`);
    await expect(thread.locator(".thread__replies > li")).toHaveCount(2);
    await expectNoSidewaysOverflow(
      page,
      testInfo,
      "reading sidebar",
      [
        thread.locator(".annotation-card__author").first(),
        thread.locator(".md").first(),
        thread.locator(".tag").filter({ hasText: WORD }).first(),
        thread.locator(".thread__replies .md").first(),
        thread.locator(".thread__replies .annotation-card__author").last(),
        thread.locator(".thread__replies .md").last(),
      ],
      { fullPage: false },
    );

    const { page: studentPage } = student;
    await studentPage.goto("/notifications");
    await expectNoSidewaysOverflow(studentPage, testInfo, "notifications (student)", [
      studentPage.locator(".notification").first(),
      studentPage.locator(".notification").last(),
    ]);

    await studentPage.goto("/notes");
    await expectNoSidewaysOverflow(studentPage, testInfo, "notes", [
      studentPage.locator(".note-card .md").first(),
      studentPage.locator(".note-card .tag").filter({ hasText: WORD }).first(),
    ]);

    await studentPage.goto(`/assignments/${assignmentId}`);
    await expectNoSidewaysOverflow(studentPage, testInfo, "assignment (student)", [
      studentPage.getByRole("heading", { level: 1, name: title }),
      studentPage.getByRole("link", { name: `← ${groupName}` }),
    ]);

    await studentPage.goto("/groups");
    await expectNoSidewaysOverflow(studentPage, testInfo, "groups", [studentPage.getByRole("link", { name: groupName })]);

    await studentPage.goto("/");
    await expectNoSidewaysOverflow(studentPage, testInfo, "library (student, assignments due)", [text(studentPage, title)]);

    await teacher.context.close();
    await student.context.close();
  },
);
