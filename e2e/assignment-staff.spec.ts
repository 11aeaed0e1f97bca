// An independent class-of-40 run, staff side: two instructors overriding one grade at once (the
// later page was told "Grade overridden." and silently replaced the earlier grade; "Use the computed
// grade" threw away a grade set since unseen), scores given
// after grades are released (the assignment page said nothing and offered no release), and the
// feedback box, which stopped taking text at 10,000 characters without a word.
import { expect, test } from "./test";
import { annotate, createGroup, createPerson, setScore } from "./factories";
import { ARTICLE, expectNoAxeViolations } from "./fixtures";

const DESKTOP = { viewport: { width: 1280, height: 800 } };

test.describe.configure({ timeout: 120_000 });

test("the staff's assignment page refuses a stale override and releases scores given after the grades", async ({ browser }) => {
  const unique = Date.now().toString(36);
  const prof = await createPerson(browser, "prof", DESKTOP);
  const ta = await createPerson(browser, "ta", DESKTOP);
  const student = await createPerson(browser, "student", DESKTOP);
  const group = await createGroup(prof, { name: `Staff ${unique}`, members: { instructor: [ta], member: [student] } });
  const created = await prof.context.request.post(`/api/groups/${group.id}/assignments`, {
    data: { document: ARTICLE.slug, title: `Week 1 ${unique}`, dueAt: new Date(Date.now() + 86_400_000).toISOString() },
  });
  expect(created.status()).toBe(201);
  const { id } = (await created.json()) as { id: string };

  // Both open the page before either overrides.
  const row = (page: typeof prof.page) =>
    page.getByRole("row").filter({ has: page.getByRole("rowheader", { name: student.user.name, exact: true }) });
  await prof.page.goto(`/assignments/${id}`);
  await ta.page.goto(`/assignments/${id}`);
  await row(prof.page).getByLabel(`Points for ${student.user.name}`).fill("6");
  await row(prof.page).getByLabel("Reason").fill("Discussed in class");
  await row(prof.page).getByRole("button", { name: "Override" }).click();
  await expect(prof.page.getByText("Grade overridden.")).toBeVisible();

  await row(ta.page).getByLabel(`Points for ${student.user.name}`).fill("9");
  await row(ta.page).getByLabel("Reason").fill("Good replies");
  await row(ta.page).getByRole("button", { name: "Override" }).click();
  await expect(
    ta.page.getByText(`${prof.user.name} overrode ${student.user.name}'s grade to 6 (“Discussed in class”) since this page was opened.`),
  ).toBeVisible();
  await expect(ta.page.getByText("Grade overridden.")).toHaveCount(0);
  await expect(row(ta.page).getByRole("cell").nth(5)).toHaveText("6 (overridden: Discussed in class)");

  // The TA, reloaded, overrides again; the professor's page still shows 6 and its "Use the computed
  // grade" is refused too, rather than throwing away the TA's grade unseen.
  await row(ta.page).getByLabel(`Points for ${student.user.name}`).fill("7");
  await row(ta.page).getByLabel("Reason").fill("Good replies");
  await row(ta.page).getByRole("button", { name: "Override" }).click();
  await expect(ta.page.getByText("Grade overridden.")).toBeVisible();
  await row(prof.page).getByRole("button", { name: "Use the computed grade" }).click();
  await expect(
    prof.page.getByText(`${ta.user.name} overrode ${student.user.name}'s grade to 7 (“Good replies”) since this page was opened.`),
  ).toBeVisible();
  await expect(prof.page.getByText("Override taken back")).toHaveCount(0);
  await expect(row(prof.page).getByRole("cell").nth(5)).toHaveText("7 (overridden: Good replies)");

  // Grades out, then a score given on the student's work: the page says it waits, and releases it.
  await prof.page.getByRole("button", { name: "Release grades" }).click();
  await expect(prof.page.getByText("Grades released: each student now sees their own.")).toBeVisible();
  await expect(prof.page.getByText("not released yet")).toHaveCount(0);
  const note = await annotate(student, { group: group.id }, { at: "calculated tolerance", body: `A claim ${unique}` });
  await setScore(prof, note.id, 2);
  await prof.page.reload();
  const release = prof.page.getByRole("region", { name: "Release and export" });
  await expect(release).toContainText("1 score on this reading is not released yet: students do not see it.");
  await expectNoAxeViolations(prof.page);
  await release.getByRole("button", { name: "Release scores" }).click();
  await expect(release.getByText("1 score released.")).toBeVisible();
  await expect(release.getByText("not released yet")).toHaveCount(0);
});

test("the feedback box counts characters near its limit and says when it stops taking them", async ({ browser }) => {
  const unique = Date.now().toString(36);
  const instructor = await createPerson(browser, "instructor", DESKTOP);
  const student = await createPerson(browser, "student", DESKTOP);
  const group = await createGroup(instructor, { name: `Feedback ${unique}`, members: { member: [student] } });
  await annotate(student, { group: group.id }, { at: "calculated tolerance", body: `A claim ${unique}` });

  const review = instructor.page;
  await review.goto(`/groups/${group.id}/review?document=${ARTICLE.slug}`);
  const box = review.getByLabel(`Feedback to ${student.user.name}`);
  await box.fill("Cite the paragraph.");
  await expect(review.getByText(/of 10,000 characters/)).toHaveCount(0);
  await box.fill("a".repeat(9_500));
  await expect(box).toHaveAccessibleDescription("9,500 of 10,000 characters");
  await box.fill("a".repeat(10_050));
  await expect(box).toHaveValue("a".repeat(10_000));
  await expect(review.getByText("10,000 of 10,000 characters: the limit, nothing more is added.")).toBeVisible();
  await expectNoAxeViolations(review);
});

