// The suite's `test`: Playwright's, with one fixture every test gets. Specs import `test` and
// `expect` from here, not from "@playwright/test" (eslint.config.mjs holds them to it).
import { test as playwrightTest, type BrowserContext } from "@playwright/test";

export * from "@playwright/test";

const keptAcrossTests = new WeakSet<BrowserContext>();

/**
 * A context a worker-scoped fixture shares between tests (e2e/api-annotations.spec.ts's matrix
 * readers): made during the first test that asks for it, it is left open when that test ends.
 */
export function keepAcrossTests(context: BrowserContext): BrowserContext {
  keptAcrossTests.add(context);
  return context;
}

export const test = playwrightTest.extend<{ closeContextsAfterTest: void }>({
  /**
   * Closes the browser contexts a test opened itself (createPerson's, `browser.newContext()`'s)
   * when it ends, as Playwright closes its own `context`. Left open, they stayed in the worker's
   * Chromium until the worker ended, live streams and timers running: 15 pages in one worker's
   * browser when a test failed under that load. Contexts made in a `beforeAll` existed before the
   * test began and are left to the tests that share them, as are those a worker's fixture keeps
   * (keepAcrossTests). Closing runs Playwright's own steps for
   * a closing context, so a failed test still gets a screenshot of each page.
   */
  closeContextsAfterTest: [
    async ({ browser }, use) => {
      const openBefore = new Set(browser.contexts());
      await use();
      const isKept = (context: BrowserContext) => openBefore.has(context) || keptAcrossTests.has(context);
      await Promise.all(browser.contexts().map((context) => (isKept(context) ? undefined : context.close())));
    },
    { auto: true },
  ],
});
