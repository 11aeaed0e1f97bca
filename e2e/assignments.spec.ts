// Issue 13, "Done when", compressed: an instructor sets the seed article through the group page;
// two students see it due; one completes it on time, the other does part of it late; the
// instructor sees their counts and computed grades, overrides one with a reason and releases; the
// student sees the released grade; the Canvas and Moodle CSVs hold exactly the right rows.
import { expect, test } from "./test";
import { annotate, createGroup, createPerson, reply } from "./factories";
import { ARTICLE, ARTICLE_PATH, expectNoAxeViolations } from "./fixtures";

const DESKTOP = { viewport: { width: 1280, height: 800 } };

/** "2026-12-01T17:00": what a datetime-local input takes, in the browser's zone (the test runs its browsers in the machine's). */
function wallTime(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

test("an instructor assigns a reading, grades reach the students and the gradebook", async ({ browser }) => {
  const unique = Date.now().toString(36);
  const instructor = await createPerson(browser, "instructor", DESKTOP);
  const onTime = await createPerson(browser, "ontime", DESKTOP);
  const late = await createPerson(browser, "late", DESKTOP);
  const group = await createGroup(instructor, { name: `Assign ${unique}`, members: { member: [onTime, late] } });

  // The instructor sets the reading on the group page (a plain form post to a server action).
  const staff = instructor.page;
  await staff.goto(`/groups/${group.id}`);
  await staff.getByText("Set a reading for the group").click();
  await staff.getByLabel("Reading", { exact: true }).selectOption({ label: ARTICLE.title });
  await staff.getByLabel("Title", { exact: true }).fill(`Week 1 ${unique}`);
  await staff.getByLabel("Instructions (Markdown)").fill("Find **two** claims; answer one classmate.");
  await staff.getByLabel("Due", { exact: true }).fill(wallTime(new Date(Date.now() + 24 * 3_600_000)));
  await staff.getByLabel("Annotations", { exact: true }).fill("2");
  await staff.getByLabel("Replies", { exact: true }).fill("1");
  await staff.getByLabel("Late penalty (% of what late work adds)").fill("50");
  await staff.getByRole("button", { name: "Assign" }).click();
  await staff.waitForURL(/\/assignments\/[^/?#]+\?saved=created$/);
  const assignmentId = new URL(staff.url()).pathname.split("/").pop()!;
  await expect(staff.getByRole("heading", { level: 1, name: `Week 1 ${unique}` })).toBeVisible();

  // Both students see it due, with what is expected.
  const student = late.page;
  await student.goto(`/groups/${group.id}`);
  const dueItem = student.getByRole("listitem").filter({ hasText: `Week 1 ${unique}` });
  await expect(dueItem).toContainText("Not started");
  await expect(dueItem).toContainText("2 more annotations and 1 more reply expected");
  await expect(dueItem).toContainText(/\d+ hours left/);
  await expectNoAxeViolations(student);

  // On time: two annotations and a reply in the group. Then the due time moves to now, and the other student is late and partial.
  // (A reply counts once it answers someone: here the instructor's question.)
  const question = await annotate(instructor, { group: group.id }, { at: "Taliban", body: `Which claim matters most? ${unique}` });
  await annotate(onTime, { group: group.id }, { at: "calculated tolerance", body: `Claim one ${unique}` });
  await annotate(onTime, { group: group.id }, { at: "divergent interests", body: `Claim two ${unique}` });
  await reply(onTime, question.id, `Claim one ${unique}`);
  const moved = await instructor.context.request.patch(`/api/assignments/${assignmentId}`, { data: { dueAt: new Date().toISOString() } });
  expect(moved.status()).toBe(200);
  await annotate(late, { group: group.id }, { at: "Pakistan", body: `Late claim ${unique}` });

  // The instructor sees each student's counts and computed grade: 10, and (1/2 + 0) / 2 × 10 = 2.5 late, halved to 1.25.
  await staff.reload();
  const row = (who: string) => staff.getByRole("row").filter({ has: staff.getByRole("rowheader", { name: who, exact: true }) });
  await expect(row(onTime.user.name).getByRole("cell")).toHaveText([
    "Done",
    "2",
    "1",
    "0",
    "10",
    "10",
    /Override/,
    "Not read yet",
    /2 of \d+ paragraphs/,
  ]);
  await expect(row(late.user.name).getByRole("cell").nth(0)).toHaveText("Late");
  await expect(row(late.user.name).getByRole("cell").nth(4)).toHaveText("1.25");
  await expectNoAxeViolations(staff);

  // Before release the student sees no grade.
  await student.goto(`/assignments/${assignmentId}`);
  await expect(student.getByText("Your grade shows here once your instructor releases grades.")).toBeVisible();

  // Override with a reason, then release.
  await row(late.user.name).getByLabel(`Points for ${late.user.name}`).fill("3");
  await row(late.user.name).getByLabel("Reason").fill("Extension granted");
  await row(late.user.name).getByRole("button", { name: "Override" }).click();
  await expect(staff.getByText("Grade overridden.")).toBeVisible();
  await expect(row(late.user.name).getByRole("cell").nth(5)).toHaveText("3 (overridden: Extension granted)");
  await staff.getByRole("button", { name: "Release grades" }).click();
  await expect(staff.getByText("Grades released: each student now sees their own.")).toBeVisible();

  // The student sees their released grade, and only theirs.
  await student.reload();
  await expect(student.getByText("Grade: 3 / 10 (Extension granted)")).toBeVisible();
  await expect(student.getByText(onTime.user.name)).toHaveCount(0);
  await expectNoAxeViolations(student);

  // The gradebook files: exactly one row per student, matched by email.
  const lastFirst = (name: string) => {
    const parts = name.split(" ");
    return parts.length < 2 ? name : `"${parts.at(-1)}, ${parts.slice(0, -1).join(" ")}"`;
  };
  const byName = [onTime, late].sort((a, b) => a.user.name.localeCompare(b.user.name));
  const grade = (person: typeof onTime) => (person === onTime ? "10" : "3");
  const canvas = await (await instructor.context.request.get(`/api/assignments/${assignmentId}/export/canvas.csv`)).text();
  expect(canvas.split("\r\n")).toEqual([
    `Student,ID,SIS User ID,SIS Login ID,Section,Week 1 ${unique}`,
    "Points Possible,,,,,10",
    ...byName.map((person) => `${lastFirst(person.user.name)},,,${person.user.email},,${grade(person)}`),
    "",
  ]);
  const moodle = await (await instructor.context.request.get(`/api/assignments/${assignmentId}/export/moodle.csv`)).text();
  expect(moodle.split("\r\n")).toEqual([`email,Week 1 ${unique}`, ...byName.map((person) => `${person.user.email},${grade(person)}`), ""]);
  expect((await late.context.request.get(`/api/assignments/${assignmentId}/export/canvas.csv`)).status()).toBe(403);

  // Released grades are what students read as they stand: doubling the points asks first, naming
  // whose grade it changes (the override's 3 stays), keeps what was typed, and goes ahead once confirmed.
  const edit = staff.getByRole("form", { name: "Edit", exact: true });
  await edit.getByLabel("Points").fill("20");
  await edit.getByRole("button", { name: "Save changes" }).click();
  const refusal = edit.locator(".notice--error");
  await expect(refusal).toContainText(`this change would give 1 student a new grade at once: ${onTime.user.name} 10 → 20.`);
  await expect(refusal).toBeFocused();
  await expect(edit.getByLabel("Points")).toHaveValue("20");
  await edit.getByLabel("Change released grades: students see their new grade at once").check();
  await edit.getByRole("button", { name: "Save changes" }).click();
  await expect(staff.getByRole("status").getByText("Changes saved.")).toBeFocused();
  // The staff see it moved from what was released (a gradebook exported then still has 10).
  await expect(row(onTime.user.name).getByRole("cell").nth(5)).toHaveText("20 released as 10");
  await student.reload();
  await expect(student.getByText("Grade: 3 / 20 (Extension granted)")).toBeVisible();

  // The override taken back: the computed grade again (now out of 20), for the student too.
  await row(late.user.name)
    .getByRole("button", { name: `Use the computed grade (2.5) for ${late.user.name}` })
    .click();
  await expect(staff.getByText("Override taken back: the grade is the computed one again.")).toBeVisible();
  await expect(row(late.user.name).getByRole("cell").nth(5)).toHaveText("2.5 released as 3");
  const releasePanel = staff.getByRole("region", { name: "Release and export" });
  await expect(releasePanel).toContainText("2 grades have moved since the last release: ");
  await expect(releasePanel).toContainText(`${onTime.user.name} 10 → 20`);
  await expect(releasePanel).toContainText(`${late.user.name} 3 → 2.5`);
  await student.reload();
  await expect(student.getByText(/^Grade: 2\.5 \/ 20/)).toBeVisible();
  // How it was made: their late work and what it cost (the override said it before).
  await expect(student.getByText(/^Handed in late: .*, which loses? 50 % of what (it adds|they add)\.$/)).toBeVisible();
});

// The reading page's sidebar and the assignment notifications, with reordering on the group page.
test("a student sees the assignment beside the reading and is notified it opened and is due soon", async ({ browser }) => {
  const unique = Date.now().toString(36);
  const instructor = await createPerson(browser, "instructor", DESKTOP);
  const pupil = await createPerson(browser, "pupil", DESKTOP);
  const group = await createGroup(instructor, { name: `Sidebar ${unique}`, members: { member: [pupil] } });
  const dueAt = new Date(Date.now() + 12 * 3_600_000).toISOString();
  const ids: string[] = [];
  for (const title of [`First ${unique}`, `Second ${unique}`]) {
    const made = await instructor.context.request.post(`/api/groups/${group.id}/assignments`, {
      data: {
        document: ARTICLE.slug,
        title,
        instructions: "Find **two** claims.",
        dueAt,
        expectations: { annotations: 2, replies: 1 },
      },
    });
    expect(made.status()).toBe(201);
    ids.push(((await made.json()) as { id: string }).id);
  }

  // The staff move the second one up (a plain form post; the page comes back in the new order).
  const staff = instructor.page;
  await staff.goto(`/groups/${group.id}`);
  await staff.getByRole("button", { name: `Move “Second ${unique}” up` }).click();
  await staff.waitForURL(/moved=/);
  await expect(staff.locator(".group-page__assignments .due-list__title")).toHaveText([`Second ${unique}`, `First ${unique}`]);
  await expectNoAxeViolations(staff);

  // The reading page's sidebar: the instructions, the due time and what is still expected.
  const student = pupil.page;
  await student.goto(ARTICLE_PATH);
  // Opened once the sidebar has settled: hydrated, and the live bar's count arrived above the panel.
  // In one CI run a click aimed at a summary before then left every summary closed; the bar now
  // holds the count's line from the first paint, so the panel should not move, but the test does not rely on it.
  await student.waitForFunction(() => document.documentElement.dataset.hydratedAt !== undefined);
  await expect(student.getByRole("list", { name: "Reading now" })).toContainText(`from Sidebar ${unique} are reading now`);
  const panel = student.getByRole("region", { name: "Assignments" });
  const first = panel.locator("details").filter({ hasText: `First ${unique}` });
  await first.getByText(`First ${unique}`).click();
  await expect(first).toHaveAttribute("open", "");
  await expect(first.getByText("Still expected: 2 more annotations and 1 more reply.")).toBeVisible();
  await expect(first.locator("strong", { hasText: "two" })).toBeVisible();
  await expectNoAxeViolations(student);

  // The panel follows the student's own work as it is saved, here from another client (a script,
  // another tab): the live stream brings the change back and the progress is asked for again.
  // (Connected: presence arrived on connect, above.)
  const claim = await annotate(pupil, { group: group.id }, { at: "calculated tolerance", body: `Live claim ${unique}` });
  await expect(first.getByText("Still expected: 1 more annotation and 1 more reply.")).toBeVisible();
  await expect(first.locator(".tag")).toHaveText("In progress");
  // A reply to oneself answers no one; one to the instructor's question does.
  await reply(pupil, claim.id, `Answering myself ${unique}`);
  const question = await annotate(instructor, { group: group.id }, { at: "Taliban", body: `Why tolerance? ${unique}` });
  await reply(pupil, question.id, `Because ${unique}`);
  await expect(first.getByText("Still expected: 1 more annotation.")).toBeVisible();

  // Notifications: opened and due within a day, for each; following one opens the assignment.
  await student.goto("/notifications");
  const notice = (kind: RegExp, title: string) => student.getByRole("listitem").filter({ hasText: kind }).filter({ hasText: title });
  await expect(notice(/set a new assignment/, `First ${unique}`)).toBeVisible();
  await expect(notice(/is due within a day/, `Second ${unique}`)).toBeVisible();
  await expectNoAxeViolations(student);
  await notice(/is due within a day/, `First ${unique}`)
    .getByRole("link", { name: `First ${unique}` })
    .click();
  await student.waitForURL(`**/assignments/${ids[0]}`);
  await expect(student.getByRole("heading", { level: 1, name: `First ${unique}` })).toBeVisible();
});

test("the assignment forms say what went wrong, and the pages say only what this server wrote", async ({ browser }) => {
  const unique = Date.now().toString(36);
  const instructor = await createPerson(browser, "instructor", DESKTOP);
  const group = await createGroup(instructor, { name: `Notices ${unique}` });
  const staff = instructor.page;

  // Due before it opens: the server refuses, and the group page says why, at the form.
  await staff.goto(`/groups/${group.id}`);
  await staff.getByText("Set a reading for the group").click();
  await staff.getByLabel("Reading", { exact: true }).selectOption({ label: ARTICLE.title });
  await staff.getByLabel("Title", { exact: true }).fill(`Backwards ${unique}`);
  await staff.getByLabel("Instructions (Markdown)").fill("Read it **twice**.");
  const opens = wallTime(new Date(Date.now() + 48 * 3_600_000));
  const due = wallTime(new Date(Date.now() + 24 * 3_600_000));
  await staff.getByLabel("Opens (empty: now)").fill(opens);
  await staff.getByLabel("Due", { exact: true }).fill(due);
  await staff.getByLabel("Points").fill("37");
  await staff.getByLabel("Mode").selectOption("all_or_nothing");
  await staff.getByRole("button", { name: "Assign" }).click();
  const refusal = staff.locator(".notice--error");
  await expect(refusal).toHaveText("The due time must come after the opening time.");
  // Said at the form, focus on why, and everything typed is still there to correct (it was all lost).
  await expect(refusal).toBeFocused();
  await expect(staff.locator(".assignment-form__details")).toHaveAttribute("open", "");
  await expect(staff.getByLabel("Title", { exact: true })).toHaveValue(`Backwards ${unique}`);
  await expect(staff.getByLabel("Instructions (Markdown)")).toHaveValue("Read it **twice**.");
  await expect(staff.getByLabel("Opens (empty: now)")).toHaveValue(opens);
  await expect(staff.getByLabel("Due", { exact: true })).toHaveValue(due);
  await expect(staff.getByLabel("Points")).toHaveValue("37");
  await expect(staff.getByLabel("Mode")).toHaveValue("all_or_nothing");
  await expect(staff.getByLabel("Reading", { exact: true })).toHaveValue(ARTICLE.slug);
  // Corrected, it is assigned.
  await staff.getByLabel("Opens (empty: now)").fill("");
  await staff.getByRole("button", { name: "Assign" }).click();
  await staff.waitForURL(/\/assignments\/[^/?#]+\?saved=created$/);
  await expect(staff.getByRole("heading", { level: 1, name: `Backwards ${unique}` })).toBeVisible();
  // Focus on what the post did, on the new assignment's page (it fell to the page's start, with the button gone).
  const set = staff.getByRole("status").getByText("Assignment set: the group's students see it in their Due list once it opens.");
  await expect(set).toBeFocused();

  // The edit form, refused in turn, says why at its top, with focus there, and keeps what was typed
  // (the page came back with the stored values, and the reason at the page's top).
  const edit = staff.getByRole("form", { name: "Edit", exact: true });
  await edit.getByLabel("Title", { exact: true }).fill(`Renamed ${unique}`);
  await edit.getByLabel("Instructions (Markdown)").fill("Read it **three** times.");
  await edit.getByLabel("New opening time (empty: unchanged)").fill(opens);
  await edit.getByLabel("New due time (empty: unchanged)").fill(due);
  await edit.getByLabel("Points").fill("12");
  await edit.getByLabel("Closed: work from now on does not count").check();
  await edit.getByRole("button", { name: "Save changes" }).click();
  const editRefusal = edit.locator(".notice--error");
  await expect(editRefusal).toHaveText("The due time must come after the opening time.");
  await expect(editRefusal).toBeFocused();
  await expect(edit.getByLabel("Title", { exact: true })).toHaveValue(`Renamed ${unique}`);
  await expect(edit.getByLabel("Instructions (Markdown)")).toHaveValue("Read it **three** times.");
  await expect(edit.getByLabel("New opening time (empty: unchanged)")).toHaveValue(opens);
  await expect(edit.getByLabel("New due time (empty: unchanged)")).toHaveValue(due);
  await expect(edit.getByLabel("Points")).toHaveValue("12");
  await expect(edit.getByLabel("Closed: work from now on does not count")).toBeChecked();
  // Corrected, it is saved.
  await edit.getByLabel("New opening time (empty: unchanged)").fill("");
  await edit.getByRole("button", { name: "Save changes" }).click();
  await expect(staff.getByRole("heading", { level: 1, name: `Renamed ${unique}` })).toBeVisible();
  await expect(staff.getByRole("status").getByText("Changes saved.")).toBeFocused();

  // A link made elsewhere, with words of its own in ?error=, shows nothing on either page.
  const forged = encodeURIComponent("Your account is suspended: write to help@example.com");
  await staff.goto(`/groups/${group.id}?error=${forged}`);
  await expect(staff.getByRole("heading", { name: "Assignments" })).toBeVisible();
  await expect(staff.locator(".notice--error")).toHaveCount(0);
  await expect(staff.getByText("suspended")).toHaveCount(0);
  const made = await instructor.context.request.post(`/api/groups/${group.id}/assignments`, {
    data: { document: ARTICLE.slug, title: `Notices ${unique}`, dueAt: new Date(Date.now() + 24 * 3_600_000).toISOString() },
  });
  expect(made.status()).toBe(201);
  const { id } = (await made.json()) as { id: string };
  await staff.goto(`/assignments/${id}?error=${forged}`);
  await expect(staff.getByRole("heading", { level: 1, name: `Notices ${unique}` })).toBeVisible();
  await expect(staff.getByText("suspended")).toHaveCount(0);
});

test("editing group work after the due time says first that its new words will be handed in late", async ({ browser }) => {
  const unique = Date.now().toString(36);
  const instructor = await createPerson(browser, "instructor", DESKTOP);
  const student = await createPerson(browser, "reader", DESKTOP);
  const group = await createGroup(instructor, { name: `Typo ${unique}`, members: { member: [student] } });
  const made = await instructor.context.request.post(`/api/groups/${group.id}/assignments`, {
    data: { document: ARTICLE.slug, title: `Typos ${unique}`, dueAt: new Date(Date.now() + 3_600_000).toISOString() },
  });
  expect(made.status()).toBe(201);
  const { id } = (await made.json()) as { id: string };
  const onTime = await annotate<{ id: string }>(
    student,
    { group: group.id },
    { at: "calculated tolerance", body: `A thoughful note ${unique}` },
  );
  await reply(student, onTime.id, `A reply with a tpyo ${unique}`);
  const mine = await annotate<{ id: string }>(student, "private", { at: "divergent interests", body: `Private ${unique}` });
  const moved = await instructor.context.request.patch(`/api/assignments/${id}`, { data: { dueAt: new Date().toISOString() } });
  expect(moved.status()).toBe(200);

  const { page } = student;
  await page.goto(`${ARTICLE_PATH}?annotation=${onTime.id}`);
  const card = page.locator(`#annotation-${onTime.id}`);
  await card.getByRole("button", { name: "Edit", exact: true }).click();
  const editor = page.getByRole("form", { name: "Edit annotation" });
  const warning = `“Typos ${unique}” is past its due time: saving new words hands this in again now, as late work. A new colour or tags keep its time.`;
  await expect(editor.locator(".annotation-editor__late")).toHaveText(warning);
  // Read with the comment box, where the words are changed.
  await expect(editor.getByLabel("Comment")).toHaveAccessibleDescription(
    /is past its due time: saving new words hands this in again now, as late work/,
  );
  await expectNoAxeViolations(page);
  await editor.getByRole("button", { name: "Cancel" }).click();

  // A reply in the thread is handed in again as well: its editor says so too, read with its box.
  await card.getByRole("button", { name: "Edit reply" }).click();
  const replyBox = card.getByRole("textbox", { name: "Edit reply" });
  await expect(replyBox).toBeFocused();
  await expect(card.locator(".annotation-editor__late")).toHaveText(
    `“Typos ${unique}” is past its due time: saving new words hands this in again now, as late work.`,
  );
  await expect(replyBox).toHaveAccessibleDescription(/is past its due time: saving new words hands this in again now, as late work/);
  await card.getByRole("button", { name: "Cancel" }).click();
  await expect(card.locator(".annotation-editor__late")).toHaveCount(0);

  // A private note counts for nothing: nothing to say.
  await page.goto(`${ARTICLE_PATH}?annotation=${mine.id}`);
  await page.locator(`#annotation-${mine.id}`).getByRole("button", { name: "Edit", exact: true }).click();
  await expect(page.getByRole("form", { name: "Edit annotation" })).toBeVisible();
  await expect(page.locator(".annotation-editor__late")).toHaveCount(0);
});

test("without the page's script, a refused assignment form comes back with what was typed, and saves once corrected", async ({
  browser,
}) => {
  const unique = Date.now().toString(36);
  const instructor = await createPerson(browser, "instructor", DESKTOP);
  const group = await createGroup(instructor, { name: `Scriptless ${unique}` });
  const context = await browser.newContext({ ...DESKTOP, javaScriptEnabled: false, storageState: await instructor.context.storageState() });
  const page = await context.newPage();

  // The new-assignment form: a plain post, answered with the page holding the form as typed.
  await page.goto(`/groups/${group.id}`);
  await page.getByText("Set a reading for the group").click();
  await page.getByLabel("Title", { exact: true }).fill(`Scriptless ${unique}`);
  await page.getByLabel("Opens (empty: now)").fill("2030-12-20T10:00");
  await page.getByLabel("Due", { exact: true }).fill("2030-12-10T10:00");
  await page.getByLabel("Points").fill("37");
  await page.getByRole("button", { name: "Assign" }).click();
  await expect(page.locator(".notice--error")).toHaveText("The due time must come after the opening time.");
  await expect(page.getByLabel("Title", { exact: true })).toHaveValue(`Scriptless ${unique}`);
  await expect(page.getByLabel("Points")).toHaveValue("37");
  await page.getByLabel("Opens (empty: now)").fill("");
  await page.getByRole("button", { name: "Assign" }).click();
  await expect(page.getByRole("heading", { level: 1, name: `Scriptless ${unique}` })).toBeVisible();
  await expect(page.getByText("Assignment set:")).toBeVisible();

  // The edit form alike.
  const edit = page.getByRole("form", { name: "Edit", exact: true });
  await edit.getByLabel("Title", { exact: true }).fill(`Renamed ${unique}`);
  await edit.getByLabel("New opening time (empty: unchanged)").fill("2030-12-20T10:00");
  await edit.getByLabel("Points").fill("12");
  await edit.getByRole("button", { name: "Save changes" }).click();
  await expect(edit.locator(".notice--error")).toHaveText("The due time must come after the opening time.");
  await expect(edit.getByLabel("Title", { exact: true })).toHaveValue(`Renamed ${unique}`);
  await expect(edit.getByLabel("Points")).toHaveValue("12");
  await edit.getByLabel("New opening time (empty: unchanged)").fill("");
  await edit.getByRole("button", { name: "Save changes" }).click();
  await expect(page.getByText("Changes saved.")).toBeVisible();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(`Renamed ${unique}`);
  await context.close();
});
