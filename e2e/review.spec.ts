import { expect, test, type BrowserContext } from "./test";
import { annotate, createGroup, createPerson } from "./factories";
import { ARTICLE, ARTICLE_PATH, expectNoAxeViolations } from "./fixtures";

const SLUG = ARTICLE.slug;

// Three people through several pages on a shared machine.
test.describe.configure({ timeout: 90_000 });

test("instructor review: scores, feedback only the student sees, CSVs with replies; flag and hide; notifications", async ({ browser }) => {
  const instructor = await createPerson(browser, "teacher");
  const alice = await createPerson(browser, "alice");
  const bilal = await createPerson(browser, "bilal");
  const group = await createGroup(instructor, { name: `Policy seminar ${Date.now().toString(36)}`, members: { member: [alice, bilal] } });
  const unique = Date.now().toString(36);
  const claim = await annotate(alice.context, { group: group.id }, { at: "calculated tolerance", body: `The core claim ${unique}` });
  await annotate(alice.context, { instructors: group.id }, { at: "divergent interests", body: `Question for you ${unique}` });
  expect((await bilal.context.request.post(`/api/annotations/${claim.id}/replies`, { data: { body: `I agree ${unique}` } })).status()).toBe(
    201,
  );

  // The instructor's review page: numbers, coverage, a score and feedback.
  await instructor.page.goto(`/groups/${group.id}/review?document=${SLUG}`);
  const aliceRow = instructor.page.getByRole("row").filter({ hasText: alice.user.name });
  await expect(aliceRow).toBeVisible();
  // The wide table scrolls sideways on a phone: its scroller is named and takes focus, so the arrow keys scroll it.
  const scroller = instructor.page.getByRole("region", { name: "Each student's work (scrolls sideways)" });
  await scroller.focus();
  await expect(scroller).toBeFocused();
  await expect(instructor.page.getByRole("img", { name: /Paragraphs engaged: .+ of 15/ }).first()).toBeVisible();
  await expectNoAxeViolations(instructor.page);
  const thread = instructor.page
    .getByRole("listitem")
    .filter({ hasText: `The core claim ${unique}` })
    .first();
  await thread.getByLabel(`Score for ${alice.user.name}'s annotation`).selectOption({ label: "2 Proficient" });
  await expect(thread.getByText(/saved/i)).toBeVisible();
  // Alice's annotation has its feedback form; Bilal's reply in the thread has its own.
  const feedbackForm = thread
    .locator("form")
    // The annotation's, named by its passage ("… on “…”"); the reply's is "… on this reply “…”".
    .filter({ has: instructor.page.getByLabel(`Feedback to ${alice.user.name} on “`) });
  await feedbackForm.getByLabel(`Feedback to ${alice.user.name}`).fill(`Good — now cite the UN reports ${unique}`);
  // Sent once the server has answered 201: the text in the (controlled) textarea matches getByText
  // too, so seeing it on the page proves nothing until the box has been emptied.
  const sent = instructor.page.waitForResponse(
    (response) => response.request().method() === "POST" && new URL(response.url()).pathname === `/api/annotations/${claim.id}/feedback`,
  );
  await feedbackForm.getByRole("button", { name: "Send feedback" }).click();
  expect((await sent).status()).toBe(201);
  await expect(feedbackForm.getByLabel(`Feedback to ${alice.user.name}`)).toHaveValue("");
  await expect(thread.getByText(`Good — now cite the UN reports ${unique}`)).toBeVisible();

  // Feedback reaches Alice, never Bilal.
  const threadAs = async (context: BrowserContext) =>
    (await (await context.request.get(`/api/annotations/${claim.id}`)).json()) as { replies: { body: string }[] };
  expect((await threadAs(alice.context)).replies.map((reply) => reply.body)).toContain(`Good — now cite the UN reports ${unique}`);
  expect((await threadAs(bilal.context)).replies.map((reply) => reply.body)).not.toContain(`Good — now cite the UN reports ${unique}`);
  // Bilal never sees Alice's question to the instructor.
  const bilalSees = await (await bilal.context.request.get(`/api/documents/${SLUG}/annotations?q=${unique}`)).json();
  expect(JSON.stringify(bilalSees)).toContain(`The core claim ${unique}`); // he does see the group's notes
  expect(JSON.stringify(bilalSees)).not.toContain(`Question for you ${unique}`);

  // CSVs: one row per student; one row per annotation and per reply (with the feedback on each).
  const students = await (await instructor.context.request.get(`/api/groups/${group.id}/export/students.csv?document=${SLUG}`)).text();
  const aliceLine = students.split("\r\n").find((line) => line.includes(alice.user.name));
  expect(aliceLine).toBeDefined();
  expect(aliceLine).toContain(alice.user.email);
  const annotationsCsv = await (
    await instructor.context.request.get(`/api/groups/${group.id}/export/annotations.csv?document=${SLUG}`)
  ).text();
  expect(annotationsCsv).toContain(`The core claim ${unique}`);
  // Bilal's reply on a row of its own (kind "reply"), after Alice's annotation's.
  expect(annotationsCsv.split("\r\n").find((line) => line.includes(`I agree ${unique}`))).toContain(
    `,reply,${bilal.user.name},${bilal.user.email},`,
  );
  expect(annotationsCsv).toContain(`Good — now cite the UN reports ${unique}`);
  expect((await bilal.context.request.get(`/api/groups/${group.id}/export/students.csv?document=${SLUG}`)).status()).toBe(403);
  // The group's annotations in the personal-notes formats, for staff only.
  const groupExport = await instructor.context.request.get(`/api/groups/${group.id}/export/notes?format=jsonld&document=${SLUG}`);
  expect(groupExport.status()).toBe(200);
  const collection = await groupExport.json();
  expect(collection.type).toBe("AnnotationCollection");
  expect(JSON.stringify(collection)).toContain(`The core claim ${unique}`);
  expect(JSON.stringify(collection)).toContain(`I agree ${unique}`);
  expect((await bilal.context.request.get(`/api/groups/${group.id}/export/notes?format=jsonld`)).status()).toBe(403);

  // Bilal flags Alice's annotation; the instructor is notified and hides it.
  await bilal.page.goto(ARTICLE_PATH);
  const card = bilal.page.locator(`#annotation-${claim.id}`);
  await card.getByRole("button", { expanded: false }).click();
  await card.getByRole("button", { name: "Flag", exact: true }).click();
  await card.getByLabel("Why are you flagging this?").fill("Off topic");
  await card.getByRole("button", { name: "Send", exact: true }).click();
  await expect(card.getByText("Flagged. The group's instructors will take a look.")).toBeVisible();

  await instructor.page.goto("/notifications");
  await expect(instructor.page.getByRole("link", { name: /^Notifications, \d+ unread$/ })).toBeVisible();
  await expectNoAxeViolations(instructor.page);
  expect((await instructor.context.request.post(`/api/annotations/${claim.id}/hide`)).status()).toBe(200);

  const bilalList = await (await bilal.context.request.get(`/api/documents/${SLUG}/annotations`)).json();
  expect(JSON.stringify(bilalList)).not.toContain(`The core claim ${unique}`);
  expect((await bilal.context.request.get(`/api/annotations/${claim.id}`)).status()).toBe(404);
  await alice.page.goto(ARTICLE_PATH);
  await expect(alice.page.locator(`#annotation-${claim.id}`)).toContainText("Hidden by an instructor");
  // Alice was told about Bilal's reply.
  await alice.page.goto("/notifications");
  await expect(alice.page.getByText(bilal.user.name).first()).toBeVisible();

  // Restored, it is back for the group.
  expect((await instructor.context.request.delete(`/api/annotations/${claim.id}/hide`)).status()).toBe(200);
  expect((await bilal.context.request.get(`/api/annotations/${claim.id}`)).status()).toBe(200);
  await Promise.all([instructor.context.close(), alice.context.close(), bilal.context.close()]);
});

