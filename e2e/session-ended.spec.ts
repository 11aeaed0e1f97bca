// A form posted after its session ended (signed out on another device, the password changed, the
// cookie expired): an independent check found every server action answering 500, the page falling
// to its error boundary and what was typed lost, while the header still said "Signed in".
import { expect, test } from "./test";
import { createGroup, createPerson } from "./factories";
import { ARTICLE } from "./fixtures";

test("a form saved after the session ended goes to sign in and back, or keeps what was typed and says why", async ({ browser }) => {
  const teacher = await createPerson(browser, "session-ended");
  const { page, context } = teacher;

  // Settings: off to sign in, and from there back to the settings page.
  await page.goto("/settings");
  await context.clearCookies();
  await page.getByRole("button", { name: "Save settings" }).click();
  await page.waitForURL(/\/signin\?callbackUrl=%2Fsettings$/);
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  await expect(page.getByText("This page stopped working")).toHaveCount(0);

  // A new assignment, typed at length: refused beside the form, every word still there.
  const again = await createPerson(browser, "session-ended-2");
  const other = await createGroup(again);
  await again.page.goto(`/groups/${other.id}`);
  await again.page.getByText("Set a reading for the group").click();
  await again.page.getByLabel("Reading", { exact: true }).selectOption({ label: ARTICLE.title });
  await again.page.getByLabel("Title", { exact: true }).fill("Week 9");
  await again.page.getByLabel("Instructions (Markdown)").fill("Read it **twice**, then answer a classmate.");
  await again.page.getByLabel("Due", { exact: true }).fill("2030-12-01T17:00");
  await again.context.clearCookies();
  await again.page.getByRole("button", { name: "Assign" }).click();
  await expect(again.page.getByRole("alert").filter({ hasText: "Your session has ended" })).toContainText("sign in again");
  await expect(again.page.getByLabel("Instructions (Markdown)")).toHaveValue("Read it **twice**, then answer a classmate.");
  await expect(again.page.getByLabel("Title", { exact: true })).toHaveValue("Week 9");
  await Promise.all([context.close(), again.context.close()]);
});
