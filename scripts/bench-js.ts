// Benchmark: first-load JavaScript of every page of the production build, beside a blank Next.js
// App Router page (perf/blank-app/) built now with the same Next.js, and each route's budget
// (perf/js-budget.json; npm test holds the build to it in e2e/js-budget.spec.ts).
// Usage: npm run build && npm run bench:js
import { execFileSync } from "node:child_process";
import { statSync } from "node:fs";
import path from "node:path";
import { budgetKiBFor, kib, measureFirstLoadJs, readBudget } from "./lib/first-load-js";

const root = process.cwd();
const blankDir = path.join(root, "perf", "blank-app");
const nextBin = path.join(root, "node_modules", "next", "dist", "bin", "next");

const builtAt = statSync(path.join(root, ".next", "BUILD_ID")).mtime;
console.log(`app build: .next from ${builtAt.toISOString()} (run \`npm run build\` first for current figures)`);
console.log("building the blank page (perf/blank-app) …");
execFileSync(process.execPath, [nextBin, "build", blankDir], {
  stdio: ["ignore", "ignore", "inherit"],
  env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" },
});

const blank = measureFirstLoadJs(path.join(blankDir, ".next")).find((route) => route.route === "/");
if (!blank) throw new Error("The blank app built no / page.");
const routes = measureFirstLoadJs(path.join(root, ".next"));
const budget = readBudget(path.join(root, "perf", "js-budget.json"));

const cell = (text: string, width: number, right = true) => (right ? text.padStart(width) : text.padEnd(width));
const widest = Math.max(...routes.map((route) => route.route.length), 22);
console.log(
  `\n${cell("route", widest, false)}  ${cell("gzip KiB", 8)}  ${cell("raw KiB", 8)}  ${cell("files", 5)}  ${cell("over blank", 10)}  ${cell("budget", 6)}  within`,
);
const row = (name: string, gzipBytes: number, rawBytes: number, files: number, limit: string, within: string) =>
  console.log(
    `${cell(name, widest, false)}  ${cell(kib(gzipBytes).toFixed(1), 8)}  ${cell(kib(rawBytes).toFixed(1), 8)}  ${cell(String(files), 5)}  ${cell(
      `+${kib(gzipBytes - blank.gzipBytes).toFixed(1)}`,
      10,
    )}  ${cell(limit, 6)}  ${within}`,
  );
row("blank Next page (floor)", blank.gzipBytes, blank.rawBytes, blank.files.length, "", "");
let over = 0;
for (const route of routes) {
  const limit = budgetKiBFor(budget, route.route);
  const isWithin = kib(route.gzipBytes) <= limit;
  if (!isWithin) over += 1;
  row(route.route, route.gzipBytes, route.rawBytes, route.files.length, String(limit), isWithin ? "yes" : "NO");
}
console.log(`\n${routes.length} routes, ${over} over budget. KiB = 1,024 bytes, gzip -9; noModule polyfills not counted.`);
process.exitCode = over > 0 ? 1 : 0;
