import { expect, test } from "./test";
import { ARTICLE_PATH, expectNoAxeViolations, MARKUP_ONLY, newUser, signUp } from "./fixtures";

// Every rule in the light theme; the dark theme's scan of the same pages checks its colours.
for (const colorScheme of ["light", "dark"] as const) {
  const coloursOnly = colorScheme === "dark";
  test.describe(`axe-core, ${colorScheme} theme`, { tag: MARKUP_ONLY }, () => {
    test.use({ colorScheme });

    for (const [name, path] of [
      ["library", "/"],
      ["reading", ARTICLE_PATH],
      ["sign in", "/signin"],
      ["sign up", "/signup"],
      ["forgot password", "/forgot-password"],
      ["API reference", "/api-reference"],
    ] as const) {
      test(`${name} page has no violations`, async ({ page }) => {
        // The reference lists every operation (70 with assignments): axe's whole scan alone takes 20–24 s on a loaded 2-core machine.
        if (path === "/api-reference" && !coloursOnly) test.slow();
        await page.goto(path);
        await expectNoAxeViolations(page, { coloursOnly });
      });
    }

    test("sign-up page with every error showing has no violations", async ({ page }) => {
      await page.goto("/signup");
      await page.getByRole("button", { name: "Create account" }).click();
      await expect(page.getByText("Enter your name.")).toBeVisible();
      await expectNoAxeViolations(page, { coloursOnly });
    });

    test("account page, signed in, has no violations", async ({ page }) => {
      await signUp(page, newUser());
      await page.goto("/account");
      await expectNoAxeViolations(page, { coloursOnly });
    });
  });
}

test("the theme follows the system setting", async ({ browser }) => {
  const background = async (colorScheme: "light" | "dark") => {
    const context = await browser.newContext({ colorScheme });
    const page = await context.newPage();
    await page.goto(ARTICLE_PATH);
    const color = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    await context.close();
    return color;
  };
  expect(await background("light")).toBe("rgb(251, 250, 247)");
  expect(await background("dark")).toBe("rgb(22, 21, 19)");
});

test("keyboard alone: skip link, then every control in a sensible order", async ({ page }) => {
  await page.goto(ARTICLE_PATH);
  await page.keyboard.press("Tab");
  const skip = page.getByRole("link", { name: "Skip to content" });
  await expect(skip).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(page.locator("main")).toBeFocused();

  await page.goto("/signin");
  await page.keyboard.press("Tab"); // skip link
  const order: string[] = [];
  for (let step = 0; step < 7; step++) {
    await page.keyboard.press("Tab");
    order.push(
      await page.evaluate(() => {
        const element = document.activeElement as HTMLInputElement;
        return element.getAttribute("aria-label") ?? element.labels?.[0]?.textContent ?? element.textContent ?? "";
      }),
    );
  }
  expect(order).toEqual(["Marginalia", "Library", "Sign in", "Sign up", "Email", "Password", "Sign in"]);
});
