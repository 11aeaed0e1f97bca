import { createPerson } from "./factories";
import { MARKUP_ONLY } from "./fixtures";
import { expect, test } from "./test";

// The suite's own `test` (e2e/test.ts) closes what each test opened: one test's people and pages
// do not stay in the worker's browser through the tests after it. Serial, so both run in order in
// one worker, with one browser.
test.describe("the browser contexts a test opens", { tag: MARKUP_ONLY }, () => {
  test.describe.configure({ mode: "serial" });

  test("are open while it runs", async ({ browser }) => {
    const person = await createPerson(browser);
    const other = await browser.newContext();
    expect(browser.contexts()).toEqual(expect.arrayContaining([person.context, other]));
  });

  test("are closed once it ends", async ({ browser }) => {
    expect(browser.contexts()).toEqual([]);
  });
});