test("by keyboard: arrow keys on a score save each level and keep focus, ending on the one chosen; Send feedback keeps focus and says it went", async ({
  browser,
}) => {
  const instructor = await createPerson(browser, "keys-teacher");
  const student = await createPerson(browser, "keys-student");
  const group = await createGroup(instructor, { name: `Keys ${Date.now().toString(36)}`, members: { member: [student] } });
  const unique = Date.now().toString(36);
  const note = await annotate(student.context, { group: group.id }, { at: "calculated tolerance", body: `Scored by keys ${unique}` });
  const { page } = instructor;
  await page.goto(`/groups/${group.id}/review?document=${SLUG}`);
  const thread = page
    .getByRole("listitem")
    .filter({ hasText: `Scored by keys ${unique}` })
    .first();
  // Named by its passage too: every score on the page has the same visible label.
  const score = thread.getByLabel(`Score for ${student.user.name}'s annotation on “calculated tolerance”`);
  await expect(score).toBeEnabled();
  await score.focus();
  // From "Not scored": 0 Not yet, 1 Developing, 2 Proficient.
  for (let press = 0; press < 3; press += 1) await page.keyboard.press("ArrowDown");
  await expect(score).toBeFocused();
  await expect(score).toHaveValue("2");
  await expect(thread.getByText("Saved", { exact: true })).toBeVisible();
  await expect
    .poll(
      async () => ((await (await instructor.context.request.get(`/api/annotations/${note.id}`)).json()) as { score: number | null }).score,
    )
    .toBe(2);

  const feedback = thread.getByLabel(`Feedback to ${student.user.name} on “calculated tolerance”`);
  await feedback.fill(`Well argued ${unique}`);
  const send = thread.getByRole("button", { name: /^Send feedback/ });
  await send.focus();
  await page.keyboard.press("Enter");
  await expect(thread.getByRole("status").filter({ hasText: `Feedback sent to ${student.user.name}.` })).toBeVisible();
  await expect(send).toBeFocused();
  await expect(feedback).toHaveValue("");
  await instructor.context.close();
  await student.context.close();
});
