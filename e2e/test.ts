// The suite's `test`: Playwright's, with one fixture every test gets. Specs import `test` and
// `expect` from here, not from "@playwright/test" (eslint.config.mjs holds them to it).
import { test as playwrightTest } from "@playwright/test";

export * from "@playwright/test";

export const test = playwrightTest.extend<{ closeContextsAfterTest: void }>({
  /**
   * Closes the browser contexts a test opened itself (createPerson's, `browser.newContext()`'s)
   * when it ends, as Playwright closes its own `context`. Left open, they stayed in the worker's
   * Chromium until the worker ended, live streams and timers running: 15 pages in one worker's
   * browser when a test failed under that load. Contexts made in a `beforeAll` existed before the
   * test began and are left to the tests that share them. Closing runs Playwright's own steps for
   * a closing context, so a failed test still gets a screenshot of each page.
   */
  closeContextsAfterTest: [
    async ({ browser }, use) => {
      const openBefore = new Set(browser.contexts());
      await use();
      await Promise.all(browser.contexts().map((context) => (openBefore.has(context) ? undefined : context.close())));
    },
    { auto: true },
  ],
});
