// The JavaScript budget (perf/js-budget.json): every page's first-load JS, measured from the
// production build this suite runs against (scripts/lib/first-load-js.ts), within its budget.
// `npm run bench:js` prints the same figures beside a blank Next.js page.
import path from "node:path";
import { expect, test } from "./test";
import { budgetKiBFor, kib, measureFirstLoadJs, readBudget } from "@/scripts/lib/first-load-js";
import { createPerson } from "./factories";
import { ARTICLE_PATH } from "./fixtures";

const root = path.join(__dirname, "..");
const routes = measureFirstLoadJs(path.join(root, ".next"));
const budget = readBudget(path.join(root, "perf", "js-budget.json"));

test("the build has the pages the budget speaks of", () => {
  const built = new Set(routes.map((route) => route.route));
  expect(built).toContain("/read/[slug]");
  expect(built).toContain("/");
  for (const route of Object.keys(budget.routes)) expect(built, `${route} in perf/js-budget.json`).toContain(route);
});

for (const { route, gzipBytes, files } of routes) {
  test(`first-load JS of ${route} is within its budget`, () => {
    const limit = budgetKiBFor(budget, route);
    expect(
      kib(gzipBytes),
      `${route}: ${files.length} files, ${kib(gzipBytes).toFixed(1)} KiB gzip; budget ${limit} KiB`,
    ).toBeLessThanOrEqual(limit);
  });
}

// The measurement itself: what the reading page's HTML loads is exactly what the manifests listed —
// its script tags, and the chunks its inline React Server Components payload names (the client
// components of its layouts, such as app/error.tsx's boundary, which the browser loads as it
// hydrates). Read from the HTML the server sends: chunks loaded lazily after hydration (the
// sidebar's cards, the offline storage code on demand) are not first-load JavaScript, and the live
// DOM would list them.
test("the files counted for the reading page are the scripts its HTML loads", async ({ browser }) => {
  const reader = await createPerson(browser, "js-budget");
  const html = await (await reader.context.request.get(ARTICLE_PATH)).text();
  // Parsed, not run: DOMParser executes no script.
  const loaded = await reader.page.evaluate((source) => {
    const scripts = [...new DOMParser().parseFromString(source, "text/html").querySelectorAll<HTMLScriptElement>("script")];
    const tagged = scripts.filter((script) => script.src && !script.hasAttribute("nomodule")).map((script) => script.getAttribute("src")!);
    const named = scripts
      .filter((script) => !script.src)
      .flatMap((script) => script.textContent!.match(/\/_next\/static\/chunks\/[\w.-]+\.js/g) ?? []);
    return [...tagged, ...named].map((file) => file.replace(/^\/_next\//, "").replace(/\?.*$/, ""));
  }, html);
  const counted = routes.find((route) => route.route === "/read/[slug]")!.files;
  expect([...new Set(loaded)].sort()).toEqual(counted);
  await reader.context.close();
});
