import { expect, test } from "./test";
import { annotate, createPerson } from "./factories";
import { expectSignedOut } from "./fixtures";

// QA round 4, #8: there was no way to leave; closing takes one's own words and signs out everywhere.
test("closing an account: confirmed with the address and the password, it signs out and the account no longer signs in", async ({
  browser,
}) => {
  const leaver = await createPerson(browser, "closing");
  await annotate(leaver.context, "private", { at: "bilateral relationship", body: "a note that goes with me" });
  const { page } = leaver;
  await page.goto("/account");
  const form = page.getByRole("form", { name: "Close this account" });
  await form.getByLabel("Type this account's email address to confirm").fill("not-mine@example.com");
  await form.getByLabel("Password").fill(leaver.user.password);
  await form.getByRole("button", { name: "Close my account for good" }).click();
  await expect(form.getByRole("alert")).toContainText(`Type your account's address, ${leaver.user.email}, to confirm.`);
  await expect(form.getByLabel("Type this account's email address to confirm")).toHaveValue("not-mine@example.com");

  await form.getByLabel("Type this account's email address to confirm").fill(leaver.user.email);
  await form.getByLabel("Password").fill(leaver.user.password);
  await form.getByRole("button", { name: "Close my account for good" }).click();
  await page.waitForURL("**/account/closed");
  await expect(page.getByRole("heading", { name: "Your account is closed" })).toBeVisible();
  await page.goto("/notes");
  await expectSignedOut(page);
  await page.goto("/signin");
  await page.getByLabel("Email").fill(leaver.user.email);
  await page.getByLabel("Password").fill(leaver.user.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "password" })).toBeVisible();
  await expectSignedOut(page);
  await leaver.context.close();
});
