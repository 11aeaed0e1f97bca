import { createPerson } from "./factories";
import { MARKUP_ONLY } from "./fixtures";
import { expect, test, type BrowserContext } from "./test";

// The suite's own `test` (e2e/test.ts) closes what each test opens: one test's people and pages
// do not stay in the worker's browser through the tests after it. Serial, so both run in order in
// one worker, with one browser. (Contexts an earlier file made in its beforeAll may still be open
// in that browser: they are not this test's to count.)
test.describe("the browser contexts a test opens", { tag: MARKUP_ONLY }, () => {
  test.describe.configure({ mode: "serial" });
  let opened: BrowserContext[] = [];

  test("are open while it runs", async ({ browser }) => {
    const person = await createPerson(browser);
    const other = await browser.newContext();
    opened = [person.context, other];
    expect(browser.contexts()).toEqual(expect.arrayContaining(opened));
  });

  test("are closed once it ends", async ({ browser }) => {
    expect(opened).toHaveLength(2);
    for (const context of opened) expect(browser.contexts()).not.toContain(context);
  });
});
