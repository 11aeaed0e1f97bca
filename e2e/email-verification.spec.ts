import { expect, test, type Page } from "./test";
import { verificationLinkIn } from "../tests/mail/smtp-inbox";
import { expectNoAxeViolations, expectSignedIn, newUser, signUp, type TestUser } from "./fixtures";
import { mailsTo } from "./mailbox";

/** The verification link of the `nth` mail (1-based) the suite's SMTP server received for this person. */
async function nthLink(user: TestUser, nth = 1): Promise<URL> {
  await expect.poll(() => mailsTo(user.email).length, { message: `mail number ${nth} to ${user.email}` }).toBeGreaterThanOrEqual(nth);
  const mail = mailsTo(user.email)[nth - 1];
  expect(mail.subject).toBe("Verify your email address for Marginalia");
  return verificationLinkIn(mail);
}

async function emailStatus(page: Page) {
  await page.goto("/account");
  return page.getByTestId("email-status");
}

test.describe("email verification", () => {
  test("sign up, get the link by mail, open it signed in: the account says verified; the link works once", async ({ page }) => {
    const user = newUser("verify");
    await signUp(page, user);
    // The library says where the link went, the day it is sent.
    await page.goto("/");
    await expect(page.getByText(`We sent a link to ${user.email} to confirm the address is yours`)).toBeVisible();
    await expect(await emailStatus(page)).toHaveText("Not verified");
    const link = await nthLink(user);
    expect(link.origin).toBe(new URL(test.info().project.use.baseURL!).origin);

    await page.goto(link.href);
    await expect(page.getByText(`Signed in as ${user.email}`)).toBeVisible();
    await expectNoAxeViolations(page);
    await page.getByRole("button", { name: "Verify my email address" }).click();
    await expect(page.getByRole("status")).toContainText("Your email address is verified.");
    await expect(await emailStatus(page)).toHaveText("Verified");
    await expect(page.getByRole("button", { name: "Resend verification email" })).toHaveCount(0);
    await page.goto("/");
    await expect(page.getByText("We sent a link to")).toHaveCount(0);

    await page.goto(link.href);
    await page.getByRole("button", { name: "Verify my email address" }).click();
    await expect(page.getByRole("alert").filter({ hasText: "already used" })).toContainText("This verification link was already used.");
  });

  test("a link opened while signed out asks for the account's password first, then verifies", async ({ page, browser }) => {
    const user = newUser("verify-later");
    const signUpContext = await browser.newContext();
    await signUp(await signUpContext.newPage(), user);
    await signUpContext.close();
    const link = await nthLink(user);

    await page.goto(link.href);
    await expect(page).toHaveURL(/\/signin\?callbackUrl=/);
    await page.getByLabel("Email").fill(user.email);
    await page.getByLabel("Password").fill(user.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expectSignedIn(page, user);
    await page.getByRole("button", { name: "Verify my email address" }).click();
    await expect(page.getByRole("status")).toContainText("Your email address is verified.");
    await expect(await emailStatus(page)).toHaveText("Verified");
  });

  // The button is a real form: a click before the page hydrates (or with JavaScript off) still verifies.
  // The last stop's CI lost this race once, when it was an onClick button.
  test("the Verify button works without JavaScript", async ({ browser }) => {
    const user = newUser("verify-nojs");
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    const signUpContext = await browser.newContext();
    await signUp(await signUpContext.newPage(), user);
    const link = await nthLink(user);
    await signUpContext.storageState().then((state) => context.addCookies(state.cookies));
    await signUpContext.close();

    await page.goto(link.href);
    await page.getByRole("button", { name: "Verify my email address" }).click();
    await expect(page.getByRole("status")).toContainText("Your email address is verified.");
    await expect(await emailStatus(page)).toHaveText("Verified");
    await context.close();
  });

  test("Resend mails a new link that works", async ({ page }) => {
    const user = newUser("resend");
    await signUp(page, user);
    await nthLink(user, 1);
    await page.goto("/account");
    await page.getByRole("button", { name: "Resend verification email" }).click();
    await expect(page.getByRole("status").filter({ hasText: "new link" })).toContainText("We sent you a new link.");
    const second = await nthLink(user, 2);

    await page.goto(second.href);
    await page.getByRole("button", { name: "Verify my email address" }).click();
    await expect(page.getByRole("status")).toContainText("Your email address is verified.");
    await expect(await emailStatus(page)).toHaveText("Verified");
  });
});
