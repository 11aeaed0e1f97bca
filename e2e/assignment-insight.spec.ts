// Issue 13, items 3 and 5: the reading page records how far a student read, and the assignment
// page shows it — to the student for themselves and to the instructor per student — beside the
// class insight heat map (per paragraph: threads, questions, replies; a click lists the threads,
// each a link into the reading at that annotation). axe-clean on both views.
import { expect, test } from "./test";
import { annotate, createGroup, createPerson, reply } from "./factories";
import { ARTICLE, ARTICLE_PATH, expectNoAxeViolations } from "./fixtures";

const DESKTOP = { viewport: { width: 1280, height: 800 } };

test("reading progress reaches the assignment page beside the class heat map", async ({ browser }) => {
  const unique = Date.now().toString(36);
  const instructor = await createPerson(browser, "instructor", DESKTOP);
  const student = await createPerson(browser, "reader", DESKTOP);
  const group = await createGroup(instructor, { name: `Insight ${unique}`, members: { member: [student] } });
  const created = await instructor.context.request.post(`/api/groups/${group.id}/assignments`, {
    data: {
      document: ARTICLE.slug,
      title: `Read it all ${unique}`,
      dueAt: new Date(Date.now() + 24 * 3_600_000).toISOString(),
      expectations: { annotations: 1, replies: 0, readPercent: 100 },
      questions: { tag: "question" },
    },
  });
  expect(created.status()).toBe(201);
  const assignmentId = ((await created.json()) as { id: string }).id;
  const question = await annotate<{ id: string }>(
    student,
    { group: group.id },
    {
      at: "calculated tolerance",
      body: `Why tolerate it? ${unique}`,
      tags: ["Question"],
    },
  );
  await reply(instructor, question.id, `Think about leverage ${unique}`);

  // The student reads to the end. The page's clock is the browser's to move: a minute of reading
  // passes in an instant, which the server's minute of slack admits (a first batch may claim it).
  const page = student.page;
  await page.clock.install();
  await page.goto(ARTICLE_PATH);
  // The tracker starts once the page is interactive: scrolling before that would go unseen.
  await page.waitForFunction(() => document.documentElement.dataset.hydratedAt !== undefined);
  await page.locator(".reader__body .reader__block").last().scrollIntoViewIfNeeded();
  // Reaching the end is sent at once, but a scroll to the end in a second is not reading it: the
  // server takes it only as far as the active time allows (lib/reading-progress/pace.ts).
  const readPercent = async () => {
    const response = await student.context.request.get(`/api/assignments/${assignmentId}/progress`);
    return ((await response.json()) as { progress: Array<{ reading: { furthestPercent: number } | null }> }).progress[0]?.reading
      ?.furthestPercent;
  };
  await expect.poll(readPercent).toBeGreaterThan(0);
  expect(await readPercent()).toBeLessThan(100);
  // A minute later, still reading (the batch every 30 s carries the time): the end counts.
  await page.clock.fastForward("01:00");
  await expect.poll(readPercent).toBe(100);
  await page.goto(`/assignments/${assignmentId}`);
  await expect(page.getByText(/^Read: 100 % · (under a minute|\d+ min) active$/)).toBeVisible();
  await expect(page.locator(".tag")).toHaveText("Done");
  await expectNoAxeViolations(page);

  // The instructor sees the student's reading and coverage, and the heat map with the question on its paragraph.
  const staff = instructor.page;
  await staff.goto(`/assignments/${assignmentId}`);
  const studentRow = staff.getByRole("row").filter({ has: staff.getByRole("rowheader", { name: student.user.name, exact: true }) });
  await expect(studentRow.getByRole("cell").nth(-2)).toHaveText(/^100 % · /);
  await expect(studentRow.getByRole("img", { name: /^Paragraphs engaged: \d+ of \d+$/ })).toBeVisible();
  const insight = staff.getByRole("region", { name: "Class insight" });
  await expect(insight).toContainText("Questions are threads tagged “question”");
  const busy = insight.getByRole("row").filter({ has: staff.locator("summary") });
  await expect(busy).toHaveCount(1);
  await expect(busy.getByRole("cell").nth(0)).toHaveText("1"); // annotations
  await expect(busy.getByRole("cell").nth(1)).toHaveText("1"); // questions
  await expect(busy.getByRole("cell").nth(2)).toHaveText("1"); // replies
  await expect(busy.locator("summary")).toHaveText(/^1 thread on paragraph \d+$/);
  await busy.locator("summary").click();
  const link = busy.getByRole("link", { name: new RegExp(`^${student.user.name}: “calculated tolerance”`) });
  await expect(link).toHaveAttribute("href", `/read/${ARTICLE.slug}?annotation=${question.id}`);
  await expectNoAxeViolations(staff);

  // On a phone the table scrolls sideways: no heading or count is broken inside a word ("Annotati/ons" was).
  // The lines each cell's first words are drawn on (a summary's hidden "on paragraph N" is not drawn).
  const linesOf = (selector: string) =>
    insight.locator(selector).evaluateAll((cells) =>
      cells.map((cell) => {
        const words = cell.firstChild!;
        const range = document.createRange();
        range.selectNodeContents(words);
        return `${words.textContent?.trim()}: ${new Set([...range.getClientRects()].map((rect) => Math.round(rect.top))).size}`;
      }),
    );
  for (const width of [390, 320]) {
    await staff.setViewportSize({ width, height: 844 });
    expect(await linesOf("th[scope=col]")).toEqual(["Paragraph: 1", "Annotations: 1", "Questions: 1", "Replies: 1", "Threads: 1"]);
    expect((await linesOf("summary")).every((line) => line.endsWith(": 1"))).toBe(true);
    // The table's region scrolls sideways instead, and the page itself does not.
    const region = insight.locator(".review-table__scroll");
    expect(await region.evaluate((element) => element.scrollWidth > element.clientWidth)).toBe(true);
    expect(await staff.evaluate(() => (window.scrollTo(1_000, window.scrollY), window.scrollX))).toBe(0);
    await insight.screenshot({ path: test.info().outputPath(`insight-${width}.png`) });
  }
});
