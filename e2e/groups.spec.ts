import { expect, test, type BrowserContext } from "./test";
import { annotate, createGroup, createPerson } from "./factories";
import { ARTICLE, ARTICLE_PATH, expectNoAxeViolations, MARKUP_ONLY } from "./fixtures";

const SLUG = ARTICLE.slug;

/** Every annotation body `context`'s reader can list on the article, all pages (other tests share theirs with everyone). */
async function bodiesSeenBy(context: BrowserContext) {
  const bodies: string[] = [];
  let cursor: string | null = null;
  do {
    const response = await context.request.get(`/api/documents/${SLUG}/annotations`, {
      params: { limit: "500", ...(cursor && { cursor }) },
    });
    expect(response.status()).toBe(200);
    const page = (await response.json()) as { items: { body: string }[]; nextCursor: string | null };
    bodies.push(...page.items.map((item) => item.body));
    cursor = page.nextCursor;
  } while (cursor);
  return bodies;
}

test("an instructor's group: invite by link, students join, group and instructors-only notes reach exactly the right people", async ({
  browser,
}) => {
  const instructor = await createPerson(browser, "instructor");
  const groupName = `Seminar B ${Date.now().toString(36)}`;
  await instructor.page.goto("/groups");
  await instructor.page.getByLabel("Name").fill(groupName);
  await instructor.page.getByRole("button", { name: "Create group" }).click();
  await expect(instructor.page.getByRole("heading", { level: 1, name: groupName })).toBeVisible();
  const groupId = instructor.page.url().split("/groups/")[1];
  await expectNoAxeViolations(instructor.page);

  await instructor.page.getByRole("button", { name: "Create invitation link" }).click();
  const inviteUrl = await instructor.page.getByLabel("Invitation link", { exact: true }).inputValue();
  expect(inviteUrl).toMatch(/\/invite\/[A-Za-z0-9_-]{40,}$/);

  const studentA = await createPerson(browser, "student-a");
  const studentB = await createPerson(browser, "student-b");
  for (const student of [studentA, studentB]) {
    await student.page.goto(inviteUrl);
    await student.page.getByRole("button", { name: `Join ${groupName}` }).click();
    await expect(student.page.getByRole("heading", { level: 1, name: groupName })).toBeVisible();
  }

  const unique = Date.now().toString(36);
  await annotate(studentA.context, { group: groupId }, { at: "calculated tolerance", body: `For the group ${unique}` });
  await annotate(studentA.context, { instructors: groupId }, { at: "divergent interests", body: `For the teacher ${unique}` });
  await annotate(studentA.context, "private", { at: "Deobandi school", body: `Just mine ${unique}` });

  expect(await bodiesSeenBy(studentB.context)).toContain(`For the group ${unique}`);
  expect(await bodiesSeenBy(studentB.context)).not.toContain(`For the teacher ${unique}`);
  expect(await bodiesSeenBy(studentB.context)).not.toContain(`Just mine ${unique}`);
  expect(await bodiesSeenBy(instructor.context)).toEqual(expect.arrayContaining([`For the group ${unique}`, `For the teacher ${unique}`]));
  expect(await bodiesSeenBy(instructor.context)).not.toContain(`Just mine ${unique}`);

  // The reading page says each note's scope in words.
  await studentB.page.goto(ARTICLE_PATH);
  const card = studentB.page.getByRole("listitem").filter({ hasText: `For the group ${unique}` });
  await expect(card).toContainText(`Group: ${groupName}`);
  await expect(studentB.page.getByText(`For the teacher ${unique}`)).toHaveCount(0);

  // The owner removes student B, who is locked out on the very next request.
  instructor.page.on("dialog", (dialog) => dialog.accept());
  await instructor.page.goto(`/groups/${groupId}`);
  await instructor.page.getByRole("button", { name: `Remove ${studentB.user.name}` }).click();
  await expect(instructor.page.getByRole("list", { name: /^Members/ }).getByText(studentB.user.name)).toHaveCount(0);
  // …and is listed as removed, for the owner to let back in.
  await expect(
    instructor.page.getByRole("region", { name: "Who may join" }).getByRole("button", { name: `Let ${studentB.user.name} back in` }),
  ).toBeVisible();
  expect(await bodiesSeenBy(studentB.context)).not.toContain(`For the group ${unique}`);
  expect((await studentB.context.request.get(`/api/groups/${groupId}`)).status()).toBe(404);

  await Promise.all([instructor.context.close(), studentA.context.close(), studentB.context.close()]);
});

