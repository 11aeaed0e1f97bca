import { expect, test, type Page } from "./test";
import { expectSignedIn, expectSignedOut, formAlert, newUser, postCredentials, signIn, signUp, signUpWithoutScript } from "./fixtures";

test.describe("accounts", () => {
  test("sign up, sign out, sign in", async ({ page }) => {
    const user = newUser();
    await signUp(page, user);
    await expect(page).toHaveURL("/");

    await page.getByRole("button", { name: "Sign out" }).click();
    await expectSignedOut(page);

    await signIn(page, user);
    await page.goto("/account");
    await expect(page.getByRole("heading", { name: "Your account" })).toBeVisible();
    await expect(page.getByText(user.email)).toBeVisible();
  });

  test("sign up returns to the page the reader came from", async ({ page }) => {
    const user = newUser();
    await page.goto("/signup?callbackUrl=%2Faccount");
    await page.getByLabel("Name").fill(user.name);
    await page.getByLabel("Email").fill(user.email);
    await page.getByLabel("Password").fill(user.password);
    await page.getByRole("button", { name: "Create account" }).click();
    await expect(page).toHaveURL("/account");
    await expectSignedIn(page, user);
  });

  test("never returns to another site after signing in", async ({ page }) => {
    const user = newUser();
    await signUp(page, user);
    await page.getByRole("button", { name: "Sign out" }).click();
    await expectSignedOut(page);
    await page.goto("/signin?callbackUrl=https%3A%2F%2Fevil.example%2F");
    await page.getByLabel("Email").fill(user.email);
    await page.getByLabel("Password").fill(user.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expectSignedIn(page, user);
    expect(new URL(page.url()).host).toBe(new URL(test.info().project.use.baseURL!).host);
  });

  test("each bad sign-up input gets its own message next to its field", async ({ page }) => {
    const existing = newUser("existing");
    await signUp(page, existing);
    await page.getByRole("button", { name: "Sign out" }).click();
    await expectSignedOut(page);

    await page.goto("/signup");
    await page.getByRole("button", { name: "Create account" }).click();
    await expect(page.getByText("Enter your name.")).toBeVisible();
    await expect(page.getByText("Enter your email address.")).toBeVisible();
    await expect(page.getByText("Use at least 8 characters for your password.")).toBeVisible();
    await expect(page.getByLabel("Name")).toBeFocused();
    await expect(page.getByLabel("Name")).toHaveAttribute("aria-invalid", "true");

    await page.getByLabel("Name").fill("Someone");
    await page.getByLabel("Email").fill("not-an-email");
    await page.getByLabel("Password").fill("short");
    await page.getByRole("button", { name: "Create account" }).click();
    await expect(page.getByText("Enter a valid email address, like name@example.com.")).toBeVisible();
    await expect(page.getByText("Use at least 8 characters for your password.")).toBeVisible();
    // What was typed is still there to correct.
    await expect(page.getByLabel("Name")).toHaveValue("Someone");

    await page.getByLabel("Email").fill(existing.email.toUpperCase());
    await page.getByLabel("Password").fill("long enough password");
    await page.getByRole("button", { name: "Create account" }).click();
    await expect(page.getByText("An account with this email already exists. Sign in instead.")).toBeVisible();
    await expectSignedOut(page);
  });

  test("signing in with a password marks this browser a known device of the account, in an HttpOnly cookie", async ({ page }) => {
    const user = newUser();
    await signUp(page, user);
    await page.getByRole("button", { name: "Sign out" }).click();
    await expectSignedOut(page);
    await page.context().clearCookies({ name: "marginalia.device" });

    await page.goto("/signin");
    await page.getByLabel("Email").fill(user.email);
    await page.getByLabel("Password").fill(user.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByRole("button", { name: "Sign out" })).toBeVisible();
    const device = (await page.context().cookies()).find((cookie) => cookie.name === "marginalia.device");
    expect(device).toMatchObject({ httpOnly: true, sameSite: "Lax", path: "/" });
    // About a year (server/auth/known-device.ts), not a session cookie.
    expect(device!.expires * 1000 - Date.now()).toBeGreaterThan(300 * 24 * 3600 * 1000);
  });

  test("a wrong password says so and signs nobody in", async ({ page }) => {
    const user = newUser();
    await signUp(page, user);
    await page.getByRole("button", { name: "Sign out" }).click();
    await expectSignedOut(page);

    await page.goto("/signin");
    await page.getByLabel("Email").fill(user.email);
    await page.getByLabel("Password").fill("not the password");
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(formAlert(page)).toHaveText("Wrong email or password. Check both and try again.");
    await expectSignedOut(page);
  });

  test("repeated wrong passwords are refused with 429 and the form says when to try again", async ({ page }) => {
    const user = newUser();
    await signUp(page, user);
    await page.getByRole("button", { name: "Sign out" }).click();
    await expectSignedOut(page);

    // Twenty fast wrong passwords from a script in this browser. It signed up here, so it is a known
    // device of the account: it answers for its own failures (ten, wherever it is), not for the
    // address's or the email's there, which anyone behind the same address can fill. Then 429.
    const statuses: number[] = [];
    let retryAfter: string | undefined;
    await page.goto("/signin");
    for (let attempt = 0; attempt < 20; attempt++) {
      const response = await postCredentialsFromPage(page, user.email, `wrong-${attempt}`);
      statuses.push(response.status);
      if (response.status === 429) retryAfter = response.retryAfter ?? undefined;
    }
    expect(statuses.slice(0, 10)).toEqual(Array(10).fill(401));
    expect(statuses.slice(10)).toEqual(Array(10).fill(429));
    expect(Number(retryAfter)).toBeGreaterThan(800);
    expect(Number(retryAfter)).toBeLessThanOrEqual(900);

    // Even the right password waits now, and the form says for how long.
    await page.goto("/signin");
    await page.getByLabel("Email").fill(user.email);
    await page.getByLabel("Password").fill(user.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(formAlert(page)).toHaveText(/Too many failed sign-in attempts\. Try again in 1[45] minutes\./);
    await expect(page.getByRole("button", { name: "Sign in" })).toBeDisabled();
    await expectSignedOut(page);

    // Another account is unaffected by this one's lock.
    const other = newUser("other");
    const otherPage = await page.context().browser()!.newPage();
    await signUp(otherPage, other);
    await otherPage.close();
  });

  test("a script can sign in through the credentials callback and read its session", async ({ page, request }) => {
    const user = newUser();
    await signUp(page, user);
    const response = await postCredentials(request, user.email, user.password);
    expect(response.status()).toBe(200);
    const cookie = response.headers()["set-cookie"];
    expect(cookie).toMatch(/next-auth\.session-token=/);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    const session = await (await request.get("/api/auth/session")).json();
    expect(session.user).toEqual({ id: expect.any(String), name: user.name, email: user.email });
    expect(JSON.stringify(session)).not.toMatch(/argon2|passwordHash/);
  });

  test("sign out everywhere ends every session at once, including stolen copies of the cookie", async ({ browser }) => {
    const user = newUser();
    const laptop = await browser.newContext();
    const phone = await browser.newContext();
    const laptopPage = await laptop.newPage();
    const phonePage = await phone.newPage();
    await signUp(laptopPage, user);
    await signIn(phonePage, user);
    const phoneCookies = await phone.cookies();

    await laptopPage.goto("/account");
    await laptopPage.getByRole("button", { name: "Sign out everywhere" }).click();
    await expect(laptopPage.getByRole("status")).toHaveText("You are signed out on every device.");
    await expectSignedOut(laptopPage);

    // The phone's next request is refused, without it doing anything.
    await phonePage.goto("/account");
    await expect(phonePage).toHaveURL(/\/signin/);
    await expectSignedOut(phonePage);

    // A copy of the old cookie replayed elsewhere is worthless too.
    const thief = await browser.newContext();
    await thief.addCookies(phoneCookies);
    const stolen = await thief.request.get("/api/auth/session");
    expect(await stolen.json()).toEqual({});

    // Signing in again works as usual.
    await signIn(phonePage, user);
    await Promise.all([laptop.close(), phone.close(), thief.close()]);
  });

  test("the account page needs an account", async ({ page }) => {
    await page.goto("/account");
    await expect(page).toHaveURL(/\/signin\?callbackUrl=(%2F|\/)account$/);
  });
});

// A form sent before its page's script has run (a slow phone, a blocked script) is posted by the
// browser itself, to the form's server action: without one it went out as a GET, the password in
// the address bar, the history and the server's logs.
test.describe("before the page's script runs", () => {
  test.use({ javaScriptEnabled: false });

  test("sign-up and sign-in still work, say what is wrong, and never put the password in an address", async ({ page, browser }) => {
    const user = newUser("no-script");
    const addresses: string[] = [];
    page.on("request", (request) => addresses.push(request.url()));

    await page.goto("/signup?callbackUrl=%2Faccount");
    await page.getByLabel("Name").fill(user.name);
    await page.getByLabel("Email").fill(user.email);
    await page.getByLabel("Password").fill("short");
    await page.getByRole("button", { name: "Create account" }).click();
    await expect(page.getByText("Use at least 8 characters for your password.")).toBeVisible();
    await expect(page.getByLabel("Name")).toHaveValue(user.name);
    await expect(page.getByLabel("Email")).toHaveValue(user.email);

    await page.getByLabel("Password").fill(user.password);
    await page.getByRole("button", { name: "Create account" }).click();
    await expect(page).toHaveURL("/account");
    await expectSignedIn(page, user);
    await expect(page.getByText(user.email)).toBeVisible();

    await page.context().clearCookies();
    await page.goto("/signin?callbackUrl=https%3A%2F%2Fevil.example%2F");
    await page.getByLabel("Email").fill(user.email);
    await page.getByLabel("Password").fill("not-the-password");
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(formAlert(page)).toHaveText("Wrong email or password. Check both and try again.");
    await expectSignedOut(page);
    await expect(page.getByLabel("Email")).toHaveValue(user.email);

    await page.getByLabel("Password").fill(user.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expectSignedIn(page, user);
    expect(new URL(page.url()).host).toBe(new URL(test.info().project.use.baseURL!).host);

    expect(addresses.filter((address) => address.includes(encodeURIComponent(user.password)) || address.includes("password="))).toEqual([]);

    // The session begun without a script is a session like any other: "sign out everywhere", from
    // a laptop where the page's script runs, ends it.
    const laptop = await browser.newContext({ javaScriptEnabled: true });
    const laptopPage = await laptop.newPage();
    await signIn(laptopPage, user);
    await laptopPage.goto("/account");
    await laptopPage.getByRole("button", { name: "Sign out everywhere" }).click();
    await expect(laptopPage.getByRole("status")).toHaveText("You are signed out on every device.");
    await page.goto("/account");
    await expect(page).toHaveURL(/\/signin/);
    await laptop.close();
  });

  test("repeated wrong passwords are refused the same way, the right one included", async ({ page }) => {
    const user = newUser("no-script-throttled");
    await signUp(page, user); // the page's own form, posted without its script
    await page.context().clearCookies();

    await page.goto("/signin");
    for (let attempt = 0; attempt < 5; attempt++) {
      await page.getByLabel("Email").fill(user.email);
      await page.getByLabel("Password").fill(`wrong-${attempt}-password`);
      await page.getByRole("button", { name: "Sign in" }).click();
      await expect(formAlert(page)).toHaveText("Wrong email or password. Check both and try again.");
    }
    await page.getByLabel("Email").fill(user.email);
    await page.getByLabel("Password").fill(user.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(formAlert(page)).toContainText("Too many failed sign-in attempts. Try again in");
    await expectSignedOut(page);
  });

  test("a form that needs the page's script, sent before it runs, keeps its fields out of the address", async ({ page }) => {
    await signUpWithoutScript(page.context().request, newUser("no-script-forms"));
    const addresses: string[] = [];
    page.on("request", (request) => addresses.push(request.url()));
    await page.goto("/groups");
    // Their buttons wait for the script (disabled); Enter in a field is the browser's own submit.
    await expect(page.getByRole("button", { name: "Join group" })).toBeDisabled();
    await page.getByLabel("Join code").fill("SECRET42");
    await page.getByLabel("Join code").press("Enter");
    await expect(page).toHaveURL("/groups");
    await expect(page.getByRole("button", { name: "Create group" })).toBeDisabled();
    await page.getByLabel("Name").fill("Private seminar name");
    await page.getByLabel("Name").press("Enter");
    await expect(page).toHaveURL("/groups");
    expect(addresses.filter((address) => /SECRET42|seminar/i.test(address))).toEqual([]);
  });
});

/** The credentials callback, asked from the page's own network stack (so from the browser's address), as a script on it would. */
function postCredentialsFromPage(page: Page, email: string, password: string): Promise<{ status: number; retryAfter: string | null }> {
  return page.evaluate(
    async ({ email, password }) => {
      const { csrfToken } = (await (await fetch("/api/auth/csrf")).json()) as { csrfToken: string };
      const response = await fetch("/api/auth/callback/credentials", {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ csrfToken, email, password, json: "true" }),
        redirect: "manual",
      });
      return { status: response.status, retryAfter: response.headers.get("retry-after") };
    },
    { email, password },
  );
}
