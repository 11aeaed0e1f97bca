import { expect, test } from "./test";
import { expectNoAxeViolations, expectSignedIn, expectSignedOut, newUser, signIn, signUp } from "./fixtures";
import { mailsTo } from "./mailbox";

// QA round 4, #8: a reader who forgot their password had no way back into their notes.

const resetMails = (email: string) => mailsTo(email).filter((mail) => mail.subject === "Reset your Marginalia password");

function resetLinkIn(text: string): string {
  const match = /https?:\/\/\S+\/reset-password\?token=\S+/.exec(text);
  if (!match) throw new Error(`No reset link in:\n${text}`);
  return match[0];
}

test("forgot password: a link by mail sets a new one, signs out the other devices, and works once", async ({ page, browser }) => {
  const user = newUser("forgot");
  const elsewhere = await browser.newContext();
  await signUp(await elsewhere.newPage(), user);

  await page.goto("/signin");
  await page.getByRole("link", { name: "Forgot your password?" }).click();
  await expect(page.getByRole("heading", { name: "Forgot your password?" })).toBeVisible();
  await expectNoAxeViolations(page);
  await page.getByLabel("Email").fill(user.email.toUpperCase());
  await page.getByRole("button", { name: "Send me a link" }).click();
  await expect(page.getByRole("status")).toContainText(`If an account uses ${user.email}`);
  // An address with no account gets the same answer, and no mail.
  const nobody = `nobody-${Date.now().toString(36)}@example.com`;
  await page.goto("/forgot-password");
  await page.getByLabel("Email").fill(nobody);
  await page.getByRole("button", { name: "Send me a link" }).click();
  await expect(page.getByRole("status")).toContainText(`If an account uses ${nobody}`);

  await expect.poll(() => resetMails(user.email).length).toBe(1);
  const link = resetLinkIn(resetMails(user.email)[0].text);
  expect(new URL(link).origin).toBe(new URL(test.info().project.use.baseURL!).origin);
  await page.goto(link);
  await expect(page.getByText(`For ${user.email}.`)).toBeVisible();
  await expectNoAxeViolations(page);
  await page.getByLabel("New password").fill("short");
  await page.getByRole("button", { name: "Set the new password" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "at least" })).toBeVisible();
  const newPassword = `${user.password}-renewed`;
  await page.getByLabel("New password").fill(newPassword);
  await page.getByRole("button", { name: "Set the new password" }).click();
  await page.waitForURL("**/signin?passwordReset=1");
  await expect(page.getByRole("status")).toContainText("Your password is changed");

  // The device that was signed in is signed out; the old password no longer works, the new one does.
  const other = await elsewhere.newPage();
  await other.goto("/account");
  await expectSignedOut(other);
  await signIn(page, { ...user, password: newPassword });
  await expectSignedIn(page, user);
  expect(mailsTo(nobody)).toEqual([]);

  // The link worked once.
  await page.goto(link);
  await expect(page.getByRole("alert").filter({ hasText: "already used" })).toContainText("Ask for a new one");
  await expect(page.getByRole("link", { name: "Ask for a new link" })).toBeVisible();
  await elsewhere.close();
});