test("on a phone each student is a card of the staff's table, and nothing on the page is wider than the screen", async ({ browser }) => {
  const unique = Date.now().toString(36);
  const prof = await createPerson(browser, "prof", DESKTOP);
  const students = [await createPerson(browser, "student", DESKTOP), await createPerson(browser, "student", DESKTOP)];
  const group = await createGroup(prof, { name: `Phone ${unique}`, members: { member: students } });
  const created = await prof.context.request.post(`/api/groups/${group.id}/assignments`, {
    data: {
      document: ARTICLE.slug,
      title: `Week 2 ${unique}`,
      dueAt: new Date(Date.now() + 86_400_000).toISOString(),
      grading: { rubricPercent: 20 },
    },
  });
  expect(created.status()).toBe(201);
  const { id } = (await created.json()) as { id: string };
  await annotate(students[0], { group: group.id }, { at: "calculated tolerance", body: `A claim ${unique}` });
  const overridden = await prof.context.request.put(`/api/assignments/${id}/grades/${students[0].id}`, {
    data: { points: 8, reason: "Led the seminar's discussion of the second section, with care" },
  });
  expect(overridden.status()).toBe(200);

  const page = prof.page;
  await page.goto(`/assignments/${id}`);
  const region = page.getByRole("region", { name: /^Students' progress and grades/ });
  const row = region.getByRole("row").filter({ has: page.getByRole("rowheader", { name: students[0].user.name, exact: true }) });
  for (const width of [1280, 390, 320]) {
    await page.setViewportSize({ width, height: 844 });
    // Still a table to a screen reader: column headers, a row header per student, cells in order.
    await expect(region.getByRole("columnheader")).toHaveText([
      "Student",
      "Status",
      "Annotations",
      "Replies",
      "Late",
      "Rubric (mean of 3)",
      "Computed",
      "Grade",
      "Override",
      "Read",
      /^Coverage/,
    ]);
    const grade = "8 (overridden: Led the seminar's discussion of the second section, with care)";
    await expect(row.getByRole("cell").nth(6)).toHaveText(grade);
    // The column's name shown on a card is not read out a second time with the cell.
    await expect(row.getByRole("cell").nth(6)).toHaveAccessibleName(grade);
    await expect(row.getByLabel(`Points for ${students[0].user.name}`)).toBeVisible();
    await region.screenshot({ path: test.info().outputPath(`assignment-staff-${width}.png`) });
    if (width === 1280) continue;
    // Neither the page nor the table's region scrolls sideways: every column is there to read.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
    expect(await region.evaluate((element) => element.scrollWidth - element.clientWidth)).toBeLessThanOrEqual(0);
    // Each value is labelled with its column's name where it is shown.
    const label = await row
      .getByRole("cell")
      .nth(6)
      .evaluate((cell) => getComputedStyle(cell, "::before").content);
    expect(label).toContain("Grade");
    await expectNoAxeViolations(page);
  }
});

// An independent check: grades stay live after a release, and a student's work since moved the
// grade they see while the staff, whose exported gradebook still held the released one, were told nothing.
test("after a release, the staff see which grades moved since and may release them again", async ({ browser }) => {
  const unique = Date.now().toString(36);
  const prof = await createPerson(browser, "prof-moved", DESKTOP);
  const student = await createPerson(browser, "student-moved", DESKTOP);
  const group = await createGroup(prof, { name: `Moved ${unique}`, members: { member: [student] } });
  const created = await prof.context.request.post(`/api/groups/${group.id}/assignments`, {
    data: { document: ARTICLE.slug, title: `Week 2 ${unique}`, dueAt: new Date(Date.now() + 86_400_000).toISOString() },
  });
  expect(created.status()).toBe(201);
  const { id } = (await created.json()) as { id: string };
  const page = prof.page;
  const release = page.getByRole("region", { name: "Release and export" });
  const gradeCell = page
    .getByRole("row")
    .filter({ has: page.getByRole("rowheader", { name: student.user.name, exact: true }) })
    .getByRole("cell")
    .nth(5);

  await page.goto(`/assignments/${id}`);
  await release.getByRole("button", { name: "Release grades" }).click();
  await expect(page.getByText("Grades released: each student now sees their own.")).toBeVisible();
  await expect(gradeCell).toHaveText("0");
  await expect(release.getByRole("button", { name: "Release grades again" })).toHaveCount(0);

  // The student posts after the release: their grade moves, and the staff's page says from what.
  await annotate(student, { group: group.id }, { at: "calculated tolerance", body: `After the release ${unique}` });
  await page.reload();
  const moved = (await gradeCell.textContent())!.match(/^(\d+(?:\.\d+)?) released as 0$/);
  expect(moved, (await gradeCell.textContent()) ?? "").not.toBeNull();
  await expect(release).toContainText(`1 grade has moved since the last release: ${student.user.name} 0 → ${moved![1]}.`);
  await expectNoAxeViolations(page);

  // Released again: what stands is what was released, and nothing has moved.
  await release.getByRole("button", { name: "Release grades again" }).click();
  await expect(page.getByText("Grades released: each student now sees their own.")).toBeVisible();
  await expect(gradeCell).toHaveText(moved![1]);
  await expect(release.getByText("moved since the last release")).toHaveCount(0);
  await expect(release).toContainText(", last ");
  expect(
    ((await (await prof.context.request.get(`/api/assignments/${id}/grades`)).json()) as { grades: { released: { points: number } }[] })
      .grades[0].released.points,
  ).toBe(Number(moved![1]));
  await Promise.all([prof.context.close(), student.context.close()]);
});
