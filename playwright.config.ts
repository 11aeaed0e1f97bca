import { existsSync } from "node:fs";
import { defineConfig, devices } from "@playwright/test";
import { MAIL_DIR, SMTP_PORT } from "./e2e/mailbox";

const PORT = Number(process.env.E2E_PORT ?? 3100);
export const BASE_URL = `http://localhost:${PORT}`;

// On PostgreSQL (DATABASE_URL=postgres://…) a second app instance serves the same database on the
// next port, for the tests under e2e/two-instances/ (a write on one instance, read live on the other).
const isPostgres = /^postgres(ql)?:\/\//.test(process.env.DATABASE_URL ?? "");
export const SECOND_BASE_URL = `http://localhost:${PORT + 1}`;

// The app instances send mail to the suite's own SMTP server (scripts/e2e-server.sh reads this).
process.env.E2E_SMTP_PORT = String(SMTP_PORT);

// Debian's Chromium (see scripts/ensure-chromium.sh); Playwright's own browser download is not
// available on our machines. Its headless shell first: on a 2-core machine the full browser's
// extra processes cost a fifth of the suite's time (first-use.spec.ts: 81 s with the full browser,
// 63 s with the shell, both without traces). The flags keep a headless Chromium off the network.
const chromiumPath =
  process.env.CHROMIUM_PATH ??
  ["/usr/bin/chromium-headless-shell", "/usr/bin/chromium"].find((path) => existsSync(path)) ??
  "/usr/bin/chromium";

// What the browser does with a page (where focus goes, a phone's layout and touch, the text's
// structure as drawn, the device's own storage offline): these files' calls to the server are the
// ones the rest of the suite makes. CI's PostgreSQL pass leaves them out, as it leaves out the
// @markup-only tests below (about 2½ minutes); E2E_ALL=1 runs them there too.
const BROWSER_SIDE_SPECS = [
  "keyboard-focus.spec.ts",
  "phone.spec.ts",
  "usability-audit.spec.ts",
  "reading-structure.spec.ts",
  "moving-highlights.spec.ts",
  "offline-device.spec.ts",
];
const isWholeSuite = !isPostgres || process.env.E2E_ALL === "1";

export default defineConfig({
  testDir: "e2e",
  fullyParallel: true,
  workers: process.env.CI ? 2 : undefined,
  retries: 0,
  forbidOnly: !!process.env.CI,
  reporter: [["list"]],
  // CI runs two workers on a 2-core machine, where every step takes about half as long again;
  // these are safety nets against a hung test, not speed checks (the benchmarks measure speed).
  timeout: process.env.CI ? 60_000 : 30_000,
  expect: { timeout: process.env.CI ? 15_000 : 10_000 },
  use: {
    baseURL: BASE_URL,
    // Recording a trace of every test costs CI an eighth of its end-to-end time, for the few that
    // fail: CI records none (a failure still leaves its screenshot and error), a local run keeps a
    // failed test's trace. E2E_TRACE=retain-on-failure (or on) records them in CI too.
    trace: (process.env.E2E_TRACE as "off" | "on" | "retain-on-failure" | undefined) ?? (process.env.CI ? "off" : "retain-on-failure"),
    screenshot: "only-on-failure",
    // The service worker (public/sw.js) installs in every new context, fetching the offline page
    // and its files, and then stands between the page and every navigation: a ninth of the suite's
    // time (five specs, 50 tests: 271-285 s against 240-244 s, two runs each). A device meets it once.
    // It is blocked here and allowed where what it does is tested, and where the core flows run
    // under it as a returning reader has them: the specs with `test.use({ serviceWorkers: "allow" })`
    // (offline-reading, offline-device, unsent-changes, phone, annotating, reading-scale).
    serviceWorkers: "block",
    launchOptions: {
      executablePath: chromiumPath,
      args: ["--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-gpu"],
    },
  },
  projects: [
    {
      name: "chromium",
      use: { ...devices["Desktop Chrome"] },
      testIgnore: ["two-instances/**", "faults-last/**", ...(isWholeSuite ? [] : BROWSER_SIDE_SPECS)],
      // Tests tagged MARKUP_ONLY (e2e/fixtures.ts: axe scans, reflow, screenshots, the API reference
      // page) check what pages render, which no database changes: the SQLite pass runs them, CI's
      // PostgreSQL pass leaves them out (~3 minutes of test time). E2E_ALL=1 runs them on PostgreSQL too.
      grepInvert: isWholeSuite ? undefined : /@markup-only/,
    },
    // After everything else: these tests take writing away from the whole database, or load the machine.
    {
      name: "faults-last",
      use: { ...devices["Desktop Chrome"] },
      testMatch: "faults-last/**/*.spec.ts",
      dependencies: ["chromium"],
      // One at a time: each of them alone is what it claims to survive.
      workers: 1,
    },
    // After everything else: one of these tests stops PostgreSQL under a live session.
    ...(isPostgres
      ? [
          {
            name: "two-instances",
            use: { ...devices["Desktop Chrome"] },
            testMatch: "two-instances/**/*.spec.ts",
            // Not beside the crash and load tests: a stopped PostgreSQL would be theirs to survive too.
            dependencies: ["faults-last"],
            workers: 1,
          },
        ]
      : []),
  ],
  webServer: [
    {
      // A real SMTP server that keeps every mail for the specs to read (e2e/mailbox.ts).
      command: `npx tsx scripts/e2e-mail-server.ts ${SMTP_PORT} ${MAIL_DIR}`,
      port: SMTP_PORT,
      timeout: 60_000,
      reuseExistingServer: false,
      stdout: "pipe",
      stderr: "pipe",
    },
    {
      // A production build against its own fresh database (scripts/e2e-server.sh).
      command: `bash scripts/e2e-server.sh ${PORT}`,
      url: `${BASE_URL}/api/auth/csrf`,
      timeout: 120_000,
      reuseExistingServer: false,
      stdout: "pipe",
      stderr: "pipe",
    },
    ...(isPostgres
      ? [
          {
            command: `bash scripts/e2e-server.sh ${PORT + 1} join ${BASE_URL}`,
            url: `${SECOND_BASE_URL}/api/auth/csrf`,
            timeout: 180_000,
            reuseExistingServer: false,
            stdout: "pipe" as const,
            stderr: "pipe" as const,
          },
        ]
      : []),
  ],
});