test("hide until you post: peers' group notes appear once a member has posted", async ({ browser }) => {
  const owner = await createPerson(browser, "owner");
  const group = await createGroup(owner, { name: `Reading circle ${Date.now().toString(36)}`, hideUntilPostCount: 1 });

  const first = await createPerson(browser, "first");
  const late = await createPerson(browser, "late");
  for (const member of [first, late]) {
    expect((await member.context.request.post("/api/groups/join", { data: { code: group.joinCode.toLowerCase() } })).status()).toBeLessThan(
      300,
    );
  }
  const unique = Date.now().toString(36);
  await annotate(first.context, { group: group.id }, { at: "calculated tolerance", body: `Early thought ${unique}` });

  expect(await bodiesSeenBy(late.context)).not.toContain(`Early thought ${unique}`);
  await annotate(late.context, { group: group.id }, { at: "divergent interests", body: `My own first ${unique}` });
  expect(await bodiesSeenBy(late.context)).toContain(`Early thought ${unique}`);
  // The owner always sees everything.
  expect(await bodiesSeenBy(owner.context)).toEqual(expect.arrayContaining([`Early thought ${unique}`, `My own first ${unique}`]));
  await Promise.all([owner.context.close(), first.context.close(), late.context.close()]);
});

test("the editor offers my groups as scopes and remembers the last one", async ({ browser }) => {
  const reader = await createPerson(browser, "scoped");
  const name = `Lab ${Date.now().toString(36)}`;
  await createGroup(reader, { name });
  await reader.page.goto(ARTICLE_PATH);
  await reader.page.getByRole("button", { name: "Annotate paragraph 1:" }).click();
  const editor = reader.page.getByRole("form", { name: "New annotation" });
  await editor.getByLabel("Who can see this").selectOption({ label: `Group: ${name}` });
  await editor.getByLabel("Comment").fill("Scoped to the lab");
  await editor.getByRole("button", { name: "Save" }).click();
  const card = reader.page.getByRole("listitem").filter({ hasText: "Scoped to the lab" });
  await expect(card).toContainText(`Group: ${name}`);
  await expect(reader.page.getByRole("status").filter({ hasText: "Saving…" })).toHaveCount(0);

  await reader.page.reload();
  await reader.page.getByRole("button", { name: "Annotate paragraph 2:" }).click();
  await expect(reader.page.getByRole("form", { name: "New annotation" }).getByLabel("Who can see this")).toHaveValue(/group/);
  await reader.context.close();
});

test("move several of my annotations into a group at once, from the sidebar", async ({ browser }) => {
  const reader = await createPerson(browser, "mover");
  const name = `Study pair ${Date.now().toString(36)}`;
  const group = await createGroup(reader, { name });
  const unique = Date.now().toString(36);
  await annotate(reader.context, "private", { at: "calculated tolerance", body: `first ${unique}` });
  await annotate(reader.context, "private", { at: "divergent interests", body: `second ${unique}` });
  await reader.page.goto(ARTICLE_PATH);
  const sidebar = reader.page.getByRole("complementary", { name: "Annotations" });
  await sidebar.getByRole("radio", { name: /^Me \(/ }).check();
  await sidebar.getByLabel("Search annotations").fill(unique);
  await sidebar.getByText("Move all 2 of mine shown here to another audience").click();
  await sidebar.getByLabel("Move the 2 of mine shown here to").selectOption({ label: `Group: ${name}` });
  await sidebar.getByRole("button", { name: "Move", exact: true }).click();
  await expect(sidebar.getByText("Moved 2 annotations.")).toBeVisible();
  await expect(sidebar.getByRole("listitem").filter({ hasText: `first ${unique}` })).toContainText(`Group: ${name}`);
  const { items } = await (await reader.context.request.get(`/api/documents/${SLUG}/annotations?author=me&q=${unique}`)).json();
  expect(items.map((item: { groupId: string }) => item.groupId)).toEqual([group.id, group.id]);
  await reader.context.close();
});

test("axe-core finds nothing on the groups list and an invitation, in both themes", { tag: MARKUP_ONLY }, async ({ browser }) => {
  const owner = await createPerson(browser, "axe-owner");
  const group = await createGroup(owner, { name: `Axe group ${Date.now().toString(36)}` });
  const invite = (await (await owner.context.request.post(`/api/groups/${group.id}/invites`, { data: {} })).json()) as { url: string };
  for (const colorScheme of ["light", "dark"] as const) {
    const { context, page } = await createPerson(browser, "axe-guest", { colorScheme });
    await page.goto("/groups");
    await expectNoAxeViolations(page, { coloursOnly: colorScheme === "dark" });
    await page.goto(new URL(invite.url).pathname);
    await expect(page.getByRole("button", { name: /^Join / })).toBeVisible();
    await expectNoAxeViolations(page, { coloursOnly: colorScheme === "dark" });
    await context.close();
  }
  await owner.context.close();
});

test("a group's description keeps the lines its owner typed", async ({ browser }) => {
  const { page, context } = await createPerson(browser, "describer");
  const group = await createGroup({ context });
  const description = "Week 1: read the article.\nWeek 2: annotate it.";
  expect((await context.request.patch(`/api/groups/${group.id}`, { data: { description } })).status()).toBe(200);
  await page.goto(`/groups/${group.id}`);
  await expect(page.locator(".group-page__description")).toHaveText(description);
  // As shown: two lines, not one run of words.
  expect(await page.locator(".group-page__description").evaluate((element) => (element as HTMLElement).innerText)).toBe(description);
  await context.close();
});
